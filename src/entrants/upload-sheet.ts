/**
 * Reading an uploaded workbook as school clerks really make it (runs inside the parser worker,
 * upload-worker.ts; no NestJS here):
 *
 * - every sheet is streamed (exceljs WorkbookReader): rows are never all loaded at once, and
 *   reading stops at the row limit;
 * - the header is the first row, within the first HEADER_SEARCH_ROWS rows of a sheet, holding at
 *   least two of the known columns by name (synonyms, spaces and notes in brackets ignored), in
 *   any order; the first such sheet (in the workbook's tab order) is read; other columns are ignored
 *   and named;
 * - each cell becomes a plain `SheetCell`: text (NFKC-normalised, zero-width characters removed,
 *   the change recorded), a number, a date, a formula without a stored result, an error value.
 */
import ExcelJS from 'exceljs';
import { Readable } from 'stream';
import { streamOrderedZip, zipEntries } from './xlsx-guard';

export type UploadField = 'name' | 'idNumber' | 'subject' | 'stage';

/** The columns an upload may have, with the header texts accepted for each (after normalisation). */
export const UPLOAD_COLUMNS: { field: UploadField; header: string; synonyms: string[]; required: boolean }[] = [
  { field: 'name', header: '姓名', synonyms: ['姓名', '教师姓名', '名字'], required: true },
  {
    field: 'idNumber',
    header: '身份证号',
    synonyms: ['身份证号', '身份证号码', '身份证', '证件号码', '公民身份号码', '公民身份证号码', '身份证件号码', '居民身份证号码'],
    required: true,
  },
  { field: 'subject', header: '学科', synonyms: ['学科', '任教学科', '科目', '任教科目', '学科名称'], required: true },
  { field: 'stage', header: '学段', synonyms: ['学段', '任教学段'], required: false },
];

/** Rows searched for the header at the top of each sheet. */
export const HEADER_SEARCH_ROWS = 10;
/** Data rows (non-empty) read at most. */
export const MAX_UPLOAD_ROWS = 2000;
/** Rows a sheet may reach at all (empty but formatted rows count): past this the file is refused. */
export const MAX_SHEET_ROWS = 5000;

export type SheetCell =
  | { kind: 'empty' }
  | { kind: 'text'; text: string; fixes?: TextFix[] }
  | { kind: 'number'; text: string }
  | { kind: 'date' }
  | { kind: 'formula' }
  | { kind: 'error'; text: string };

/** What normalisation changed in a cell's text. */
export type TextFix = 'full-width' | 'zero-width' | 'spaces';

export interface SheetDataRow {
  row: number;
  cells: Partial<Record<UploadField, SheetCell>>;
}

export interface SheetColumn {
  field: UploadField;
  letter: string;
  header: string;
}

export interface SheetRead {
  ok: true;
  sheet: string;
  headerRow: number;
  columns: SheetColumn[];
  /** Header cells that are not an upload column (ignored), with their column letter. */
  ignored: { letter: string; header: string }[];
  rows: SheetDataRow[];
  /** Other sheets that also hold a header (not read). */
  otherSheets: string[];
}

export interface SheetRefusal {
  ok: false;
  code: 'EMPTY_SHEET' | 'WRONG_COLUMNS' | 'TOO_MANY_ROWS' | 'NOT_XLSX';
  rule: string;
  message: string;
  messageZh: string;
}

export type SheetResult = SheetRead | SheetRefusal;

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD\u180E]/g;

/**
 * Text as stored: zero-width characters removed, trimmed; with `nfkc`, also NFKC (full-width digits
 * and letters to half-width); with `removeSpaces`, no spaces at all (the ID number).
 * Names keep their full-width characters (NFKC would turn 「（」 into 「(」 in a name as typed).
 */
