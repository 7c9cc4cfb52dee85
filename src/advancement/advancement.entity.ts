/**
 * Advancement: allocations of places (RULES §4), the units' recommendations, the draw
 * ceremony (`contest-draw/1`) and the replacements after a withdrawal or disqualification.
 * JSON payloads are stored as text (the draw record as its exact published JSON text).
 */
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Contest } from '../contests/contest.entity';
import { RoundEntrant } from '../contestants/round-entrant.entity';
import type { QuotaReport } from '../domain/quotas';

/** The round places are allocated for: semi-final (district → schools) or final (city → districts). */
export type TargetRound = 'semifinal' | 'final';

/** One unit of an allocation: the school (semi-final) or district (final) behind a report line. */
export interface AllocationUnit {
  unitId: number;
  code: string;
  name: string;
}

@Entity({ name: 'adv_allocations' })
@Index('UQ_adv_allocations_scope', ['contestId', 'round', 'scopeKey'], { unique: true })
export class Allocation {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;

  @Column({ name: 'contest_id', type: 'integer' }) contestId: number;
  @ManyToOne(() => Contest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contest_id', foreignKeyConstraintName: 'FK_adv_allocations_contest' })
  contest?: Contest;

  @Column({ type: 'varchar', length: 16 }) round: TargetRound;
  /** 'district:<id>' for a semi-final allocation, 'city' for the final. */
  @Column({ name: 'scope_key', type: 'varchar', length: 32 }) scopeKey: string;
  /** The district whose schools share the semi-final places (null for the final). */
  @Column({ name: 'district_id', type: 'integer', nullable: true }) districtId: number | null;
  /** The RULES §4 report (domain allocate()), units in `units` order. */
  @Column({ type: 'simple-json' }) report: QuotaReport;
  @Column({ type: 'simple-json' }) units: AllocationUnit[];
  /** Last day (inclusive, contest time zone) for the units' recommendations. */
  @Column({ name: 'recommendation_deadline', type: 'varchar', length: 10 }) recommendationDeadline: string;
  @Column({ name: 'created_by', type: 'varchar', length: 100 }) createdBy: string;
  @Column({ name: 'created_at', type: 'varchar', length: 32 }) createdAt: string;
  @Column({ name: 'updated_at', type: 'varchar', length: 32 }) updatedAt: string;
}

/** One recommended entrant (a round_entrants row of the previous round) of one unit. */
@Entity({ name: 'adv_recommendations' })
@Index('UQ_adv_recommendations_entrant', ['allocationId', 'entrantId'], { unique: true })
export class Recommendation {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;

  @Column({ name: 'allocation_id', type: 'integer' }) allocationId: number;
  @ManyToOne(() => Allocation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'allocation_id', foreignKeyConstraintName: 'FK_adv_recommendations_allocation' })
  allocation?: Allocation;

  @Column({ name: 'unit_id', type: 'integer' }) unitId: number;

  @Column({ name: 'entrant_id', type: 'integer' }) entrantId: number;
  @ManyToOne(() => RoundEntrant, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'entrant_id', foreignKeyConstraintName: 'FK_adv_recommendations_entrant' })
  entrant?: RoundEntrant;

  @Column({ name: 'created_by', type: 'varchar', length: 100 }) createdBy: string;
  @Column({ name: 'created_at', type: 'varchar', length: 32 }) createdAt: string;
}

export type DrawState = 'frozen' | 'announced' | 'entropy' | 'run' | 'published';

/** A unit of the frozen draw: pool size n and drawn places d (the candidates are in the snapshot text). */
export interface DrawUnit {
  unitId: number;
  code: string;
  name: string;
  n: number;
  d: number;
}

/** A unit with its candidates (entrant codes), as frozen into the snapshot. */
export interface DrawPoolUnit extends DrawUnit {
  pool: string[];
}

/** The ceremony of one allocation: every step irreversible and timestamped. */
@Entity({ name: 'adv_draws' })
@Index('UQ_adv_draws_allocation', ['allocationId'], { unique: true })
export class Draw {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;

