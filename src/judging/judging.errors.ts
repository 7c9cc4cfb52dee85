/**
 * Error codes of judging, listed in src/error-codes.ts.
 * Add codes here (with their HTTP status), never inline in a service.
 */
import { HttpStatus } from '@nestjs/common';
import type { UniqueConstraintInfo } from '../common/errors';

export const JUDGING_ERRORS = {
  /** A school's own preliminary sheet that breaks a sheet rule (points not totalling 100, ...); details list each problem. */
  INVALID_SHEET: { status: HttpStatus.BAD_REQUEST },
  /** A judge's entry that breaks the sheet (count, one decimal, 0..points); details name each item. */
  INVALID_SCORES: { status: HttpStatus.BAD_REQUEST },
  /** The draw input is refused by contest-draw/1 (bad entropy, codes, ...). */
  INVALID_DRAW: { status: HttpStatus.BAD_REQUEST },
  /** A hand-set order that is not a permutation of the panel's contestants. */
  INVALID_ORDER: { status: HttpStatus.BAD_REQUEST },
  PANEL_NOT_FOUND: { status: HttpStatus.NOT_FOUND },
  ENTRANT_NOT_FOUND: { status: HttpStatus.NOT_FOUND },
  SHEET_NOT_FOUND: { status: HttpStatus.NOT_FOUND },
  LINK_NOT_FOUND: { status: HttpStatus.NOT_FOUND },
  /** The account is not a judge of this panel (or a private link used for another panel). */
  NOT_ON_PANEL: { status: HttpStatus.FORBIDDEN },
  /** Only the panel's head judge may do this (reopen a submitted sheet). */
  NOT_HEAD_JUDGE: { status: HttpStatus.FORBIDDEN },
  /** Results of a panel not announced yet (visible to organisers and the head judge only). */
  RESULTS_NOT_ANNOUNCED: { status: HttpStatus.FORBIDDEN },
  /** Conflict of interest: the judge's school (final: or district) is the contestant's. */
  JUDGE_CONFLICT: { status: HttpStatus.CONFLICT },
  /** The account is not an active judge account. */
  NOT_A_JUDGE: { status: HttpStatus.CONFLICT },
  /** The entrant does not belong on this panel (other round, group, school or district, or withdrawn). */
  ENTRANT_NOT_ELIGIBLE: { status: HttpStatus.CONFLICT },
  DUPLICATE_PANEL_CODE: { status: HttpStatus.CONFLICT },
  ALREADY_ON_PANEL: { status: HttpStatus.CONFLICT },
  /** A panel already has a head judge. */
  HEAD_JUDGE_EXISTS: { status: HttpStatus.CONFLICT },
  /** The panel is locked: no entry, no change. */
  PANEL_LOCKED: { status: HttpStatus.CONFLICT },
  PANEL_NOT_LOCKED: { status: HttpStatus.CONFLICT },
  /** Locking a panel where some judge has not submitted some contestant (details list them). */
  PANEL_INCOMPLETE: { status: HttpStatus.CONFLICT },
  /** The order of appearance can no longer change: a score exists, or the order was drawn. */
  ORDER_FIXED: { status: HttpStatus.CONFLICT },
  /** The panel's draw already ran (it runs once). */
  DRAW_ALREADY_RUN: { status: HttpStatus.CONFLICT },
  /** Removing a judge or contestant that already has score sheets. */
  SCORES_EXIST: { status: HttpStatus.CONFLICT },
  /** The sheet is submitted and read-only (the head judge may reopen it). */
  SHEET_SUBMITTED: { status: HttpStatus.CONFLICT },
  /** The entry was based on an older version of the sheet (another device saved since); kept as a rejected version, details give the current state. */
  SHEET_STALE: { status: HttpStatus.CONFLICT },
  /** Reopening a sheet that is not submitted. */
  SHEET_NOT_SUBMITTED: { status: HttpStatus.CONFLICT },
  /** A clientId already used for another sheet or another judge. */
  CLIENT_ID_REUSED: { status: HttpStatus.CONFLICT },
  /** The sheet changed at the same moment (another submission won); reload it. */
  SHEET_CONFLICT: { status: HttpStatus.CONFLICT },
  /** A school's own sheet cannot change once a preliminary score exists at the school. */
  SHEET_IN_USE: { status: HttpStatus.CONFLICT },
  /** A panel's subject, group, room or session changed after its first score. */
  PANEL_SCORED: { status: HttpStatus.CONFLICT },
  /** A plan's panel: its subject and group change by replanning, not by hand. */
  PANEL_PLANNED: { status: HttpStatus.CONFLICT },
} as const satisfies Record<string, { status: HttpStatus }>;

/** Unique indexes of this feature's tables and the conflict each means (see UNIQUE_CONSTRAINTS). */
export const JUDGING_UNIQUE_CONSTRAINTS: UniqueConstraintInfo[] = [
  {
    index: 'UQ_panels_contest_code',
    table: 'panels',
    columns: ['contest_id', 'code'],
    code: 'DUPLICATE_PANEL_CODE',
    field: 'code',
    message: 'A panel with this code already exists in the contest',
  },
  {
    index: 'UQ_panel_judges_panel_account',
    table: 'panel_judges',
    columns: ['panel_id', 'account_id'],
    code: 'ALREADY_ON_PANEL',
    field: 'accountId',
    message: 'This judge is already on the panel',
  },
  {
    index: 'UQ_panel_contestants_entrant',
    table: 'panel_contestants',
    columns: ['entrant_id'],
    code: 'ALREADY_ON_PANEL',
    field: 'entrantIds',
    message: 'The entrant is already on a panel',
  },
  {
    index: 'UQ_school_sheets_contest_school',
    table: 'school_sheets',
    columns: ['contest_id', 'school_id'],
    code: 'SHEET_CONFLICT',
    field: 'schoolId',
    message: "The school's sheet was changed at the same moment; reload it",
  },
  {
    index: 'UQ_score_sheets_panel_judge_entrant',
    table: 'score_sheets',
    columns: ['panel_id', 'judge_id', 'entrant_id'],
    code: 'SHEET_CONFLICT',
    field: 'entrantId',
    message: 'The sheet was stored at the same moment by another request; reload it',
  },
  {
    index: 'UQ_score_sheet_versions_sheet_version',
    table: 'score_sheet_versions',
    columns: ['sheet_id', 'version'],
    code: 'SHEET_CONFLICT',
    field: 'entrantId',
    message: 'The sheet was changed at the same moment by another request; reload it',
  },
  {
    index: 'UQ_score_sheet_versions_client',
    table: 'score_sheet_versions',
    columns: ['client_id'],
    code: 'CLIENT_ID_REUSED',
    field: 'clientId',
    message: 'This clientId was already used',
  },
  {
    index: 'UQ_judge_links_token_hash',
    table: 'judge_links',
    columns: ['token_hash'],
    code: 'CONFLICT',
    field: 'token',
    message: 'Token collision; try again',
  },
];
