/**
 * Every error the API returns, in one place.
 *
 * The body of every error response is `{ statusCode, code, message, details? }` (see ErrorBody).
 * `code` is a stable string a client may switch on; `message` is for people and may change.
 * A feature that needs a new error adds its code here (with its HTTP status), never inline.
 */
import { HttpStatus } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ADVANCEMENT_ERRORS, ADVANCEMENT_UNIQUE_CONSTRAINTS } from '../advancement/advancement.errors';
import { AWARDS_ERRORS, AWARDS_UNIQUE_CONSTRAINTS } from '../awards/awards.errors';
import { ANNOUNCEMENT_ERRORS, ANNOUNCEMENT_UNIQUE_CONSTRAINTS } from '../announcements/announcements.errors';
import { JUDGING_ERRORS, JUDGING_UNIQUE_CONSTRAINTS } from '../judging/judging.errors';

/** Stable error codes, each with the HTTP status it is returned with. */
export const ErrorCode = {
  // 400: the request itself is wrong; the database is never changed.
  VALIDATION_FAILED: { status: HttpStatus.BAD_REQUEST },
  INVALID_ID_NUMBER: { status: HttpStatus.BAD_REQUEST },
  INVALID_SUBJECT: { status: HttpStatus.BAD_REQUEST },
  INVALID_STAGE: { status: HttpStatus.BAD_REQUEST },
  INVALID_SCOPE: { status: HttpStatus.BAD_REQUEST },
  INVALID_CONTEST_SETTINGS: { status: HttpStatus.BAD_REQUEST },
  MALFORMED_REQUEST: { status: HttpStatus.BAD_REQUEST },
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

  // --- Preliminary entrant lists, Excel upload, exemptions (src/entrants, issue 4) ---
  /** Submission or a change of the list after the school's effective deadline. */
  DEADLINE_PASSED: { status: HttpStatus.CONFLICT },
  /** A change to a submitted list (reopen it first), or submitting it twice. */
  LIST_LOCKED: { status: HttpStatus.CONFLICT },
  /** Reopening a list that is not submitted. */
  LIST_NOT_SUBMITTED: { status: HttpStatus.CONFLICT },
  /** Submitting a school without any teacher. */
  LIST_EMPTY: { status: HttpStatus.CONFLICT },
  /** Submitting while exemption applications are still open (details name the teachers). */
  EXEMPTIONS_PENDING: { status: HttpStatus.CONFLICT },
  /** Reopening a list whose entrants already have preliminary results. */
  RESULTS_EXIST: { status: HttpStatus.CONFLICT },
  /** A teacher of the list is already a preliminary entrant of another school's list. */
  ENTRANT_IN_OTHER_LIST: { status: HttpStatus.CONFLICT },
  /** Changing the lists of a contest that is not the current one. */
  CONTEST_NOT_CURRENT: { status: HttpStatus.CONFLICT },
  INVALID_EXTENSION: { status: HttpStatus.BAD_REQUEST },
  EXEMPTION_NOT_FOUND: { status: HttpStatus.NOT_FOUND },
  /** The teacher already has an open or approved exemption in this contest. */
  EXEMPTION_EXISTS: { status: HttpStatus.CONFLICT },
  /** The step does not follow from the application's state (e.g. approving before the school's review). */
  EXEMPTION_WRONG_STATE: { status: HttpStatus.CONFLICT },
  /** A near-retirement application for a teacher who does not qualify by birth date and gender. */
  EXEMPTION_NOT_QUALIFIED: { status: HttpStatus.BAD_REQUEST },
  /** An exemption for a teacher who is excluded anyway. */
  TEACHER_EXCLUDED: { status: HttpStatus.CONFLICT },
  /** The upload is not a readable .xlsx workbook. */
  NOT_XLSX: { status: HttpStatus.BAD_REQUEST },
  /** The upload has no sheet, or no data row under the header. */
  EMPTY_SHEET: { status: HttpStatus.BAD_REQUEST },
  /** The header row is not the template's (details say which columns were expected). */
  WRONG_COLUMNS: { status: HttpStatus.BAD_REQUEST },
  TOO_MANY_ROWS: { status: HttpStatus.BAD_REQUEST },
  /** No file in the multipart field `file`. */
  FILE_REQUIRED: { status: HttpStatus.BAD_REQUEST },
  FILE_TOO_LARGE: { status: HttpStatus.PAYLOAD_TOO_LARGE },
  /** Rows of the upload break rules; nothing was stored; details list every problem with its row and column. */
  INVALID_ROWS: { status: HttpStatus.BAD_REQUEST },

  // --- Judging (src/judging/judging.errors.ts, issue 5) ---
  ...JUDGING_ERRORS,
  // --- Quotas, recommendations, the draw (src/advancement/advancement.errors.ts, issue 6) ---
  ...ADVANCEMENT_ERRORS,
  // --- Prizes, awards and certificates (src/awards/awards.errors.ts) ---
  ...AWARDS_ERRORS,
  // --- Public announcements and objections (src/announcements/announcements.errors.ts) ---
  ...ANNOUNCEMENT_ERRORS,
} as const satisfies Record<string, { status: number }>;

