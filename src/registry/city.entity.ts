import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The city (市): the education bureau that runs this installation. One installation serves one
 * city, so the table holds at most one row; districts belong to it implicitly.
 */
@Entity({ name: 'cities' })
@Index('UQ_cities_code', ['code'], { unique: true })
export class City {
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
