import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A district or county (区/县) and its education bureau. */
@Entity({ name: 'districts' })
@Index('UQ_districts_code', ['code'], { unique: true })
export class District {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt: string;
}
