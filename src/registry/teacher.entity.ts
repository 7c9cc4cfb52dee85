import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { AwardLevel, AwardPrize } from '../domain/groups';
import type { Gender, Stage } from '../domain/preset';
import { School } from './school.entity';

export interface PriorAward {
  year: number;
  level: AwardLevel;
  prize: AwardPrize;
}

/**
 * A teacher. Birth date and gender are derived from the ID number, never typed; `stage` is the
 * stage the teacher competes in (the school's, or the teacher's own at a nine-year school).
 */
@Entity({ name: 'teachers' })
@Index('UQ_teachers_id_number', ['idNumber'], { unique: true })
@Index('IDX_teachers_school_id', ['schoolId'])
@Index('IDX_teachers_subject', ['subject'])
@Index('IDX_teachers_birth_date', ['birthDate'])
export class Teacher {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 50 })
  name: string;

  /** 18 characters, check character upper-case. */
  @Column({ name: 'id_number', type: 'varchar', length: 18 })
  idNumber: string;

  /** 'YYYY-MM-DD', from the ID number. */
  @Column({ name: 'birth_date', type: 'varchar', length: 10 })
  birthDate: string;

  @Column({ type: 'varchar', length: 8 })
  gender: Gender;

  @Column({ type: 'varchar', length: 16 })
  stage: Stage;

  /** A subject code of the contest's subject list. */
  @Column({ type: 'varchar', length: 32 })
  subject: string;

  @Column({ name: 'school_id', type: 'integer' })
  schoolId: number;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id', foreignKeyConstraintName: 'FK_teachers_school' })
  school?: School;

  /** Transferred to a school in the district seat (excluded from the contest). */
  @Column({ name: 'transferred_to_seat', type: 'boolean' })
  transferredToSeat: boolean;

  @Column({ name: 'prior_awards', type: 'simple-json' })
  priorAwards: PriorAward[];

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt: string;
}
