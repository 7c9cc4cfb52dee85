/**
 * The Excel side of the entrant list (exceljs): the school's template (its teachers, the contest's
 * subjects as a drop-down), the all-or-nothing upload of a filled sheet, and the export of the list.
 *
 * Upload sheet (first worksheet, header in row 1): 姓名 | 身份证号 | 学科 | 学段
 *   学科 is a subject name (or code) of the contest; 学段 (小学/初中) is read only for nine-year
 *   schools, where it is required. Rows upsert the school's teachers by ID number.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ExcelJS from 'exceljs';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AppError, ErrorDetail } from '../common/errors';
import { AuthUser } from '../common/roles';
import { Transactions } from '../database/transactions';
import { checkIdNumber } from '../domain/id-number';
import type { Stage, SubjectDef } from '../domain/preset';
import { School } from '../registry/school.entity';
import { Teacher } from '../registry/teacher.entity';
import { TeachersService } from '../registry/teachers.service';
import { UploadResultView } from './dto/entrants.dto';
import { EntrantListsService } from './entrant-lists.service';
import { idFailureZh } from './id-messages';
import { findContest } from '../contests/find-contest';
import { contestRules } from '../contests/contest-rules';
import { GROUP_ORDER } from './list-model';
import { XLSX_MIME } from '../common/download';

export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
export const MAX_UPLOAD_ROWS = 2000;
/** Content types a browser may send for an .xlsx file. */
const ACCEPTED_MIME = new Set([XLSX_MIME, 'application/octet-stream', 'application/zip', 'application/x-zip-compressed', '']);

/** What the upload needs of a multer file (memory storage). */
export interface UploadedXlsx {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

type Field = 'name' | 'idNumber' | 'subject' | 'stage';
const COLUMNS: { field: Field; header: string; letter: string; width: number }[] = [
  { field: 'name', header: '姓名', letter: 'A', width: 14 },
  { field: 'idNumber', header: '身份证号', letter: 'B', width: 24 },
  { field: 'subject', header: '学科', letter: 'C', width: 14 },
  { field: 'stage', header: '学段', letter: 'D', width: 10 },
];
const EXPECTED_HEADER = COLUMNS.map((c) => c.header).join(' | ');
const STAGE_NAMES: Record<Stage, string> = { primary: '小学', junior: '初中' };
const STAGE_BY_TEXT: Record<string, Stage> = { 小学: 'primary', 初中: 'junior', primary: 'primary', junior: 'junior' };
const STATUS_NAMES = { entrant: '参赛', excluded: '不参赛', exempted: '免赛', 'not-submitted': '未列入已提交名单' } as const;

/** One problem of one cell: the row number in the sheet, the column's header, the rule, the reason in English and Chinese. */
export interface RowProblem extends ErrorDetail {
  row: number;
  column: string;
  cell: string;
  messageZh: string;
}

interface SheetRow {
  row: number;
  name: string;
  idNumber: string;
  idIsNumber: boolean;
  subject: string;
  stage: string;
}

/** A cell's text: formulas give their result, rich text its plain text; numbers are flagged. */
function cellText(cell: ExcelJS.Cell): { text: string; numeric: boolean } {
  const v = cell.value;
  if (v === null || v === undefined) return { text: '', numeric: false };
  if (typeof v === 'number') return { text: String(v), numeric: true };
  if (typeof v === 'string') return { text: v.trim(), numeric: false };
  if (typeof v === 'object' && v !== null && 'result' in v && typeof v.result === 'number') return { text: String(v.result), numeric: true };
  return { text: (cell.text ?? '').trim(), numeric: false };
}

function fileError(code: 'NOT_XLSX' | 'EMPTY_SHEET' | 'WRONG_COLUMNS' | 'TOO_MANY_ROWS', message: string, messageZh: string): AppError {
  const detail: ErrorDetail & { messageZh: string } = { field: 'file', rule: code.toLowerCase(), message, messageZh };
  return new AppError(code, message, [detail]);
}

/** Reads the upload sheet: checks the file, the header and the size; returns the non-empty data rows. */
export async function readUploadSheet(file: UploadedXlsx): Promise<SheetRow[]> {
  const isZip = file.buffer.length >= 4 && file.buffer.readUInt32LE(0) === 0x04034b50;
  if (!/\.xlsx$/i.test(file.originalname) || !ACCEPTED_MIME.has(file.mimetype) || !isZip) {
    throw fileError('NOT_XLSX', 'The file is not an Excel .xlsx workbook', '文件不是Excel工作簿（.xlsx）；请使用下载的模板，另存为.xlsx格式后上传');
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file.buffer as unknown as ArrayBuffer);
  } catch {
    throw fileError('NOT_XLSX', 'The file cannot be read as an .xlsx workbook', '文件无法作为Excel工作簿（.xlsx）读取，可能已损坏');
  }
  const ws = wb.worksheets[0];
  if (!ws || ws.actualRowCount === 0) throw fileError('EMPTY_SHEET', 'The first sheet is empty', '第一个工作表是空的');

