/**
 * Two devices of one judge: an entry refused because the sheet changed meanwhile (SHEET_SUBMITTED:
 * the other device submitted first; SHEET_STALE: the entry was based on an older version) is kept
 * as a rejected version, and the refusal carries the sheet's current state in its details, field by
 * field (`current.state`, `current.version`, `current.total`, `current.scores` as JSON, and
 * `rejected.total`), so that the device can show both totals.
 */
import { AppError } from '../common/errors';
import { tenthsText } from './judging.common';

export type SheetRefusal = 'SHEET_SUBMITTED' | 'SHEET_STALE';

export interface SheetState {
  state: string;
  version: number;
  tenths: (number | null)[];
  totalTenths: number;
}

export function sheetRefusal(code: SheetRefusal, current: SheetState, rejected: { totalTenths: number }): AppError {
  const now = `version ${current.version}, ${current.state}, total ${tenthsText(current.totalTenths)}`;
  const message =
    code === 'SHEET_SUBMITTED'
      ? `The sheet was already submitted (${now}), from another device; this entry (total ${tenthsText(rejected.totalTenths)}) is kept as a rejected version`
      : `The sheet changed since this device read it (now ${now}); this entry (total ${tenthsText(rejected.totalTenths)}) is kept as a rejected version`;
  return new AppError(code, message, [
    { field: 'current.state', rule: 'current', message: current.state },
    { field: 'current.version', rule: 'current', message: String(current.version) },
    { field: 'current.total', rule: 'current', message: tenthsText(current.totalTenths) },
    { field: 'current.scores', rule: 'current', message: JSON.stringify(current.tenths.map(tenthsText)) },
    { field: 'rejected.total', rule: 'rejected', message: tenthsText(rejected.totalTenths) },
  ]);
}

/** The refusal an entry gets, or null: a submitted sheet refuses everything; a stale base is refused. */
export function refusalOf(current: { state: string; version: number } | undefined, baseVersion: number | undefined): SheetRefusal | null {
  if (current?.state === 'submitted') return 'SHEET_SUBMITTED';
  if (baseVersion !== undefined && baseVersion !== (current?.version ?? 0)) return 'SHEET_STALE';
  return null;
}