export type ErrorCodeName = keyof typeof ErrorCode;

/** One problem with one field: where, which rule, and a readable message. */
export interface ErrorDetail {
  /** The field's path in the request, e.g. `idNumber` or `priorAwards.0.year`. */
  field: string;
  /** The rule broken, e.g. `isInt`, `unknown`, `check-character`, `unique`. */
  rule: string;
  message: string;
}

/** The one shape of every error response (also the OpenAPI schema of every error). */
export class ErrorDetailBody implements ErrorDetail {
  @ApiProperty({ example: 'idNumber' }) field: string;
  @ApiProperty({ example: 'check-character' }) rule: string;
  @ApiProperty({ example: 'Check character (character 18) should be 3, got 4' }) message: string;
}

export class ErrorBody {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({ example: 'VALIDATION_FAILED', enum: Object.keys(ErrorCode) }) code: string;
  @ApiProperty({ example: 'Validation failed: idNumber' }) message: string;
  @ApiPropertyOptional({ type: [ErrorDetailBody] }) details?: ErrorDetail[];
}

/** An error a service throws on purpose; the global filter renders it as is. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCodeName,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ErrorCode[code].status;
  }

  toBody(): ErrorBody {
    const body: ErrorBody = { statusCode: this.status, code: this.code, message: this.message };
    if (this.details && this.details.length > 0) body.details = this.details;
    return body;
  }

  /** A 400 about one field (message = the detail's message). */
  static field(code: ErrorCodeName, field: string, rule: string, message: string): AppError {
    return new AppError(code, message, [{ field, rule, message }]);
  }

  static notFound(code: ErrorCodeName, what: string, id: number | string): AppError {
    return new AppError(code, `${what} ${id} not found`);
  }
}

/**
 * Unique constraints of the schema and the conflict each one means. The global filter maps a
 * unique violation on either driver to the entry here: PostgreSQL names the constraint
 * (`index`), SQLite names `table.column` (`table` + `columns`). A migration that adds a unique
 * index adds its entry here.
 */
export interface UniqueConstraintInfo {
  index: string;
  table: string;
  columns: string[];
  code: ErrorCodeName;
  /** The request field that clashed, for `details`. */
  field: string;
  message: string;
}

export const UNIQUE_CONSTRAINTS: UniqueConstraintInfo[] = [
  {
    index: 'UQ_teachers_id_number',
    table: 'teachers',
    columns: ['id_number'],
    code: 'DUPLICATE_ID_NUMBER',
    field: 'idNumber',
    message: 'A teacher with this ID number is already registered',
  },
  {
    index: 'UQ_districts_code',
    table: 'districts',
    columns: ['code'],
    code: 'DUPLICATE_DISTRICT_CODE',
    field: 'code',
    message: 'A district with this code already exists',
  },
  {
    index: 'UQ_schools_code',
    table: 'schools',
    columns: ['code'],
    code: 'DUPLICATE_SCHOOL_CODE',
    field: 'code',
    message: 'A school with this code already exists',
  },
  {
    index: 'UQ_contests_code',
    table: 'contests',
    columns: ['code'],
    code: 'DUPLICATE_CONTEST_CODE',
    field: 'code',
    message: 'A contest with this code already exists',
  },
  {
    index: 'UQ_accounts_username',
    table: 'accounts',
    columns: ['username'],
    code: 'DUPLICATE_USERNAME',
    field: 'username',
    message: 'An account with this username already exists',
  },
  ...JUDGING_UNIQUE_CONSTRAINTS,
  ...ADVANCEMENT_UNIQUE_CONSTRAINTS,
  ...AWARDS_UNIQUE_CONSTRAINTS,
  ...ANNOUNCEMENT_UNIQUE_CONSTRAINTS,
];

/** The unique constraint a database error violated, or null when it is not a unique violation. */
export function uniqueViolation(error: unknown): UniqueConstraintInfo | { index: null } | null {
  const driverError = (error as { driverError?: unknown })?.driverError ?? error;
  const e = driverError as { code?: string; constraint?: string; message?: string };
  if (!e || typeof e !== 'object') return null;
  if (e.code === '23505') {
    // PostgreSQL unique_violation: the constraint (index) is named.
    return UNIQUE_CONSTRAINTS.find((c) => c.index === e.constraint) ?? { index: null };
  }
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    // "UNIQUE constraint failed: teachers.id_number[, teachers.other]"
    const m = /constraint failed: (.+)$/.exec(e.message ?? '');
    const cols = (m?.[1] ?? '').split(',').map((s) => s.trim());
    const table = cols[0]?.split('.')[0];
    const columns = cols.map((c) => c.split('.')[1]).sort();
    return (
      UNIQUE_CONSTRAINTS.find(
        (c) => c.table === table && [...c.columns].sort().join(',') === columns.join(','),
      ) ?? { index: null }
    );
  }
  return null;
}

/** True when a database error is a foreign-key violation (either driver). */
export function isForeignKeyViolation(error: unknown): boolean {
  const e = ((error as { driverError?: unknown })?.driverError ?? error) as { code?: string };
  return e?.code === '23503' || e?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
