/**
 * Error codes of the public announcements (公示) and objections, merged into the one ErrorCode
 * map of src/common/errors.ts. Add codes here (with their HTTP status), never inline.
 */
import { HttpStatus } from '@nestjs/common';
import type { UniqueConstraintInfo } from '../common/errors';

export const ANNOUNCEMENT_ERRORS = {
  NOTICE_NOT_FOUND: { status: HttpStatus.NOT_FOUND },
  /** The list of this kind and scope is already announced (a correction is a supplementary notice). */
  NOTICE_EXISTS: { status: HttpStatus.CONFLICT },
  /** The list is not ready to be announced (e.g. the entrant list is not submitted, the draw not published). */
  LIST_NOT_READY: { status: HttpStatus.CONFLICT },
  /** An objection outside the notice's window (details: the window's dates). */
  NOTICE_WINDOW_CLOSED: { status: HttpStatus.CONFLICT },
  /** No objection with this receipt code. */
  OBJECTION_NOT_FOUND: { status: HttpStatus.NOT_FOUND },
  /** Resolving an objection that is already resolved. */
  OBJECTION_RESOLVED: { status: HttpStatus.CONFLICT },
  /** A step waits for lists that are not final yet (details name each list and its closing date). */
  LISTS_NOT_FINAL: { status: HttpStatus.CONFLICT },
  /** Too many objections from one client address. */
  OBJECTION_RATE_LIMITED: { status: HttpStatus.TOO_MANY_REQUESTS },
} as const satisfies Record<string, { status: HttpStatus }>;

export const ANNOUNCEMENT_UNIQUE_CONSTRAINTS: UniqueConstraintInfo[] = [
  {
    index: 'UQ_ann_resolutions_objection',
    table: 'ann_resolutions',
    columns: ['objection_id'],
    code: 'OBJECTION_RESOLVED',
    field: 'objectionId',
    message: 'The objection is already resolved',
  },
  {
    index: 'UQ_ann_final_exclusions',
    table: 'ann_final_exclusions',
    columns: ['contest_id', 'district_id'],
    code: 'CONFLICT',
    field: 'districtId',
    message: 'The district is already left out of the final',
  },
];
