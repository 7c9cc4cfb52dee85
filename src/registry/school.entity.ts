import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { SchoolStage } from '../domain/preset';
import { District } from './district.entity';

export const SCHOOL_STAGES: SchoolStage[] = ['primary', 'junior', 'nine-year'];

/** A school (学校): central (中心校) or not, possibly in the district seat (区政府所在地). */
@Entity({ name: 'schools' })
@Index('UQ_schools_code', ['code'], { unique: true })
@Index('IDX_schools_district_id', ['districtId'])
export class School {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ name: 'district_id', type: 'integer' })
  districtId: number;

  @ManyToOne(() => District, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'district_id', foreignKeyConstraintName: 'FK_schools_district' })
  district?: District;

  @Column({ type: 'varchar', length: 16 })
  stage: SchoolStage;

  @Column({ name: 'is_central', type: 'boolean' })
  isCentral: boolean;

  @Column({ name: 'in_district_seat', type: 'boolean' })
  inDistrictSeat: boolean;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt: string;
}
