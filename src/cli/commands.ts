/**
 * The auditor's commands (RULES §7). Each takes its arguments and an Io, and
 * returns the exit code; nothing here needs a server or a database.
 */
import { checkIdNumber } from '../domain/id-number';
import { allocate, validateAllocationInput } from '../domain/quotas';
import { aggregate } from '../domain/aggregation';
import { Sheet, validateSheet, validateEntry } from '../domain/sheets';
import { isPlainObject, runDraw, validateDrawInput, verifyDraw } from '../domain/draw';
import { AggregationConfig, AggregationMethod, defaultPreset } from '../domain/preset';
import { CALENDAR_NOT_COVERED_NOTE, DEFAULT_WINDOW_DAYS, isIsoDate, MAX_WINDOW_DAYS, noticeWindow } from '../domain/working-days';
import { BadInput, EXIT_NO, EXIT_OK, Io, printJson, readJsonFile, unwrap } from './io';

export function checkId(args: string[], io: Io): number {
  if (args.length !== 1) throw new BadInput('number', 'check-id takes exactly one ID number');
  const result = checkIdNumber(args[0]);
  if (result.valid) {
    printJson(io, { valid: true, id: result.id, birthDate: result.birthDate, gender: result.gender });
    return EXIT_OK;
  }
  printJson(io, { valid: false, reason: result.reason, ...(result.suggestion ? { suggestion: result.suggestion } : {}) });
  return EXIT_NO;
}

export function allocateCommand(args: string[], io: Io): number {
  const input = unwrap(validateAllocationInput(readJsonFile(args[0])));
  printJson(io, allocate(input));
  return EXIT_OK;
}

const METHODS: AggregationMethod[] = ['trimmed-mean', 'mean', 'median'];

function nonNegativeInteger(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new BadInput(field, 'must be a non-negative integer');
  }
  return value;
}

/** A command's `sheet`: `[{ item, points }, …]` in sheet order, checked by the domain's sheet rule. */
export function parseSheetInput(rows: unknown, emptyMessage: string): Sheet {
  if (!Array.isArray(rows) || rows.length === 0) throw new BadInput('sheet', emptyMessage);
  const sheet: Sheet = rows.map((row, i) => {
    if (!isPlainObject(row)) throw new BadInput(`sheet[${i}]`, 'must be an object with "item" and "points"');
    if (typeof row.item !== 'string' || row.item.trim() === '') throw new BadInput(`sheet[${i}].item`, 'must be a non-empty string');
    if (typeof row.points !== 'number') throw new BadInput(`sheet[${i}].points`, 'must be a number');
    return { key: row.item, name: row.item, points: row.points };
  });
  const sheetProblems = validateSheet(sheet);
  if (sheetProblems.length > 0) throw new BadInput(sheetProblems[0].field, sheetProblems[0].message);
  return sheet;
}

/** Parses the `aggregate` input; the aggregation rule defaults to the contest preset's. */
export function parseAggregateInput(raw: unknown): { sheet: Sheet; judges: { judge: string; scores: unknown[] }[]; config: AggregationConfig } {
  if (!isPlainObject(raw)) throw new BadInput('(root)', 'must be a JSON object');
  const sheet = parseSheetInput(raw.sheet, 'must be a non-empty array');

  if (!Array.isArray(raw.judges) || raw.judges.length === 0) throw new BadInput('judges', 'must be a non-empty array');
  const seen = new Set<string>();
  const judges = raw.judges.map((row, i) => {
    if (!isPlainObject(row)) throw new BadInput(`judges[${i}]`, 'must be an object with "judge" and "scores"');
    if (typeof row.judge !== 'string' || row.judge === '') throw new BadInput(`judges[${i}].judge`, 'must be a non-empty string');
    if (seen.has(row.judge)) throw new BadInput(`judges[${i}].judge`, `duplicate judge ${row.judge}`);
    seen.add(row.judge);
    if (!Array.isArray(row.scores)) throw new BadInput(`judges[${i}].scores`, 'must be an array with one score per sheet item');
    return { judge: row.judge, scores: row.scores as unknown[] };
  });

  const config = { ...defaultPreset().aggregation };
  if (raw.method !== undefined) {
    if (!METHODS.includes(raw.method as AggregationMethod)) throw new BadInput('method', `must be one of ${METHODS.join(', ')}`);
    config.method = raw.method as AggregationMethod;
  }
  for (const key of ['trimEachEnd', 'trimFromPanelSize', 'outlierPoints'] as const) {
    if (raw[key] !== undefined) config[key] = nonNegativeInteger(raw[key], key);
  }
  return { sheet, judges, config };
}