  const header = ws.getRow(1);
  const width = Math.max(ws.columnCount, COLUMNS.length);
  const found = Array.from({ length: width }, (_, i) => cellText(header.getCell(i + 1)).text);
  const headerOk =
    COLUMNS.slice(0, 3).every((c, i) => found[i] === c.header) &&
    (found[3] === '' || found[3] === COLUMNS[3].header) &&
    found.slice(4).every((t) => t === '');
  if (!headerOk) {
    const shown = found.filter((t, i) => t !== '' || i < 3).map((t) => t || '（空）').join(' | ');
    throw fileError(
      'WRONG_COLUMNS',
      `Row 1 must hold the columns ${EXPECTED_HEADER} (学段 only for nine-year schools); found ${shown}`,
      `第1行应为列名：${EXPECTED_HEADER}（学段仅九年一贯制学校需要填写）；实际为：${shown}`,
    );
  }

  const rows: SheetRow[] = [];
  let tooMany = false;
  ws.eachRow({ includeEmpty: false }, (r, n) => {
    if (n === 1 || tooMany) return;
    const [name, id, subject, stage] = COLUMNS.map((_, i) => cellText(r.getCell(i + 1)));
    if (!name.text && !id.text && !subject.text && !stage.text) return;
    if (rows.length >= MAX_UPLOAD_ROWS) {
      tooMany = true;
      return;
    }
    rows.push({ row: n, name: name.text, idNumber: id.text, idIsNumber: id.numeric, subject: subject.text, stage: stage.text });
  });
  if (tooMany) {
    throw fileError('TOO_MANY_ROWS', `The sheet has more than ${MAX_UPLOAD_ROWS} data rows`, `数据行超过${MAX_UPLOAD_ROWS}行`);
  }
  if (rows.length === 0) throw fileError('EMPTY_SHEET', 'The sheet has no data rows under the header', '表中没有数据行（第1行为列名，从第2行起填写教师）');
  return rows;
}

function contentName(subjects: SubjectDef[]): string {
  return subjects.map((s) => s.name).join('、');
}

