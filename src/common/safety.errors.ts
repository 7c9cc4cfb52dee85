/**
 * Error codes of the input and account safety rules (bad ids, empty changes, weak passwords,
 * login limits), merged into the one ErrorCode map of src/common/errors.ts.
 */
import { HttpStatus } from '@nestjs/common';

export const SAFETY_ERRORS = {
  /** A path id that is not a canonical decimal id (`^[1-9][0-9]{0,9}$`, at most 2147483647). */
  INVALID_ID: { status: HttpStatus.BAD_REQUEST },
  /** A PATCH that names no field to change. Nothing is stored, nothing is audited. */
  NOTHING_TO_CHANGE: { status: HttpStatus.BAD_REQUEST },
  /** A password that breaks the policy (length, the username, a common or guessable password). */
  WEAK_PASSWORD: { status: HttpStatus.BAD_REQUEST },
  /** Reopening an entrant list whose entrants already sit on a judging panel. */
  ENTRANTS_ON_PANEL: { status: HttpStatus.CONFLICT },
  /** Too many login attempts for this username or from this client address (Retry-After says when). */
  LOGIN_RATE_LIMITED: { status: HttpStatus.TOO_MANY_REQUESTS },
} as const;
