import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { RoundCode } from '../domain/preset';
import { RoundEntrant } from './round-entrant.entity';

/**
 * An entrant's result in a round: the aggregate of the judges' submitted sheets (RULES §3),
 * written when the panel is locked. "Took part" (RULES §4 draw pool) means: has a result.
 * Totals are held as integer hundredths (the published two-decimal figures) plus the text.
 */
@Entity({ name: 'round_results' })
@Index('UQ_round_results_entrant', ['entrantId'], { unique: true })
@Index('IDX_round_results_round', ['contestId', 'round'])
export class RoundResult {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'contest_id', type: 'integer' })
  contestId: number;

  @Column({ type: 'varchar', length: 16 })
  round: RoundCode;

  /** round_entrants.id */
  @Column({ name: 'entrant_id', type: 'integer' })
  entrantId: number;

  @ManyToOne(() => RoundEntrant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'entrant_id', foreignKeyConstraintName: 'FK_round_results_entrant' })
  entrant?: RoundEntrant;

  /** The published total in hundredths (8098 = 80.98). */
  @Column({ name: 'total_hundredths', type: 'integer' })
  totalHundredths: number;

  /** '80.98' */
  @Column({ type: 'varchar', length: 16 })
  total: string;

  /** Per-item statistic in hundredths, in sheet order. */
  @Column({ name: 'item_hundredths', type: 'simple-json' })
  itemHundredths: number[];

  /** The sheet's item keys, in the same order. */
  @Column({ name: 'item_keys', type: 'simple-json' })
  itemKeys: string[];

  @Column({ type: 'integer' })
  judges: number;

  @Column({ type: 'varchar', length: 16 })
  method: string;

  /** The panel that produced it (null when entered another way). */
  @Column({ name: 'panel_id', type: 'integer', nullable: true })
  panelId: number | null;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt: string;
}
