import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Contest } from '../contests/contest.entity';
import { School } from '../registry/school.entity';

export type EntrantListState = 'draft' | 'submitted';

/**
 * A school's preliminary entrant list for one contest: its submission state and the deadline
 * extension the district granted it. The list itself is computed from the registry while in
 * draft; on submission its entrants are written to `round_entrants` (round 'preliminary').
 * The row is created by the first act on the list (upload, exemption, submission, extension);
 * a school without a row has not started.
 */
@Entity({ name: 'entrant_lists' })
@Index('UQ_entrant_lists_contest_school', ['contestId', 'schoolId'], { unique: true })
export class EntrantList {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'contest_id', type: 'integer' })
  contestId: number;

  @ManyToOne(() => Contest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contest_id', foreignKeyConstraintName: 'FK_entrant_lists_contest' })
  contest?: Contest;

  @Column({ name: 'school_id', type: 'integer' })
  schoolId: number;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id', foreignKeyConstraintName: 'FK_entrant_lists_school' })
  school?: School;

  @Column({ type: 'varchar', length: 16 })
  state: EntrantListState;

  /** The school's first act on the list (null: only the district has acted, e.g. an extension). */
  @Column({ name: 'started_at', type: 'varchar', length: 32, nullable: true })
  startedAt: string | null;

  @Column({ name: 'submitted_at', type: 'varchar', length: 32, nullable: true })
  submittedAt: string | null;

  @Column({ name: 'submitted_by', type: 'varchar', length: 100, nullable: true })
  submittedBy: string | null;

  /** How many times the list was submitted (a reopened list is submitted again). */
  @Column({ type: 'integer' })
  submissions: number;

  @Column({ name: 'reopened_at', type: 'varchar', length: 32, nullable: true })
  reopenedAt: string | null;

  @Column({ name: 'reopened_by', type: 'varchar', length: 100, nullable: true })
  reopenedBy: string | null;

  /** The school's own deadline granted by the district ('YYYY-MM-DD', inclusive); null: none. */
  @Column({ name: 'extended_to', type: 'varchar', length: 10, nullable: true })
  extendedTo: string | null;

  @Column({ name: 'extension_reason', type: 'varchar', length: 500, nullable: true })
  extensionReason: string | null;

  @Column({ name: 'extended_by', type: 'varchar', length: 100, nullable: true })
  extendedBy: string | null;

  @Column({ name: 'extended_at', type: 'varchar', length: 32, nullable: true })
  extendedAt: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt: string;
}
