import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Contest } from '../contests/contest.entity';
import { School } from '../registry/school.entity';
import { Teacher } from '../registry/teacher.entity';

export const EXEMPTION_KINDS = ['near-retirement', 'health'] as const;
export type ExemptionKind = (typeof EXEMPTION_KINDS)[number];

/**
 * applied → school-reviewed → approved | rejected (the district), or applied/school-reviewed →
 * withdrawn (the school). Only 'approved' exempts the teacher.
 */
export const EXEMPTION_STATES = ['applied', 'school-reviewed', 'approved', 'rejected', 'withdrawn'] as const;
export type ExemptionState = (typeof EXEMPTION_STATES)[number];

/** States in which an application is still open (blocks a second one and the submission). */
export const PENDING_EXEMPTION_STATES: ExemptionState[] = ['applied', 'school-reviewed'];

/**
 * An application for exemption from the contest (免赛, RULES §2): the teacher applies through the
 * school, the school reviews, the district approves or rejects. Every step keeps who, when and
 * why in its own columns (and in the audit log).
 */
@Entity({ name: 'exemptions' })
@Index('IDX_exemptions_contest_school', ['contestId', 'schoolId'])
@Index('IDX_exemptions_contest_teacher', ['contestId', 'teacherId'])
export class Exemption {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'contest_id', type: 'integer' })
  contestId: number;

  @ManyToOne(() => Contest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contest_id', foreignKeyConstraintName: 'FK_exemptions_contest' })
  contest?: Contest;

  @Column({ name: 'teacher_id', type: 'integer' })
  teacherId: number;

  @ManyToOne(() => Teacher, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'teacher_id', foreignKeyConstraintName: 'FK_exemptions_teacher' })
  teacher?: Teacher;

  /** The teacher's school when the application was made. */
  @Column({ name: 'school_id', type: 'integer' })
  schoolId: number;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id', foreignKeyConstraintName: 'FK_exemptions_school' })
  school?: School;

  @Column({ type: 'varchar', length: 16 })
  kind: ExemptionKind;

  @Column({ type: 'varchar', length: 500 })
  note: string;

  @Column({ type: 'varchar', length: 16 })
  state: ExemptionState;

  @Column({ name: 'applied_by', type: 'varchar', length: 100 })
  appliedBy: string;

  @Column({ name: 'applied_at', type: 'varchar', length: 32 })
  appliedAt: string;

  @Column({ name: 'reviewed_by', type: 'varchar', length: 100, nullable: true })
  reviewedBy: string | null;

  @Column({ name: 'reviewed_at', type: 'varchar', length: 32, nullable: true })
  reviewedAt: string | null;

  @Column({ name: 'review_note', type: 'varchar', length: 500, nullable: true })
  reviewNote: string | null;

  /** The district's decision (approve/reject) or the school's withdrawal. */
  @Column({ name: 'decided_by', type: 'varchar', length: 100, nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'varchar', length: 32, nullable: true })
  decidedAt: string | null;

  @Column({ name: 'decision_reason', type: 'varchar', length: 500, nullable: true })
  decisionReason: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt: string;
}
