import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { GroupCode, RoundCode } from '../domain/preset';
import { Contest } from '../contests/contest.entity';
import { Teacher } from '../registry/teacher.entity';

/** How an entrant got into the round. */
export type EntrantSource =
  | 'all-staff' // preliminary: every eligible teacher of the school (全员参赛)
  | 'recommended' // recommended by the lower level (推荐)
  | 'drawn' // drawn at random by the upper level (抽取)
  | 'reserve' // a reserve who took a drawn place (递补)
  | 're-recommended'; // recommended again after a recommended entrant withdrew

export type EntrantStatus = 'active' | 'withdrawn' | 'disqualified';

/**
 * One teacher in one round of one contest: the shared unit of entrant lists (preliminary),
 * judging panels, results, recommendations and the draw. The `code` is the ASCII entrant code
 * used in draw pools and public lists (`T` + the teacher id, zero-padded: the same in every round).
 * School and district are copied at entry so that a later transfer does not move an entrant.
 */
@Entity({ name: 'round_entrants' })
@Index('UQ_round_entrants_teacher', ['contestId', 'round', 'teacherId'], { unique: true })
@Index('UQ_round_entrants_code', ['contestId', 'round', 'code'], { unique: true })
@Index('IDX_round_entrants_school', ['contestId', 'round', 'schoolId'])
@Index('IDX_round_entrants_district', ['contestId', 'round', 'districtId'])
export class RoundEntrant {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'contest_id', type: 'integer' })
  contestId: number;

  @ManyToOne(() => Contest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contest_id', foreignKeyConstraintName: 'FK_round_entrants_contest' })
  contest?: Contest;

  @Column({ type: 'varchar', length: 16 })
  round: RoundCode;

  @Column({ name: 'teacher_id', type: 'integer' })
  teacherId: number;

  @ManyToOne(() => Teacher, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'teacher_id', foreignKeyConstraintName: 'FK_round_entrants_teacher' })
  teacher?: Teacher;

  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ name: 'school_id', type: 'integer' })
  schoolId: number;

  @Column({ name: 'district_id', type: 'integer' })
  districtId: number;

  @Column({ type: 'varchar', length: 32 })
  subject: string;

  @Column({ name: 'group_code', type: 'varchar', length: 16 })
  groupCode: GroupCode;

  @Column({ type: 'varchar', length: 16 })
  source: EntrantSource;

  @Column({ type: 'varchar', length: 16 })
  status: EntrantStatus;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt: string;
}

/** The entrant code of a teacher (ASCII, valid in a draw pool). */
export function entrantCode(teacherId: number): string {
  return 'T' + String(teacherId).padStart(6, '0');
}
