/**
 * The judge pool sheet (exceljs), in the style of the entrant upload: first worksheet, header in
 * row 1: 姓名 | 手机号 | 学校 | 可评学科. 学校 is a school code or name (empty: none, e.g. a
 * teaching researcher); 可评学科 lists subject names or codes separated by 、 , ， / or spaces
 * (empty: any subject). All or nothing: every bad row is named with its row, column and reason.
 */
import ExcelJS from 'exceljs';
import { AppError, ErrorDetail, SheetCellProblem } from '../common/errors';
import { XLSX_MIME } from '../common/download';
import type { SubjectDef } from '../domain/preset';

export const MAX_POOL_UPLOAD_BYTES = 2 * 1024 * 1024;
export const MAX_POOL_ROWS = 2000;
const ACCEPTED_MIME = new Set([XLSX_MIME, 'application/octet-stream', 'application/zip', 'application/x-zip-compressed', '']);

export interface UploadedPoolXlsx {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

type Field = 'name' | 'phone' | 'school' | 'subjects';
export const POOL_COLUMNS: { field: Field; header: string; letter: string; width: number }[] = [
  { field: 'name', header: '姓名', letter: 'A', width: 14 },
  { field: 'phone', header: '手机号', letter: 'B', width: 16 },
  { field: 'school', header: '学校', letter: 'C', width: 28 },
  { field: 'subjects', header: '可评学科', letter: 'D', width: 28 },
];
const EXPECTED_HEADER = POOL_COLUMNS.map((c) => c.header).join(' | ');

export type PoolRowProblem = SheetCellProblem;

export interface PoolSheetRow {
  row: number;
  name: string;
  phone: string;
  school: string;
  subjects: string;
}

export interface ParsedJudge {
  row: number;
  name: string;
  phone: string;
  schoolId: number | null;
  districtId: number | null;
  subjects: string[] | null;
}

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'object' && 'result' in v && v.result !== undefined && v.result !== null) return String(v.result).trim();
  return (cell.text ?? '').trim();
}

function fileError(code: 'NOT_XLSX' | 'EMPTY_SHEET' | 'WRONG_COLUMNS' | 'TOO_MANY_ROWS', message: string, messageZh: string): AppError {
  return new AppError(code, message, [{ field: 'file', rule: code.toLowerCase(), message, messageZh } as ErrorDetail]);
}

export async function readPoolSheet(file: UploadedPoolXlsx | undefined): Promise<PoolSheetRow[]> {
  if (!file || !file.buffer) throw AppError.field('FILE_REQUIRED', 'file', 'required', 'Send the .xlsx file in the multipart field "file"');
  const isZip = file.buffer.length >= 4 && file.buffer.readUInt32LE(0) === 0x04034b50;
  if (!/\.xlsx$/i.test(file.originalname) || !ACCEPTED_MIME.has(file.mimetype) || !isZip) {
    throw fileError('NOT_XLSX', 'The file is not an Excel .xlsx workbook', '文件不是Excel工作簿（.xlsx）');
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file.buffer as unknown as ArrayBuffer);
  } catch {
    throw fileError('NOT_XLSX', 'The file cannot be read as an .xlsx workbook', '文件无法作为Excel工作簿（.xlsx）读取，可能已损坏');
  }
  const ws = wb.worksheets[0];
  if (!ws || ws.actualRowCount === 0) throw fileError('EMPTY_SHEET', 'The first sheet is empty', '第一个工作表是空的');
  const found = POOL_COLUMNS.map((_, i) => cellText(ws.getRow(1).getCell(i + 1)));
  if (POOL_COLUMNS.some((c, i) => found[i] !== c.header)) {
    const shown = found.map((t) => t || '（空）').join(' | ');
    throw fileError('WRONG_COLUMNS', `Row 1 must hold the columns ${EXPECTED_HEADER}; found ${shown}`, `第1行应为列名：${EXPECTED_HEADER}；实际为：${shown}`);
  }
  const rows: PoolSheetRow[] = [];
  let tooMany = false;
  ws.eachRow({ includeEmpty: false }, (r, n) => {
    if (n === 1 || tooMany) return;
    const [name, phone, school, subjects] = POOL_COLUMNS.map((_, i) => cellText(r.getCell(i + 1)));
    if (!name && !phone && !school && !subjects) return;
    if (rows.length >= MAX_POOL_ROWS) {
      tooMany = true;
      return;
    }
    rows.push({ row: n, name, phone, school, subjects });
  });
  if (tooMany) throw fileError('TOO_MANY_ROWS', `The sheet has more than ${MAX_POOL_ROWS} data rows`, `数据行超过${MAX_POOL_ROWS}行`);
  if (!rows.length) throw fileError('EMPTY_SHEET', 'The sheet has no data rows under the header', '表中没有数据行（第1行为列名，从第2行起每行一位评委）');
  return rows;
}