export function normaliseText(raw: string, opts: { nfkc?: boolean; removeSpaces?: boolean } = {}): { text: string; fixes: TextFix[] } {
  const fixes: TextFix[] = [];
  let s = raw;
  const noZero = s.replace(ZERO_WIDTH, '');
  if (noZero !== s) fixes.push('zero-width');
  s = noZero;
  if (opts.nfkc) {
    const nfkc = s.normalize('NFKC');
    // A full-width space alone is not worth a notice; full-width digits, letters and signs are.
    if (nfkc !== s && nfkc !== s.replace(/\u3000/g, ' ')) fixes.push('full-width');
    s = nfkc;
  }
  s = s.trim();
  if (opts.removeSpaces) {
    const compact = s.replace(/\s+/g, '');
    if (compact !== s) fixes.push('spaces');
    s = compact;
  }
  return { text: s, fixes };
}

/** A header cell's text reduced to compare with the column names: no spaces, no notes in brackets, no required-marks. */
export function headerKey(raw: string): string {
  return normaliseText(raw, { nfkc: true })
    .text.replace(/[(（[【][^)）\]】]*[)）\]】]/g, '')
    .replace(/[\s*＊:：]/g, '');
}

const COLUMN_BY_KEY = new Map<string, UploadField>(UPLOAD_COLUMNS.flatMap((c) => c.synonyms.map((s) => [s, c.field] as [string, UploadField])));

export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

type CellValue = ExcelJS.CellValue | { sharedString: number } | undefined;

/** How a column's text is normalised: the ID number NFKC without spaces, names as typed, the rest NFKC. */
export type CellMode = 'id' | 'name' | 'plain';

/** A cell's value as a SheetCell. */
export function toSheetCell(value: CellValue, mode: CellMode = 'plain'): SheetCell {
  if (value === null || value === undefined) return { kind: 'empty' };
  if (typeof value === 'number') return Number.isFinite(value) ? { kind: 'number', text: String(value) } : { kind: 'error', text: String(value) };
  if (typeof value === 'boolean') return { kind: 'text', text: value ? 'TRUE' : 'FALSE' };
  if (value instanceof Date) return { kind: 'date' };
  if (typeof value === 'string') {
    const n = normaliseText(value, { nfkc: mode !== 'name', removeSpaces: mode === 'id' });
    if (n.text === '') return { kind: 'empty' };
    return n.fixes.length ? { kind: 'text', text: n.text, fixes: n.fixes } : { kind: 'text', text: n.text };
  }
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as { result?: unknown }).result;
      if (result === undefined || result === null || result === '') return { kind: 'formula' };
      if (typeof result === 'object' && result !== null && 'error' in result) return { kind: 'error', text: String((result as { error: unknown }).error) };
      return toSheetCell(result as CellValue, mode);
    }
    if ('richText' in value && Array.isArray(value.richText)) return toSheetCell(value.richText.map((r) => r.text ?? '').join(''), mode);
    if ('error' in value) return { kind: 'error', text: String(value.error) };
    if ('text' in value && typeof value.text === 'string') return toSheetCell(value.text, mode);
    if ('sharedString' in value) return { kind: 'empty' };
  }
  return { kind: 'text', text: String(value) };
}

/** A header candidate: the upload columns a row names, with their column numbers. */
interface HeaderMatch {
  row: number;
  columns: { field: UploadField; col: number; header: string }[];
  ignored: { col: number; header: string }[];
  duplicates: string[];
}

function matchHeader(row: number, texts: { col: number; text: string }[]): HeaderMatch | null {
  const columns: HeaderMatch['columns'] = [];
  const ignored: HeaderMatch['ignored'] = [];
  const duplicates: string[] = [];
  for (const { col, text } of texts) {
    const field = COLUMN_BY_KEY.get(headerKey(text));
    if (!field) ignored.push({ col, header: text });
    else if (columns.some((c) => c.field === field)) duplicates.push(text);
    else columns.push({ field, col, header: text });
  }
  const known = columns.filter((c) => c.field !== 'stage').length;
  return known >= 2 ? { row, columns, ignored, duplicates } : null;
}

