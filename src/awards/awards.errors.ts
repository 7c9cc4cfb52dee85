/**
 * Error codes of prizes, awards and certificates, merged into the one ErrorCode map of
 * src/common/errors.ts. Add codes here (with their HTTP status), never inline.
 */
import { HttpStatus } from '@nestjs/common';
import type { UniqueConstraintInfo } from '../common/errors';

export const AWARDS_ERRORS = {
  /** Computing before every panel of the round is locked and its results announced (details name them). */
  RESULTS_NOT_LOCKED: { status: HttpStatus.CONFLICT },
  /** The round's awards are computed by another body (the district for its semi-final, the city for the final). */
  AWARDS_WRONG_BODY: { status: HttpStatus.FORBIDDEN },
  /** Recomputing or changing a published award list (a correction is a supplementary notice). */
  AWARDS_PUBLISHED: { status: HttpStatus.CONFLICT },
  AWARD_ROUND_NOT_FOUND: { status: HttpStatus.NOT_FOUND },
  /** Issuing certificates before the award list is final (window open or objections unresolved). */
  AWARDS_NOT_FINAL: { status: HttpStatus.CONFLICT },
  /** A step that needs a published list, before publication. */
  AWARDS_NOT_PUBLISHED: { status: HttpStatus.CONFLICT },
  /** The announcements of RULES §6 are not available in this build. */
  NOTICES_UNAVAILABLE: { status: HttpStatus.SERVICE_UNAVAILABLE },
  CERTIFICATE_NOT_FOUND: { status: HttpStatus.NOT_FOUND },
  /** The certificate's award was removed (by an upheld objection or a correction). */
  CERTIFICATE_REVOKED: { status: HttpStatus.GONE },
  /** The certificate's award is being corrected: it waits until the supplementary notice is final. */
  CERTIFICATE_PENDING: { status: HttpStatus.CONFLICT },
  /** A correction names an award that is not one of this round's. */
  AWARD_NOT_FOUND: { status: HttpStatus.NOT_FOUND },
  /** Correcting a removed award other than by reinstating it. */
  AWARD_NOT_ACTIVE: { status: HttpStatus.CONFLICT },
} as const satisfies Record<string, { status: HttpStatus }>;

export const AWARDS_UNIQUE_CONSTRAINTS: UniqueConstraintInfo[] = [
  {
    index: 'UQ_award_rounds_scope',
    table: 'award_rounds',
    columns: ['contest_id', 'round', 'scope_key'],
    code: 'AWARDS_PUBLISHED',
    field: 'round',
    message: 'This round’s awards were computed at the same moment by another request',
  },
];
