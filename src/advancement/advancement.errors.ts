/**
 * Error codes of advancement: quotas, recommendations and the draw, listed in src/error-codes.ts.
 * Add codes here (with their HTTP status), never inline.
 */
import { HttpStatus } from '@nestjs/common';
import type { UniqueConstraintInfo } from '../common/errors';

export const ADVANCEMENT_ERRORS = {
  /** Allocating the semi-final before every school of the district has submitted its list (details name them). */
  LISTS_NOT_SUBMITTED: { status: HttpStatus.CONFLICT },
  /** Allocating the final before every district's semi-final draw is published (details name them). */
  DRAWS_NOT_PUBLISHED: { status: HttpStatus.CONFLICT },
  ALLOCATION_NOT_FOUND: { status: HttpStatus.NOT_FOUND },
  /** Re-allocating once recommendations have started or the draw exists. */
  ALLOCATION_FROZEN: { status: HttpStatus.CONFLICT },
  /** A deadline in the past, or a unit code the draw protocol cannot carry. */
  INVALID_ALLOCATION: { status: HttpStatus.BAD_REQUEST },
  /** More or fewer recommended entrants than the unit's recommended places. */
  RECOMMENDATION_COUNT: { status: HttpStatus.BAD_REQUEST },
  /** The same entrant twice in one recommendation. */
  RECOMMENDATION_DUPLICATE: { status: HttpStatus.BAD_REQUEST },
  /** Not an entrant of the unit in the previous round. */
  RECOMMENDATION_NOT_IN_UNIT: { status: HttpStatus.BAD_REQUEST },
  /** The entrant has no result in the previous round (did not take part), or is not active. */
  RECOMMENDATION_NOT_ELIGIBLE: { status: HttpStatus.BAD_REQUEST },
  /** After the recommendation (or replacement) deadline. */
  RECOMMENDATION_DEADLINE_PASSED: { status: HttpStatus.CONFLICT },
  /** The pools are frozen: recommendations no longer change. */
  POOL_FROZEN: { status: HttpStatus.CONFLICT },
  /** Freezing before every unit has recommended while the deadline is still open (details name them). */
  RECOMMENDATIONS_INCOMPLETE: { status: HttpStatus.CONFLICT },
  DRAW_NOT_FOUND: { status: HttpStatus.NOT_FOUND },
  /** A ceremony step out of order (details: the draw's state and the step expected). */
  DRAW_WRONG_STATE: { status: HttpStatus.CONFLICT },
  /** Running a draw a second time. */
  DRAW_ALREADY_RUN: { status: HttpStatus.CONFLICT },
  /** Entering entropy values before the announcement is published. */
  ENTROPY_BEFORE_ANNOUNCEMENT: { status: HttpStatus.CONFLICT },
  /** Not one non-empty value per announced source. */
  INVALID_ENTROPY: { status: HttpStatus.BAD_REQUEST },
  /** Withdrawing an entrant who is not an active entrant of the draw's published list. */
  ENTRANT_NOT_ACTIVE: { status: HttpStatus.CONFLICT },
  /** A re-recommendation where the unit has no recommended place to fill. */
  NO_PLACE_TO_FILL: { status: HttpStatus.CONFLICT },
} as const satisfies Record<string, { status: HttpStatus }>;

/** Unique indexes of this feature's tables and the conflict each means (see UNIQUE_CONSTRAINTS). */
export const ADVANCEMENT_UNIQUE_CONSTRAINTS: UniqueConstraintInfo[] = [
  {
    index: 'UQ_adv_allocations_scope',
    table: 'adv_allocations',
    columns: ['contest_id', 'round', 'scope_key'],
    code: 'ALLOCATION_FROZEN',
    field: 'round',
    message: 'This allocation already exists',
  },
  {
    index: 'UQ_adv_recommendations_entrant',
    table: 'adv_recommendations',
    columns: ['allocation_id', 'entrant_id'],
    code: 'RECOMMENDATION_DUPLICATE',
    field: 'entrantIds',
    message: 'The entrant is already recommended',
  },
  {
    index: 'UQ_adv_draws_allocation',
    table: 'adv_draws',
    columns: ['allocation_id'],
    code: 'DRAW_WRONG_STATE',
    field: 'allocationId',
    message: 'The pools of this allocation are already frozen',
  },
];
