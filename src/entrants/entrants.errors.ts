/**
 * Error codes of the entrant-list upload beyond those of src/common/errors.ts: what a file is
 * (by its content), hostile workbooks, and the preview → apply confirmation. Merged into the one
 * ErrorCode map of src/common/errors.ts. Add codes here (with their HTTP status), never inline.
 */
import { HttpStatus } from '@nestjs/common';

export const ENTRANTS_UPLOAD_ERRORS = {
  /** A zero-byte upload. */
  EMPTY_FILE: { status: HttpStatus.BAD_REQUEST },
  /**
   * A workbook beyond what a list of teachers needs: too many zip entries, an entry (or all) too
   * large when unpacked, an unusual compression ratio, or reading it broke the time or memory limit.
   */
  FILE_TOO_COMPLEX: { status: HttpStatus.BAD_REQUEST },
  /** The confirm token of an apply is missing, malformed or not issued for this school and account. */
  CONFIRM_TOKEN_INVALID: { status: HttpStatus.BAD_REQUEST },
  /** The file sent to apply is not the file that was previewed. */
  UPLOAD_FILE_CHANGED: { status: HttpStatus.CONFLICT },
  /** The school's teachers (or the contest's subjects) changed since the preview; preview again. */
  UPLOAD_PREVIEW_STALE: { status: HttpStatus.CONFLICT },
} as const;