  @Column({ name: 'allocation_id', type: 'integer' }) allocationId: number;
  @ManyToOne(() => Allocation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'allocation_id', foreignKeyConstraintName: 'FK_adv_draws_allocation' })
  allocation?: Allocation;

  @Column({ name: 'contest_id', type: 'integer' }) contestId: number;
  @Column({ type: 'varchar', length: 16 }) round: TargetRound;
  @Column({ name: 'scope_key', type: 'varchar', length: 32 }) scopeKey: string;
  /** Who runs it, for the pages: the district's or the city's name. */
  @Column({ name: 'scope_name', type: 'varchar', length: 100 }) scopeName: string;
  @Column({ type: 'varchar', length: 16 }) state: DrawState;
  /** The pool snapshot text (RULES §4 step 1) and its sha256. */
  @Column({ type: 'text' }) pool: string;
  @Column({ name: 'pool_hash', type: 'varchar', length: 64 }) poolHash: string;
  /** Per unit n and d; the candidates are read back from `pool`, the hashed snapshot itself. */
  @Column({ type: 'simple-json' }) units: DrawUnit[];
  @Column({ name: 'entropy_sources', type: 'simple-json', nullable: true }) entropySources: { name: string; description: string }[] | null;
  @Column({ type: 'simple-json', nullable: true }) entropy: string[] | null;
  /** The `contest-draw/1` record, the exact JSON text published (same layout as the CLI's). */
  @Column({ type: 'text', nullable: true }) record: string | null;
  @Column({ name: 'frozen_at', type: 'varchar', length: 32 }) frozenAt: string;
  @Column({ name: 'frozen_by', type: 'varchar', length: 100 }) frozenBy: string;
  @Column({ name: 'announced_at', type: 'varchar', length: 32, nullable: true }) announcedAt: string | null;
  @Column({ name: 'announced_by', type: 'varchar', length: 100, nullable: true }) announcedBy: string | null;
  @Column({ name: 'entropy_at', type: 'varchar', length: 32, nullable: true }) entropyAt: string | null;
  @Column({ name: 'entropy_by', type: 'varchar', length: 100, nullable: true }) entropyBy: string | null;
  @Column({ name: 'run_at', type: 'varchar', length: 32, nullable: true }) runAt: string | null;
  @Column({ name: 'run_by', type: 'varchar', length: 100, nullable: true }) runBy: string | null;
  @Column({ name: 'published_at', type: 'varchar', length: 32, nullable: true }) publishedAt: string | null;
  @Column({ name: 'published_by', type: 'varchar', length: 100, nullable: true }) publishedBy: string | null;
  /** The audit chain head at publication (the draw.publish entry), printed on the public record. */
  @Column({ name: 'audit_seq', type: 'integer', nullable: true }) auditSeq: number | null;
  @Column({ name: 'audit_hash', type: 'varchar', length: 64, nullable: true }) auditHash: string | null;
  @Column({ name: 'created_at', type: 'varchar', length: 32 }) createdAt: string;
  @Column({ name: 'updated_at', type: 'varchar', length: 32 }) updatedAt: string;
}

/**
 * A withdrawal or disqualification of an advanced entrant and how the place was filled:
 * a drawn place by the unit's next unused reserve, a recommended place by a re-recommendation
 * of the unit before `deadline`.
 */
@Entity({ name: 'adv_replacements' })
@Index('IDX_adv_replacements_draw', ['drawId'])
export class Replacement {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;

  @Column({ name: 'draw_id', type: 'integer' }) drawId: number;
  @ManyToOne(() => Draw, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'draw_id', foreignKeyConstraintName: 'FK_adv_replacements_draw' })
  draw?: Draw;

  @Column({ name: 'unit_id', type: 'integer' }) unitId: number;
  @Column({ name: 'unit_code', type: 'varchar', length: 32 }) unitCode: string;

  /** The withdrawn entrant (a round_entrants row of the draw's round). */
  @Column({ name: 'withdrawn_entrant_id', type: 'integer' }) withdrawnEntrantId: number;
  @ManyToOne(() => RoundEntrant, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'withdrawn_entrant_id', foreignKeyConstraintName: 'FK_adv_replacements_withdrawn' })
  withdrawnEntrant?: RoundEntrant;

  @Column({ type: 'varchar', length: 16 }) kind: 'withdrawn' | 'disqualified';
  @Column({ type: 'varchar', length: 500 }) reason: string;
  /** The kind of place that fell free. */
  @Column({ type: 'varchar', length: 16 }) place: 'recommended' | 'drawn';
  /** Last day to re-recommend (recommended places only). */
  @Column({ type: 'varchar', length: 10, nullable: true }) deadline: string | null;

  @Column({ name: 'replacement_entrant_id', type: 'integer', nullable: true }) replacementEntrantId: number | null;
  @ManyToOne(() => RoundEntrant, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'replacement_entrant_id', foreignKeyConstraintName: 'FK_adv_replacements_replacement' })
  replacementEntrant?: RoundEntrant;

  @Column({ name: 'withdrawn_by', type: 'varchar', length: 100 }) withdrawnBy: string;
  @Column({ name: 'withdrawn_at', type: 'varchar', length: 32 }) withdrawnAt: string;
  @Column({ name: 'replaced_by', type: 'varchar', length: 100, nullable: true }) replacedBy: string | null;
  @Column({ name: 'replaced_at', type: 'varchar', length: 32, nullable: true }) replacedAt: string | null;
}
