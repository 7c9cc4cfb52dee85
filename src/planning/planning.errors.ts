/**
 * Error codes of round planning, judge pools, judge cards, scoring dates and progress; merged into
 * the one map of src/error-codes.ts.
 */
import { HttpStatus } from '@nestjs/common';
import type { UniqueConstraintInfo } from '../common/errors';

export const PLANNING_ERRORS = {
  /** The plan cannot be made as asked (too few rooms, no session, no entrant); details name each problem. */
  INVALID_PLAN: { status: HttpStatus.BAD_REQUEST },
  /** A session date outside the round's date window. */
  SESSION_OUTSIDE_ROUND: { status: HttpStatus.BAD_REQUEST },
  /** The round has no dates yet (the contest office sets them first). */
  ROUND_NOT_SCHEDULED: { status: HttpStatus.CONFLICT },
  /** Replanning after the first score of the round in that scope. */
  PLAN_STARTED: { status: HttpStatus.CONFLICT },
  /** Entrants of the scope already sit on panels made outside the plan (details name them). */
  ENTRANTS_ON_PANELS: { status: HttpStatus.CONFLICT },
  /** Scoring outside the round's date window (or the panel's extension); the message names the window. */
  OUTSIDE_ROUND_DATES: { status: HttpStatus.CONFLICT },
  /** A scoring extension that is not after the round's last day, or not today or later. */
  INVALID_SCORING_EXTENSION: { status: HttpStatus.BAD_REQUEST },
  /** An account put into a pool that is not an active judge account. */
  NOT_A_JUDGE_ACCOUNT: { status: HttpStatus.CONFLICT },
  ALREADY_IN_POOL: { status: HttpStatus.CONFLICT },
  NOT_IN_POOL: { status: HttpStatus.NOT_FOUND },
  PROBLEM_NOT_FOUND: { status: HttpStatus.NOT_FOUND },
  /** The scope's plan was accepted or replaced by another request meanwhile (the loser of two at once). */
  PLAN_CHANGED: { status: HttpStatus.CONFLICT },
  /** Every open panel of the scope already has its judges (e.g. another request assigned them meanwhile). */
  ALREADY_ASSIGNED: { status: HttpStatus.CONFLICT },
} as const satisfies Record<string, { status: HttpStatus }>;

export const PLANNING_UNIQUE_CONSTRAINTS: UniqueConstraintInfo[] = [
  {
    index: 'UQ_round_plans_scope',
    table: 'round_plans',
    columns: ['contest_id', 'round', 'scope_key'],
    code: 'PLAN_CHANGED',
    field: 'round',
    message: 'The round was planned at the same moment by another request; reload it',
  },
  {
    index: 'UQ_judge_pool_members_account',
    table: 'judge_pool_members',
    columns: ['contest_id', 'round', 'scope_key', 'account_id'],
    code: 'ALREADY_IN_POOL',
    field: 'accountId',
    message: 'This judge is already in the pool',
  },
];
