/**
 * Error codes of the entrant lists, their Excel files and exemptions (src/entrants). Listed in
 * src/error-codes.ts; add codes here (with their HTTP status), never inline in a service.
 */
import { HttpStatus } from '@nestjs/common';

export const ENTRANTS_ERRORS = {
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
  // --- The upload's file checks and preview → apply ---
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
  /** Reopening an entrant list whose entrants already sit on a judging panel. */
  ENTRANTS_ON_PANEL: { status: HttpStatus.CONFLICT },
} as const;
