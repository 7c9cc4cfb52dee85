/**
 * The error codes every feature shares (bad input, authentication, access, the registry's
 * not-found and duplicates). Listed in src/error-codes.ts with each feature's own; the unique
 * constraints behind the duplicates are registered by the features that own their tables
 * (src/registry/registry.errors.ts, src/contests/contests.errors.ts, src/auth/auth.errors.ts).
 */
import { HttpStatus } from '@nestjs/common';

/** The codes every feature shares, each with the HTTP status it is returned with. */
export const COMMON_ERRORS = {
  // 400: the request itself is wrong; the database is never changed.
  VALIDATION_FAILED: { status: HttpStatus.BAD_REQUEST },
  INVALID_ID_NUMBER: { status: HttpStatus.BAD_REQUEST },
  INVALID_SUBJECT: { status: HttpStatus.BAD_REQUEST },
  INVALID_STAGE: { status: HttpStatus.BAD_REQUEST },
  INVALID_SCOPE: { status: HttpStatus.BAD_REQUEST },
  INVALID_CONTEST_SETTINGS: { status: HttpStatus.BAD_REQUEST },
  MALFORMED_REQUEST: { status: HttpStatus.BAD_REQUEST },
  /** A path id that is not a canonical decimal id (`^[1-9][0-9]{0,9}$`, at most 2147483647). */
  INVALID_ID: { status: HttpStatus.BAD_REQUEST },
  /** A PATCH that names no field to change. Nothing is stored, nothing is audited. */
  NOTHING_TO_CHANGE: { status: HttpStatus.BAD_REQUEST },
  // 401: who is asking is unknown.
  UNAUTHENTICATED: { status: HttpStatus.UNAUTHORIZED },
  INVALID_CREDENTIALS: { status: HttpStatus.UNAUTHORIZED },
  // 403: known, but not allowed.
  ROLE_FORBIDDEN: { status: HttpStatus.FORBIDDEN },
  OUT_OF_SCOPE: { status: HttpStatus.FORBIDDEN },
  // 404
  NOT_FOUND: { status: HttpStatus.NOT_FOUND },
  CITY_NOT_FOUND: { status: HttpStatus.NOT_FOUND },
  DISTRICT_NOT_FOUND: { status: HttpStatus.NOT_FOUND },
  SCHOOL_NOT_FOUND: { status: HttpStatus.NOT_FOUND },
  TEACHER_NOT_FOUND: { status: HttpStatus.NOT_FOUND },
  CONTEST_NOT_FOUND: { status: HttpStatus.NOT_FOUND },
  ROUND_NOT_FOUND: { status: HttpStatus.NOT_FOUND },
  ACCOUNT_NOT_FOUND: { status: HttpStatus.NOT_FOUND },
  // 409: the request is well formed but clashes with what is stored.
  CONFLICT: { status: HttpStatus.CONFLICT },
  DUPLICATE_ID_NUMBER: { status: HttpStatus.CONFLICT },
  DUPLICATE_DISTRICT_CODE: { status: HttpStatus.CONFLICT },
  DUPLICATE_SCHOOL_CODE: { status: HttpStatus.CONFLICT },
  DUPLICATE_CONTEST_CODE: { status: HttpStatus.CONFLICT },
  DUPLICATE_USERNAME: { status: HttpStatus.CONFLICT },
  REFERENCE_CONFLICT: { status: HttpStatus.CONFLICT },
  SCHOOL_STAGE_LOCKED: { status: HttpStatus.CONFLICT },
  SUBJECT_IN_USE: { status: HttpStatus.CONFLICT },
  // Others
  PAYLOAD_TOO_LARGE: { status: HttpStatus.PAYLOAD_TOO_LARGE },
  TOO_MANY_REQUESTS: { status: HttpStatus.TOO_MANY_REQUESTS },
  INTERNAL_ERROR: { status: HttpStatus.INTERNAL_SERVER_ERROR },
  SERVICE_UNAVAILABLE: { status: HttpStatus.SERVICE_UNAVAILABLE },
} as const satisfies Record<string, { status: number }>;
