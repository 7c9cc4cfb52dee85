/**
 * Score sheets (RULES §3): validation, a school's own preliminary sheet, judges'
 * entries, the final sheet's featured-item label, and the tie-break order.
 * Pure functions; no framework imports.
 */
import type { ContestPreset, FeaturedKind, SheetItemDef, SubjectDef } from './preset';
import { PointsError, toTenths } from './points';

/** One item of a score sheet; its points are its weight (whole points). */
export type SheetItem = SheetItemDef;
/** A score sheet: items in the order the judge's form shows them. */
export type Sheet = SheetItem[];

/** One thing wrong with a sheet or an entry: where (`field`), which rule, and a readable message. */
export interface SheetProblem {
  field: string;
  rule: string;
  message: string;
}

/** Thrown when a sheet cannot be built; carries every problem found, not only the first. */
export class SheetError extends Error {
  constructor(readonly problems: SheetProblem[]) {
    super(problems.map((p) => p.message).join('; '));
    this.name = 'SheetError';
  }
}

/** A sheet totals exactly this many points. */
export const SHEET_TOTAL_POINTS = 100;

/** Rule identifiers used in {@link SheetProblem}. */
export const SHEET_RULES = {
  empty: 'non-empty',
  required: 'required',
  wholePositive: 'whole-positive',
  uniqueKey: 'unique-key',
  uniqueName: 'unique-name',
  total: 'total-100',
  unknownItem: 'unknown-item',
  count: 'count',
  number: 'number',
  oneDecimal: 'one-decimal',
  range: 'range',
} as const;

function label(item: { key?: unknown; name?: unknown }, index: number): string {
  const name = typeof item.name === 'string' && item.name.trim() !== '' ? item.name : undefined;
  const key = typeof item.key === 'string' && item.key.trim() !== '' ? item.key : undefined;
  if (name && key) return `${name} (${key})`;
  return name ?? key ?? `item ${index + 1}`;
}

/**
 * Checks a sheet: at least one item; every key and name a non-empty string;
 * keys unique and names unique; points whole positive integers; points total
 * exactly 100. Returns every problem found (empty list = valid).
 */
export function validateSheet(sheet: Sheet): SheetProblem[] {
  const problems: SheetProblem[] = [];
  if (!Array.isArray(sheet) || sheet.length === 0) {
    return [{ field: 'sheet', rule: SHEET_RULES.empty, message: 'the sheet has no items' }];
  }
  const keys = new Map<string, number>();
  const names = new Map<string, number>();
  let total = 0;
  let allWhole = true;
  sheet.forEach((item, i) => {
    const at = `sheet[${i}]`;
    const what = label(item ?? {}, i);
    if (item === null || typeof item !== 'object') {
      problems.push({ field: at, rule: SHEET_RULES.required, message: `${at}: not a sheet item` });
      allWhole = false;
      return;
    }
    if (typeof item.key !== 'string' || item.key.trim() === '') {
      problems.push({ field: `${at}.key`, rule: SHEET_RULES.required, message: `${what}: the item has no key` });
    } else if (keys.has(item.key)) {
      problems.push({
        field: `${at}.key`,
        rule: SHEET_RULES.uniqueKey,
        message: `${what}: key "${item.key}" is already used by item ${keys.get(item.key)! + 1}`,
      });
    } else {
      keys.set(item.key, i);
    }
    if (typeof item.name !== 'string' || item.name.trim() === '') {
      problems.push({ field: `${at}.name`, rule: SHEET_RULES.required, message: `${what}: the item has no name` });
    } else if (names.has(item.name)) {
      problems.push({
        field: `${at}.name`,
        rule: SHEET_RULES.uniqueName,
        message: `${what}: name "${item.name}" is already used by item ${names.get(item.name)! + 1}`,
      });
    } else {
      names.set(item.name, i);
    }
    if (typeof item.points !== 'number' || !Number.isSafeInteger(item.points) || item.points <= 0) {
      allWhole = false;
      problems.push({
        field: `${at}.points`,
        rule: SHEET_RULES.wholePositive,
        message: `${what}: points must be a whole number greater than 0, got ${JSON.stringify(item.points)}`,
      });
    } else {
      total += item.points;
    }
  });
  if (allWhole && total !== SHEET_TOTAL_POINTS) {
    problems.push({
      field: 'sheet',
      rule: SHEET_RULES.total,
      message: `the sheet totals ${total} points; it must total exactly ${SHEET_TOTAL_POINTS}`,
    });
  }
  return problems;
}

/**
 * A school's own preliminary sheet: the base sheet's items in order (points
 * replaced where `reweighted` names their key), then the added items in the
 * order given (their points may also be overridden by `reweighted`). Items
 * cannot be removed. The result must be a valid sheet (total 100, unique keys
 * and names, ...); otherwise a {@link SheetError} lists every problem.
 * Neither input is modified.
 */
