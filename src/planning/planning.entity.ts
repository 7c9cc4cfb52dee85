/**
 * Round planning: accepted plans, judge pools and the problems judges report from the tablet.
 * (The panels themselves are judging's; a plan's panels carry its id.)
 */
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Account } from '../auth/account.entity';
import { Contest } from '../contests/contest.entity';
import { Panel } from '../judging/judging.entity';
import type { RoundCode } from '../domain/preset';

/** An accepted plan of one round in one organiser's scope ('school:<id>', 'district:<id>', 'city'). */
@Entity({ name: 'round_plans' })
@Index('UQ_round_plans_scope', ['contestId', 'round', 'scopeKey'], { unique: true })
export class RoundPlan {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;
  @Column({ name: 'contest_id', type: 'integer' }) contestId: number;
  @ManyToOne(() => Contest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contest_id', foreignKeyConstraintName: 'FK_round_plans_contest' })
  contest?: Contest;
  @Column({ type: 'varchar', length: 16 }) round: RoundCode;
  @Column({ name: 'scope_key', type: 'varchar', length: 32 }) scopeKey: string;
  @Column({ name: 'school_id', type: 'integer', nullable: true }) schoolId: number | null;
  @Column({ name: 'district_id', type: 'integer', nullable: true }) districtId: number | null;
  /** The plan request as given (max size, sessions, rooms). */
  @Column({ type: 'simple-json' }) request: unknown;
  /** Panels and sizes, for the record. */
  @Column({ type: 'simple-json' }) summary: unknown;
  @Column({ name: 'created_by', type: 'varchar', length: 100 }) createdBy: string;
  @Column({ name: 'created_at', type: 'varchar', length: 32 }) createdAt: string;
  @Column({ name: 'updated_at', type: 'varchar', length: 32 }) updatedAt: string;
}

/** A judge in an organiser's pool for a round, with the subjects they can judge (null: any). */
@Entity({ name: 'judge_pool_members' })
@Index('UQ_judge_pool_members_account', ['contestId', 'round', 'scopeKey', 'accountId'], { unique: true })
export class JudgePoolMember {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;
  @Column({ name: 'contest_id', type: 'integer' }) contestId: number;
  @ManyToOne(() => Contest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contest_id', foreignKeyConstraintName: 'FK_judge_pool_members_contest' })
  contest?: Contest;
  @Column({ type: 'varchar', length: 16 }) round: RoundCode;
  @Column({ name: 'scope_key', type: 'varchar', length: 32 }) scopeKey: string;
  @Column({ name: 'account_id', type: 'integer' }) accountId: number;
  @ManyToOne(() => Account, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'FK_judge_pool_members_account' })
  account?: Account;
  @Column({ type: 'varchar', length: 20, nullable: true }) phone: string | null;
  @Column({ type: 'simple-json', nullable: true }) subjects: string[] | null;
  /** 'import' (Excel), 'account' (picked from accounts), 'created' (account created for the pool). */
  @Column({ type: 'varchar', length: 16 }) source: 'import' | 'account' | 'created';
  @Column({ name: 'created_by', type: 'varchar', length: 100 }) createdBy: string;
  @Column({ name: 'created_at', type: 'varchar', length: 32 }) createdAt: string;
}

export const PROBLEM_KINDS = ['wrong-contestant', 'device', 'conflict', 'other'] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

/** A problem a judge signals from the tablet (报告问题), open until someone marks it handled. */
@Entity({ name: 'judge_problems' })
@Index('IDX_judge_problems_panel', ['panelId'])
export class JudgeProblem {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;
  @Column({ name: 'panel_id', type: 'integer' }) panelId: number;
  @ManyToOne(() => Panel, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'panel_id', foreignKeyConstraintName: 'FK_judge_problems_panel' })
  panel?: Panel;
  @Column({ name: 'account_id', type: 'integer' }) accountId: number;
  @ManyToOne(() => Account, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'FK_judge_problems_account' })
  account?: Account;
  @Column({ name: 'entrant_id', type: 'integer', nullable: true }) entrantId: number | null;
  @Column({ type: 'varchar', length: 32 }) kind: ProblemKind;
  @Column({ type: 'varchar', length: 500, nullable: true }) note: string | null;
  @Column({ name: 'created_at', type: 'varchar', length: 32 }) createdAt: string;
  @Column({ name: 'handled_at', type: 'varchar', length: 32, nullable: true }) handledAt: string | null;
  @Column({ name: 'handled_by', type: 'varchar', length: 100, nullable: true }) handledBy: string | null;
}