/**
 * Checks every row; returns the judges, or throws INVALID_ROWS naming every problem.
 * `schools`: every school by code and by name (a name shared by two schools is ambiguous).
 */
export function parsePoolRows(
  rows: PoolSheetRow[],
  subjects: SubjectDef[],
  schools: { id: number; code: string; name: string; districtId: number }[],
  accountProblem: (phone: string) => string | null,
): ParsedJudge[] {
  const problems: PoolRowProblem[] = [];
  const add = (r: PoolSheetRow, field: Field, rule: string, message: string, messageZh: string) => {
    const col = POOL_COLUMNS.find((c) => c.field === field)!;
    problems.push({ row: r.row, column: col.header, cell: `${col.letter}${r.row}`, field, rule, message, messageZh });
  };
  const byCode = new Map(schools.map((s) => [s.code, s]));
  const byName = new Map<string, typeof schools>();
  for (const s of schools) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  const subjectBy = new Map<string, string>();
  for (const s of subjects) {
    subjectBy.set(s.code, s.code);
    subjectBy.set(s.name, s.code);
  }
  const phones = new Map<string, number>();
  const out: ParsedJudge[] = [];
  for (const r of rows) {
    if (!r.name) add(r, 'name', 'required', 'The name is empty', '姓名不能为空');
    else if (Array.from(r.name).length > 50) add(r, 'name', 'maxLength', 'The name is longer than 50 characters', '姓名不能超过50个字');
    if (!/^1\d{10}$/.test(r.phone)) add(r, 'phone', 'mobile', `"${r.phone}" is not an 11-digit mobile number`, `手机号“${r.phone}”不是11位手机号码`);
    else if (phones.has(r.phone)) add(r, 'phone', 'unique', `The phone number also appears in row ${phones.get(r.phone)}`, `手机号与第${phones.get(r.phone)}行重复`);
    else {
      phones.set(r.phone, r.row);
      const why = accountProblem(r.phone);
      if (why) add(r, 'phone', 'account', why, '该手机号对应的账号不是评委账号');
    }
    let school: (typeof schools)[number] | null = null;
    if (r.school) {
      const named = byName.get(r.school) ?? [];
      school = byCode.get(r.school) ?? (named.length === 1 ? named[0] : null);
      if (!school) {
        if (named.length > 1) add(r, 'school', 'ambiguous', `Several schools are named "${r.school}"; give the school code`, `有多所学校名为“${r.school}”，请填写学校代码`);
        else add(r, 'school', 'unknown', `Unknown school "${r.school}"`, `学校“${r.school}”不存在（填写学校名称或代码）`);
      }
    }
    let subjectCodes: string[] | null = null;
    if (r.subjects) {
      const parts = r.subjects.split(/[、,，/\s]+/).filter(Boolean);
      const unknown = parts.filter((p) => !subjectBy.has(p));
      if (unknown.length) add(r, 'subjects', 'unknown', `Unknown subject(s): ${unknown.join(', ')}`, `学科“${unknown.join('、')}”不在本次比赛的学科中`);
      else subjectCodes = [...new Set(parts.map((p) => subjectBy.get(p)!))];
    }
    out.push({ row: r.row, name: r.name, phone: r.phone, schoolId: school?.id ?? null, districtId: school?.districtId ?? null, subjects: subjectCodes });
  }
  if (problems.length) {
    const first = problems.slice(0, 3).map((p) => `row ${p.row} ${p.column}: ${p.message}`).join('; ');
    throw new AppError('INVALID_ROWS', `${problems.length} problem(s) in the sheet, nothing was stored: ${first}${problems.length > 3 ? '; …' : ''}`, problems);
  }
  return out;
}

/** The pool template: the header, a sample row and the contest's subjects as a help line. */
export async function poolTemplate(subjects: SubjectDef[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('评委名单', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = POOL_COLUMNS.map((c) => ({ header: c.header, key: c.field, width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.getColumn(2).numFmt = '@';
  const help = wb.addWorksheet('填写说明');
  help.getColumn(1).width = 100;
  [
    '1. 每行一位评委：姓名、11位手机号、所在学校（名称或代码，可空）、可评学科（多个用顿号分隔，空表示不限）。',
    '2. 上传时逐行校验，只要有一行有误，整个文件都不会保存，并列出每个错误的行号、列和原因。',
    `可选学科：${subjects.map((s) => s.name).join('、')}`,
  ].forEach((line, i) => (help.getCell(i + 1, 1).value = line));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