export function aggregateCommand(args: string[], io: Io): number {
  const { sheet, judges, config } = parseAggregateInput(readJsonFile(args[0]));
  const entries = judges.map((j, i) => {
    const checked = validateEntry(sheet, j.scores as (number | string)[]);
    if ('problems' in checked) throw new BadInput(`judges[${i}].scores.${checked.problems[0].field}`, checked.problems[0].message);
    return { judge: j.judge, tenths: checked.tenths };
  });
  const result = aggregate(sheet, entries, config);
  printJson(io, {
    total: result.total,
    items: result.items,
    itemNames: sheet.map((s) => s.name),
    method: result.method,
    judges: result.judgeTotals,
    flags: result.flags,
  });
  return EXIT_OK;
}

export function drawCommand(args: string[], io: Io): number {
  const input = unwrap(validateDrawInput(readJsonFile(args[0])));
  printJson(io, runDraw(input));
  return EXIT_OK;
}

export function verifyDrawCommand(args: string[], io: Io): number {
  const record = readJsonFile(args[0]);
  const result = verifyDraw(record);
  if (result.match) {
    io.out('MATCH');
    return EXIT_OK;
  }
  io.out(`DIFFERENT: ${result.difference}`);
  return EXIT_NO;
}

/**
 * `window <YYYY-MM-DD> [--days N] [--holidays a,b] [--workdays c,d]`: the announcement window of
 * a notice published on that date (RULES §6), by the State Council calendar plus the given days.
 */
export function windowCommand(args: string[], io: Io): number {
  let published: string | undefined;
  let days = DEFAULT_WINDOW_DAYS;
  const own: { holidays: string[]; workdays: string[] } = { holidays: [], workdays: [] };
  const dates = (flag: string, value: string | undefined): string[] => {
    if (value === undefined || value.trim() === '') throw new BadInput(flag, `${flag} needs a comma-separated list of dates YYYY-MM-DD`);
    const list = value.split(',').map((d) => d.trim());
    const bad = list.find((d) => !isIsoDate(d));
    if (bad !== undefined) throw new BadInput(flag, `${JSON.stringify(bad)} is not a date YYYY-MM-DD`);
    return list;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--days') {
      const v = args[++i];
      if (v === undefined || !/^[0-9]+$/.test(v) || Number(v) < 1 || Number(v) > MAX_WINDOW_DAYS) {
        throw new BadInput('--days', `--days must be a whole number from 1 to ${MAX_WINDOW_DAYS}`);
      }
      days = Number(v);
    } else if (a === '--holidays') own.holidays.push(...dates(a, args[++i]));
    else if (a === '--workdays') own.workdays.push(...dates(a, args[++i]));
    else if (a.startsWith('--')) throw new BadInput(a, `unknown option ${a} (options: --days, --holidays, --workdays)`);
    else if (published === undefined) published = a;
    else throw new BadInput('date', 'window takes exactly one publication date');
  }
  if (published === undefined) throw new BadInput('date', 'window needs the publication date YYYY-MM-DD');
  if (!isIsoDate(published)) throw new BadInput('date', `${JSON.stringify(published)} is not a date YYYY-MM-DD`);
  const both = own.holidays.find((d) => own.workdays.includes(d));
  if (both) throw new BadInput('--workdays', `${both} is given both as a holiday and as a working day`);
  const w = noticeWindow(published, days, own);
  printJson(io, {
    opens: w.opens,
    closes: `${w.closes}T24:00`,
    workingDays: w.workingDays,
    calendarCovers: w.calendarCovers,
    ...(w.calendarCovers ? {} : { note: CALENDAR_NOT_COVERED_NOTE }),
  });
  return EXIT_OK;
}