export function schoolPreliminarySheet(
  base: Sheet,
  added: { key: string; name: string; points: number }[],
  reweighted: Record<string, number>,
): Sheet {
  const items: Sheet = [...base, ...added].map((it) => ({ key: it.key, name: it.name, points: it.points }));
  const problems: SheetProblem[] = [];
  for (const [key, points] of Object.entries(reweighted)) {
    const targets = items.filter((it) => it.key === key);
    if (targets.length === 0) {
      problems.push({
        field: `reweighted.${key}`,
        rule: SHEET_RULES.unknownItem,
        message: `reweighted: no item with key "${key}" on the sheet`,
      });
      continue;
    }
    for (const t of targets) t.points = points;
  }
  problems.push(...validateSheet(items));
  if (problems.length > 0) throw new SheetError(problems);
  return items;
}

/**
 * Checks one judge's entry against a sheet: one score per item in sheet order,
 * each a decimal with at most one decimal place, from 0 to the item's points.
 * Returns the scores as integer tenths, or every problem found (each naming
 * the item by its name and key; `field` is the item's key). An invalid sheet is
 * reported as its own problems: nobody can score on it.
 */
export function validateEntry(
  sheet: Sheet,
  scores: (number | string)[],
): { tenths: number[] } | { problems: SheetProblem[] } {
  const sheetProblems = validateSheet(sheet);
  if (sheetProblems.length > 0) return { problems: sheetProblems };
  if (!Array.isArray(scores) || scores.length !== sheet.length) {
    const got = Array.isArray(scores) ? `${scores.length}` : 'no list';
    return {
      problems: [
        {
          field: 'scores',
          rule: SHEET_RULES.count,
          message: `expected ${sheet.length} scores, one per item in sheet order (${sheet
            .map((it) => it.name)
            .join(', ')}); got ${got}`,
        },
      ],
    };
  }
  const problems: SheetProblem[] = [];
  const tenths: number[] = [];
  sheet.forEach((item, i) => {
    const what = `${item.name} (${item.key})`;
    const raw: unknown = scores[i];
    if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) {
      problems.push({ field: item.key, rule: SHEET_RULES.required, message: `${what}: no score given` });
      return;
    }
    let t: number;
    try {
      t = toTenths(raw as number | string, item.key);
    } catch (e) {
      if (e instanceof PointsError) {
        const rule = e.rule === 'one-decimal' ? SHEET_RULES.oneDecimal : SHEET_RULES.number;
        const reason =
          rule === SHEET_RULES.oneDecimal
            ? 'has more than one decimal place (at most one, e.g. 7.5)'
            : 'is not a number';
        problems.push({ field: item.key, rule, message: `${what}: ${JSON.stringify(raw)} ${reason}` });
        return;
      }
      throw e;
    }
    if (t < 0 || t > item.points * 10) {
      problems.push({
        field: item.key,
        rule: SHEET_RULES.range,
        message: `${what}: ${JSON.stringify(raw)} is outside 0 to ${item.points} points`,
      });
      return;
    }
    tenths.push(t);
  });
  return problems.length > 0 ? { problems } : { tenths };
}

/**
 * The label of the final's featured item for a subject (RULES §3): music → the
 * instrument label, art → drawing, PE → sport, IT → it, social → speech; a
 * subject not in the list, or a kind without a label, gets the 'design' label.
 */
export function featuredLabel(
  subjectCode: string,
  subjects: SubjectDef[],
  labels: Record<FeaturedKind, string>,
): string {
  const kind: FeaturedKind = subjects.find((s) => s.code === subjectCode)?.featured ?? 'design';
  const text = labels[kind] ?? labels.design;
  if (typeof text !== 'string' || text === '') {
    throw new Error(`no featured-item label for "${kind}" and no "design" label to fall back on`);
  }
  return text;
}

/** Key of the final sheet's featured item. */
export const FEATURED_ITEM_KEY = 'featured';

/**
 * The final score sheet as a judge of this subject sees it: a copy of the
 * preset's final sheet with the featured item (key 'featured') renamed to
 * `<item name>（<label>）`, e.g. `特色项目展示（器乐演奏）` for music. A sheet with
 * no featured item is returned as an unchanged copy.
 */
export function finalSheetFor(subjectCode: string, preset: ContestPreset): Sheet {
  const lbl = featuredLabel(subjectCode, preset.subjects, preset.featuredLabels);
  return preset.sheets.final.map((it) => ({
    key: it.key,
    name: it.key === FEATURED_ITEM_KEY ? `${it.name}（${lbl}）` : it.name,
    points: it.points,
  }));
}

/**
 * Item indices by points descending, equal points in sheet order: the
 * tie-break order of RULES §3 ([3, 2, 0, 1] for the preliminary sheet 10/10/30/50).
 */
export function heaviestFirst(sheet: Sheet): number[] {
  return sheet.map((_, i) => i).sort((a, b) => sheet[b].points - sheet[a].points || a - b);
}
