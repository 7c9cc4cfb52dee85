/**
 * Every error the API returns, in one place.
 *
 * The body of every error response is `{ statusCode, code, message, details? }` (see ErrorBody).
 * `code` is a stable string a client may switch on; `message` is for people and may change.
 *
 * This file holds the mechanism and the codes every feature shares (COMMON_ERRORS). A feature's
 * own codes live in its `<feature>.errors.ts` (`export const X_ERRORS = { CODE: { status } }`) and
 * are listed, one line each, in src/error-codes.ts — never inline in a service.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_CODES, UNIQUE_CONSTRAINT_LIST } from '../error-codes';

/** Every stable error code of the API (the common ones and each feature's), with its HTTP status. */
export const ErrorCode = ERROR_CODES;

export type ErrorCodeName = keyof typeof ErrorCode;

export { COMMON_ERRORS } from './common.errors';

/**
 * One problem with one field: where, which rule, and a readable message. A problem of a row of an
 * uploaded sheet also says where in the sheet (`row`, `column`, `cell`, and `rows` for a line that
 * sums up one column over several rows).
 */
export interface ErrorDetail {
  /** The field's path in the request, e.g. `idNumber` or `priorAwards.0.year`. */
  field: string;
  /** The rule broken, e.g. `isInt`, `unknown`, `check-character`, `unique`. */
  rule: string;
  message: string;
  /** The same in Chinese, naming the teacher, school or unit, for the pages (where the server has it). */
  messageZh?: string;
  /** An uploaded sheet: the row number (the header row counts). */
  row?: number;
  /** An uploaded sheet: the column's header. */
  column?: string;
  /** An uploaded sheet: the cell (`B5`), or a range of one column (`B5:B9`) for a summary line. */
  cell?: string;
  /** An uploaded sheet: every row a summary line concerns. */
  rows?: number[];
}

/** A problem of one cell of an uploaded sheet (or, with `rows`, of one column over several rows): where, the rule, the reason in English and Chinese. */
export type SheetCellProblem = ErrorDetail & Required<Pick<ErrorDetail, 'row' | 'column' | 'cell' | 'messageZh'>>;

/** One entry of `details` (the OpenAPI schema of ErrorDetail). */
export class ErrorDetailBody implements ErrorDetail {
  @ApiProperty({ example: 'idNumber', description: "the field's path in the request (an upload: the sheet's field, or `file`)" }) field: string;
  @ApiProperty({ example: 'check-character' }) rule: string;
  @ApiProperty({ example: 'Check character (character 18) should be 3, got 4' }) message: string;
  @ApiPropertyOptional({ example: '校验码不正确，请与身份证原件核对', description: 'The detail in Chinese, for the pages' }) messageZh?: string;
  @ApiPropertyOptional({ example: 5, description: 'an uploaded sheet: the row number (the header row counts)' }) row?: number;
  @ApiPropertyOptional({ example: '身份证号', description: "an uploaded sheet: the column's header" }) column?: string;
  @ApiPropertyOptional({ example: 'B5', description: 'an uploaded sheet: the cell, or a range of one column for a summary line' }) cell?: string;
  @ApiPropertyOptional({ type: [Number], example: [5, 6, 9], description: 'an uploaded sheet: every row a summary line concerns' }) rows?: number[];
}

/** The one shape of every error response (also the OpenAPI schema of every error). */
export class ErrorBody {
  @ApiProperty({ example: 400, description: 'the HTTP status, repeated' }) statusCode: number;
  @ApiProperty({ example: 'VALIDATION_FAILED', enum: Object.keys(ErrorCode), description: 'a stable code a client may switch on' }) code: string;
  @ApiProperty({ example: 'Validation failed: idNumber', description: 'for people; may change' }) message: string;
  @ApiPropertyOptional({ type: [ErrorDetailBody], description: 'one entry per problem (absent when there is none to name)' }) details?: ErrorDetail[];
}

/** An error a service throws on purpose; the global filter renders it as is. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCodeName,
    message: string,
    readonly details?: ErrorDetail[],
    /** Response headers to send with the error (e.g. Retry-After). */
    readonly headers?: Record<string, string>,
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

/** Every unique constraint of the schema (each feature's, for the tables it owns). */
export const UNIQUE_CONSTRAINTS: UniqueConstraintInfo[] = UNIQUE_CONSTRAINT_LIST;

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
