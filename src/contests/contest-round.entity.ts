import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { RoundCode } from '../domain/preset';
import { Contest } from './contest.entity';

export const ROUND_CODES: RoundCode[] = ['preliminary', 'semifinal', 'final'];

/** One of a contest's three rounds, with its dates ('YYYY-MM-DD') and deadline. */
@Entity({ name: 'contest_rounds' })
@Index('UQ_contest_rounds_contest_code', ['contestId', 'code'], { unique: true })
export class ContestRound {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'contest_id', type: 'integer' })
  contestId: number;

  @ManyToOne(() => Contest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contest_id', foreignKeyConstraintName: 'FK_contest_rounds_contest' })
  contest?: Contest;

  @Column({ type: 'varchar', length: 16 })
  code: RoundCode;

  @Column({ type: 'varchar', length: 50 })
  name: string;

  /** Who runs it: school, district or city. */
  @Column({ type: 'varchar', length: 16 })
  organiser: 'school' | 'district' | 'city';

  /** First day the round is held (null: not scheduled yet). */
  @Column({ name: 'starts_on', type: 'varchar', length: 10, nullable: true })
  startsOn: string | null;

  /** Last day the round is held (null: not scheduled yet). */
  @Column({ name: 'ends_on', type: 'varchar', length: 10, nullable: true })
  endsOn: string | null;

  /** Last day for the round's entrant list / results (inclusive). */
  @Column({ type: 'varchar', length: 10 })
  deadline: string;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt: string;
}