@Injectable()
export class EntrantsExcelService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly lists: EntrantListsService,
    private readonly teachers: TeachersService,
  ) {}

  /** The school's template: its registered teachers, with the subjects (and stages) as drop-downs. */
  async template(user: AuthUser, contestId: number, schoolId: number): Promise<{ buffer: Buffer; filename: string }> {
    const v = await this.lists.view(user, contestId, schoolId);
    const contest = await findContest(this.dataSource.manager, contestId);
    const stages: Stage[] = v.school.stage === 'nine-year' ? ['primary', 'junior'] : [v.school.stage as Stage];
    const subjects = contest.subjects.filter((s) => s.stages.some((st) => stages.includes(st)));

    const wb = new ExcelJS.Workbook();
    wb.created = this.clock.now();
    const ws = wb.addWorksheet('教师名单', { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = COLUMNS.map((c) => ({ header: c.header, key: c.field, width: c.width }));
    ws.getRow(1).font = { bold: true };
    ws.getColumn(2).numFmt = '@';
    const teachers = [...v.entries].sort((a, b) => a.teacherId - b.teacherId);
    for (const e of teachers) {
      ws.addRow({ name: e.name, idNumber: e.idNumber, subject: e.subjectName, stage: v.school.stage === 'nine-year' ? STAGE_NAMES[e.stage] : '' });
    }
    const last = Math.max(teachers.length + 1, 1) + 500;
    const list = wb.addWorksheet('学科', { state: 'hidden' });
    subjects.forEach((s, i) => (list.getCell(i + 1, 1).value = s.name));
    const validations = (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
    validations.add(`C2:C${last}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`'学科'!$A$1:$A$${subjects.length}`],
      showErrorMessage: true,
      errorTitle: '学科',
      error: '请从下拉列表中选择学科',
    });
    if (v.school.stage === 'nine-year') {
      validations.add(`D2:D${last}`, { type: 'list', allowBlank: true, formulae: ['"小学,初中"'], showErrorMessage: true, error: '请选择小学或初中' });
    }
    for (let r = 2; r <= last; r++) ws.getCell(r, 2).numFmt = '@';

    const help = wb.addWorksheet('填写说明');
    help.getColumn(1).width = 100;
    [
      `${v.contest.name} · ${v.school.name} · 初赛参赛教师名单`,
      '1. 在“教师名单”表中每行填写一位本校在编教师：姓名、身份证号（18位，文本格式）、学科（从下拉列表选择）。',
      v.school.stage === 'nine-year' ? '2. 本校为九年一贯制学校：每位教师须填写学段（小学或初中）。' : '2. 学段一列本校无需填写。',
      '3. 已登记的教师按身份证号更新姓名和学科；新身份证号将新增教师。未出现在表中的已登记教师保留不变。',
      '4. 上传时逐行校验，只要有一行有误，整个文件都不会保存，并列出每个错误的行号、列和原因。',
      `5. 文件不超过${MAX_UPLOAD_BYTES / 1024 / 1024} MB，数据不超过${MAX_UPLOAD_ROWS}行；请勿修改第1行的列名。`,
      `可选学科：${contentName(subjects)}`,
    ].forEach((line, i) => (help.getCell(i + 1, 1).value = line));
    help.getRow(1).font = { bold: true, size: 14 };

    return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), filename: `${v.school.code}-教师名单模板.xlsx` };
  }

  /** The school's list as Excel: every teacher with status, group and subject, and a summary sheet. */
  async export(user: AuthUser, contestId: number, schoolId: number): Promise<{ buffer: Buffer; filename: string }> {
    const v = await this.lists.view(user, contestId, schoolId);
    const { groupNames } = contestRules(await findContest(this.dataSource.manager, contestId));
    const wb = new ExcelJS.Workbook();
    wb.created = this.clock.now();
    const ws = wb.addWorksheet('参赛名单', { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = [
      { header: '序号', key: 'no', width: 6 },
      { header: '参赛编号', key: 'code', width: 10 },
      { header: '姓名', key: 'name', width: 12 },
      { header: '身份证号', key: 'idNumber', width: 22 },
      { header: '性别', key: 'gender', width: 6 },
      { header: '学段', key: 'stage', width: 6 },
      { header: '学科', key: 'subject', width: 10 },
      { header: '组别', key: 'group', width: 12 },
      { header: '状态', key: 'status', width: 10 },
      { header: '说明', key: 'note', width: 50 },
    ];
    ws.getRow(1).font = { bold: true };
    v.entries.forEach((e, i) =>
      ws.addRow({
        no: i + 1,
        code: e.code ?? '',
        name: e.name,
        idNumber: e.idNumber,
        gender: e.gender === 'male' ? '男' : '女',
        stage: STAGE_NAMES[e.stage],
        subject: e.subjectName,
        group: e.groupName,
        status: STATUS_NAMES[e.status],
        note: e.status === 'excluded' ? e.exclusions.map((x) => x.reason).join('；') : (e.exemptionKindName ?? ''),
      }),
    );
    ws.getColumn(4).numFmt = '@';
    const sum = wb.addWorksheet('汇总');
    sum.getColumn(1).width = 16;
    sum.getColumn(2).width = 40;
    const stateNames = { 'not-started': '未开始', draft: '填报中', submitted: '已提交', late: '逾期未提交', extended: '已延期' };
    [
      ['比赛', v.contest.name],
      ['学校', `${v.school.name}（${v.school.code}）`],
      ['区县', v.school.district.name],
      ['状态', stateNames[v.state] + (v.submittedAt ? `，提交于 ${v.submittedAt}` : '')],
      ['截止日期', v.deadline],
      ['导出日期', this.clock.today()],
      ['教师总数', v.counts.teachers],
      ['参赛', v.counts.entrants],
      ...GROUP_ORDER.map((g) => [groupNames[g], v.counts.byGroup[g]]),
      ['不参赛', v.counts.excluded],
      ['免赛', v.counts.exempted],
    ].forEach((r) => sum.addRow(r));
    return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), filename: `${v.school.code}-初赛参赛名单.xlsx` };
  }

  /**
   * The upload: every row is checked (name, ID number, subject, stage, duplicates within the file
   * and against other schools); one bad row stores nothing and the answer lists every problem.
   * Good files upsert the school's teachers by ID number, in one transaction.
   */
  async upload(user: AuthUser, contestId: number, schoolId: number, file: UploadedXlsx | undefined): Promise<UploadResultView> {
    return this.tx.run(async (em) => {
      // The school, the contest, the deadline and the lock come first: a late file is refused as late.
      const ctx = await this.lists.openForSchoolChange(em, user, contestId, schoolId);
      if (!file || !file.buffer) {
        throw AppError.field('FILE_REQUIRED', 'file', 'required', 'Send the .xlsx file in the multipart field "file"');
      }
      const rows = await readUploadSheet(file);
      const { school, rules } = ctx;
      const problems: RowProblem[] = [];
      const add = (r: SheetRow, field: Field, rule: string, message: string, messageZh: string) => {
        const col = COLUMNS.find((c) => c.field === field)!;
        problems.push({ row: r.row, column: col.header, cell: `${col.letter}${r.row}`, field, rule, message, messageZh });
      };

      const today = this.clock.today();
      const parsed = rows.map((r) => {
        if (!r.name) add(r, 'name', 'required', 'The name is empty', '姓名不能为空');
        else if (Array.from(r.name).length > 50) add(r, 'name', 'maxLength', 'The name is longer than 50 characters', '姓名不能超过50个字');

        let idNumber: string | null = null;
        if (r.idIsNumber) {
          add(r, 'idNumber', 'text', 'The ID number is stored as a number (digits may be lost); format the column as text',
            '身份证号被Excel存成了数字，末几位可能已丢失；请把该列设为文本格式后重新填写');
        } else {
          const check = checkIdNumber(r.idNumber, { today });
          if (check.valid) idNumber = check.id;
          else add(r, 'idNumber', check.code, check.reason, idFailureZh(r.idNumber, check));
        }

        let stage: Stage | null = school.stage === 'nine-year' ? null : school.stage;
        if (school.stage === 'nine-year') {
          if (!r.stage) add(r, 'stage', 'required', 'A nine-year school must give the stage (小学 or 初中)', '九年一贯制学校须填写学段（小学或初中）');
          else if (!STAGE_BY_TEXT[r.stage]) add(r, 'stage', 'isIn', `Unknown stage "${r.stage}"; use 小学 or 初中`, `学段“${r.stage}”无效，应为小学或初中`);
          else stage = STAGE_BY_TEXT[r.stage];
        }

        const subject = rules.subjects.find((s) => s.name === r.subject || s.code === r.subject) ?? null;
        if (!r.subject) add(r, 'subject', 'required', 'The subject is empty', '学科不能为空');
        else if (!subject) {
          add(r, 'subject', 'isIn', `Unknown subject "${r.subject}"`, `学科“${r.subject}”不在本次比赛的学科中（${contentName(rules.subjects)}）`);
        } else if (stage && !subject.stages.includes(stage)) {
          add(r, 'subject', 'stage', `Subject ${subject.name} is not offered at the ${stage} stage`, `学科“${subject.name}”不在${STAGE_NAMES[stage]}学段开设`);
        }
        return { r, idNumber, stage, subject };
      });

      // Duplicates within the file: every row of a repeated number is named, with the others.
      const byId = new Map<string, number[]>();
      for (const p of parsed) if (p.idNumber) byId.set(p.idNumber, [...(byId.get(p.idNumber) ?? []), p.r.row]);
      for (const p of parsed) {
        const same = p.idNumber ? byId.get(p.idNumber)!.filter((n) => n !== p.r.row) : [];
        if (same.length) {
          add(p.r, 'idNumber', 'duplicate', `The same ID number is on row(s) ${same.join(', ')}`, `与第${same.join('、')}行的身份证号重复`);
        }
      }

      // Against the registry: a number of another school's teacher is refused.
      const ids = [...byId.keys()];
      const existing = new Map<string, Teacher>();
      for (let i = 0; i < ids.length; i += 500) {
        const found = await em.getRepository(Teacher).find({ where: { idNumber: In(ids.slice(i, i + 500)) }, relations: { school: true } });
        for (const t of found) existing.set(t.idNumber, t);
      }
      for (const p of parsed) {
        const t = p.idNumber ? existing.get(p.idNumber) : undefined;
        if (t && t.schoolId !== school.id) {
          const other = t.school as School;
          add(p.r, 'idNumber', 'other-school', `This ID number is registered at another school (${other.code} ${other.name})`,
            `该身份证号已登记在其他学校（${other.name}），请联系该校或区教育局核实`);
        }
      }

      if (problems.length) {
        const order = COLUMNS.map((c) => c.field as string);
        problems.sort((a, b) => a.row - b.row || order.indexOf(a.field) - order.indexOf(b.field));
        const badRows = new Set(problems.map((p) => p.row)).size;
        throw new AppError('INVALID_ROWS', `${problems.length} problem(s) in ${badRows} row(s); nothing was stored`, problems);
      }

      // Every row is good: upsert the school's teachers through the registry (same checks, same audit).
      const before = await em.getRepository(Teacher).findBy({ schoolId: school.id });
      let created = 0;
      let updated = 0;
      let unchanged = 0;
      const nineYear = school.stage === 'nine-year';
      for (const p of parsed) {
        const t = existing.get(p.idNumber!);
        const subject = p.subject!.code;
        if (!t) {
          await this.teachers.create(user, {
            name: p.r.name,
            idNumber: p.idNumber!,
            subject,
            schoolId: school.id,
            ...(nineYear && { stage: p.stage! }),
          });
          created++;
        } else if (t.name !== p.r.name || t.subject !== subject || (nineYear && t.stage !== p.stage)) {
          await this.teachers.update(user, t.id, { name: p.r.name, subject, ...(nineYear && { stage: p.stage! }) });
          updated++;
        } else unchanged++;
      }
      const inFile = new Set(ids);
      const notInFile = before.filter((t) => !inFile.has(t.idNumber)).map((t) => ({ id: t.id, name: t.name }));
      const result = { rows: rows.length, created, updated, unchanged, notInFile };
      await this.audit.append(em, {
        actor: user,
        action: 'entrant_list.upload',
        entityType: 'entrant_list',
        entityId: ctx.list.id,
        after: { file: file.originalname, size: file.size, rows: rows.length, created, updated, unchanged },
      });
      return result;
    });
  }
}