function rowTexts(row: ExcelJS.Row): { col: number; text: string }[] {
  const texts: { col: number; text: string }[] = [];
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    const c = toSheetCell(cell.value as CellValue);
    if (c.kind === 'text' || c.kind === 'number') texts.push({ col, text: c.text });
  });
  return texts;
}

const EXPECTED = '姓名、身份证号、学科（九年一贯制学校另需学段）';

function refusal(code: SheetRefusal['code'], rule: string, message: string, messageZh: string): SheetRefusal {
  return { ok: false, code, rule, message, messageZh };
}

/** The first non-empty row of a sheet, shown when no header is found (each distinct text once: merged titles are not repeated). */
function shownRow(texts: { col: number; text: string }[]): string {
  return [...new Set(texts.map((t) => t.text))].join(' | ');
}

interface SheetScan {
  name: string;
  order: number;
  header: HeaderMatch | null;
  firstTexts: { row: number; texts: { col: number; text: string }[] } | null;
  rows: SheetDataRow[];
}

/** The sheet's name and tab position, also for workbooks whose relationships use absolute targets (openpyxl). */
function sheetIdentity(reader: unknown, ws: { id: unknown; name: string }): { name: string; order: number } {
  const r = reader as { workbookRels?: { Id: string; Target: string }[]; model?: { sheets?: { id: number; name: string; rId: string }[] } };
  const sheets = r.model?.sheets ?? [];
  let sheet = sheets.find((s) => s.id === ws.id && s.name === ws.name);
  if (!sheet) {
    const file = `worksheets/sheet${String(ws.id)}.xml`;
    const rel = (r.workbookRels ?? []).find((x) => x.Target.replace(/^\/?(xl\/)?/, '') === file);
    sheet = rel ? sheets.find((s) => s.rId === rel.Id) : undefined;
  }
  return sheet ? { name: sheet.name, order: sheets.indexOf(sheet) } : { name: ws.name, order: 1000 + Number(ws.id) || 0 };
}

/**
 * Streams the workbook and returns the rows of the first sheet with a header, or why it cannot be
 * read. Reading stops at MAX_UPLOAD_ROWS data rows, and at MAX_SHEET_ROWS rows of any sheet.
 */
export async function readWorkbook(buffer: Buffer): Promise<SheetResult> {
  const unreadable = refusal('NOT_XLSX', 'unreadable', 'The file cannot be read as an .xlsx workbook', '文件无法作为Excel工作簿（.xlsx）读取，可能已损坏；请用Excel或WPS打开后另存为.xlsx再上传');
  // The parts the sheets need come first, so that every sheet is streamed as it comes.
  const zip = streamOrderedZip(buffer);
  if (!zip) return unreadable;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([zip]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  // Without a shared-strings part exceljs would still wait for one (parking the sheets in temporary files).
  if (!(zipEntries(zip) ?? []).some((e) => e.name === 'xl/sharedStrings.xml')) (reader as unknown as { sharedStrings: unknown[] }).sharedStrings = [];
  const scans: SheetScan[] = [];
  try {
    for await (const ws of reader) {
      const id = sheetIdentity(reader, ws as unknown as { id: unknown; name: string });
      const scan: SheetScan = { ...id, header: null, firstTexts: null, rows: [] };
      scans.push(scan);
      const collecting = !scans.some((s) => s !== scan && s.header && s.order < scan.order);
      let fields: { field: UploadField; col: number }[] = [];
      for await (const row of ws as unknown as AsyncIterable<ExcelJS.Row>) {
        if (row.number > MAX_SHEET_ROWS) {
          return refusal(
            'TOO_MANY_ROWS',
            'sheet-rows',
            `Sheet ${scan.name} goes beyond row ${MAX_SHEET_ROWS}`,
            `工作表“${scan.name}”超过了${MAX_SHEET_ROWS}行（只设置了格式的空行也算在内）；请删除名单下方多余的行后重新上传`,
          );
        }
        if (!scan.header) {
          if (row.number > HEADER_SEARCH_ROWS) continue;
          const texts = rowTexts(row);
          if (texts.length && !scan.firstTexts) scan.firstTexts = { row: row.number, texts };
          const match = texts.length ? matchHeader(row.number, texts) : null;
          if (match) {
            scan.header = match;
            fields = match.columns.map((c) => ({ field: c.field, col: c.col }));
          }
          continue;
        }
        if (!collecting) continue;
        const cells: SheetDataRow['cells'] = {};
        let any = false;
        for (const f of fields) {
          const c = toSheetCell(row.getCell(f.col).value as CellValue, f.field === 'idNumber' ? 'id' : f.field === 'name' ? 'name' : 'plain');
          if (c.kind !== 'empty') {
            cells[f.field] = c;
            any = true;
          }
        }
        if (!any) continue;
        if (scan.rows.length >= MAX_UPLOAD_ROWS) {
          return refusal('TOO_MANY_ROWS', 'rows', `The sheet has more than ${MAX_UPLOAD_ROWS} data rows`, `工作表“${scan.name}”的数据超过${MAX_UPLOAD_ROWS}行`);
        }
        scan.rows.push({ row: row.number, cells });
      }
    }
  } catch {
    return unreadable;
  }
  return decide(scans);
}

function decide(scans: SheetScan[]): SheetResult {
  scans.sort((a, b) => a.order - b.order);
  if (!scans.length || scans.every((s) => !s.firstTexts)) {
    return refusal('EMPTY_SHEET', 'empty', 'The workbook has no filled sheet', '工作簿是空的：没有填写内容的工作表');
  }
  const withHeader = scans.filter((s) => s.header);
  if (!withHeader.length) {
    const first = scans.find((s) => s.firstTexts)!;
    const shown = shownRow(first.firstTexts!.texts);
    return refusal(
      'WRONG_COLUMNS',
      'no-header',
      `No header row (${EXPECTED}) in the first ${HEADER_SEARCH_ROWS} rows of any sheet; sheet ${first.name} row ${first.firstTexts!.row}: ${shown}`,
      `在各工作表的前${HEADER_SEARCH_ROWS}行中没有找到表头（应有列名：${EXPECTED}）；工作表“${first.name}”第${first.firstTexts!.row}行为：${shown}`,
    );
  }
  const chosen = withHeader[0];
  const h = chosen.header!;
  const where = `工作表“${chosen.name}”第${h.row}行的表头`;
  if (h.duplicates.length) {
    return refusal('WRONG_COLUMNS', 'duplicate-column', `Sheet ${chosen.name} row ${h.row}: repeated column(s) ${h.duplicates.join(', ')}`, `${where}中有重复的列：${h.duplicates.join('、')}`);
  }
  const missing = UPLOAD_COLUMNS.filter((c) => c.required && !h.columns.some((x) => x.field === c.field)).map((c) => c.header);
  if (missing.length) {
    const shown = [...h.columns.map((c) => c.header), ...h.ignored.map((c) => c.header)].join(' | ');
    return refusal(
      'WRONG_COLUMNS',
      'missing-column',
      `Sheet ${chosen.name} row ${h.row} lacks the column(s) ${missing.join(', ')} (expected ${EXPECTED}); found ${shown}`,
      `${where}缺少“${missing.join('”“')}”列（应有列名：${EXPECTED}）；实际为：${shown}`,
    );
  }
  if (!chosen.rows.length) {
    return refusal('EMPTY_SHEET', 'no-rows', `Sheet ${chosen.name} has no data rows under the header (row ${h.row})`, `${where}下面没有数据行（从第${h.row + 1}行起每行填写一位教师）`);
  }
  return {
    ok: true,
    sheet: chosen.name,
    headerRow: h.row,
    columns: h.columns.map((c) => ({ field: c.field, letter: columnLetter(c.col), header: c.header })),
    ignored: h.ignored.map((c) => ({ letter: columnLetter(c.col), header: c.header })),
    rows: chosen.rows,
    otherSheets: withHeader.slice(1).map((s) => s.name),
  };
}
