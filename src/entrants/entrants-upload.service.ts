/**
 * The upload of a filled sheet, in two steps:
 *
 * 1. preview: the file is read (upload-parser.ts: checked, streamed in a worker), every row checked
 *    (name, ID number, subject, stage, duplicates within the file and against other schools), and
 *    compared with the school's registered teachers: created / unchanged / changed (old → new per
 *    field, a name change flagged as unusual) / registered but not in the file. Nothing is stored.
 *    The answer carries a confirm token bound to the file (SHA-256) and to the school's teachers and
 *    the contest as they are now (HMAC with the service's secret).
 * 2. apply: the same file and the token; refused when the file or the list changed since the
 *    preview; otherwise the rows upsert the school's teachers by ID number in one transaction.
 *
 * A bad row stores nothing and the answer lists every problem (INVALID_ROWS), in either step.
 */
import { Injectable } from '@nestjs/common';
import { createHash, createHmac, timingSafeEqual } from 'crypto';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AppError, ErrorDetail, SheetCellProblem } from '../common/errors';
import { AuthUser } from '../common/roles';
import { AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { checkIdNumber } from '../domain/id-number';
import { Stage, SubjectDef } from '../domain/preset';
import { matchSubject } from '../domain/subject-names';
import { School } from '../registry/school.entity';
import { teachersByIdNumbers, teachersOfSchools } from '../registry/find-registry';
import type { Teacher } from '../registry/teacher.entity';
import { TeachersService } from '../registry/teachers.service';
import { UploadResultView } from './dto/entrants.dto';
import { PreviewChangedView, UploadNoticeView, UploadPreviewView } from './dto/upload.dto';
import { EntrantListsService, SchoolListContext } from './entrant-lists.service';
import { idFailureZh } from './id-messages';
import { UploadParser } from './upload-parser';
import { SheetCell, SheetRead, TextFix, UPLOAD_COLUMNS, UploadField } from './upload-sheet';

/** What the upload needs of an uploaded file: its bytes, the name and the type the browser gave (the type is not trusted). */
export interface UploadedXlsx {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

/** One problem of one cell of the list's sheet (or, with `rows`, of one column over several rows). */
export type RowProblem = SheetCellProblem;

export const STAGE_NAMES: Record<Stage, string> = { primary: '小学', junior: '初中' };
const STAGE_BY_TEXT: Record<string, Stage> = { 小学: 'primary', 初中: 'junior', primary: 'primary', junior: 'junior' };
const FIX_NAMES: Record<TextFix, string> = { 'full-width': '全角字符已转为半角', 'zero-width': '已删除看不见的字符（零宽字符）', spaces: '已删除空格' };

/** The subjects a school may enter: those of its stage (both for a nine-year school). */
export function schoolSubjects(subjects: SubjectDef[], schoolStage: string): SubjectDef[] {
  const stages: Stage[] = schoolStage === 'nine-year' ? ['primary', 'junior'] : [schoolStage as Stage];
  return subjects.filter((s) => s.stages.some((st) => stages.includes(st)));
}

function rowList(rows: number[]): string {
  const shown = rows.slice(0, 20).join('、');
  return rows.length > 20 ? `${shown}等` : shown;
}

interface ParsedRow {
  row: number;
  name: string;
  idNumber: string | null;
  subject: SubjectDef | null;
  stage: Stage | null;
}

interface Checked {
  read: SheetRead;
  parsed: ParsedRow[];
  notices: UploadNoticeView[];
  existing: Map<string, Teacher>;
}

class Rollback {
  constructor(readonly value: unknown) {}
}

@Injectable()
export class EntrantsUploadService {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly lists: EntrantListsService,
    private readonly teachers: TeachersService,
    private readonly parser: UploadParser,
    private readonly config: AppConfig,
  ) {}

  /** Reads and checks the file and shows every change it would make; stores nothing. */
  async preview(user: AuthUser, contestId: number, schoolId: number, file: UploadedXlsx | undefined): Promise<UploadPreviewView> {
    const buffer = await this.accept(user, contestId, schoolId, file);
    const read = await this.parser.read(buffer);
    return this.readOnly(async (em) => {
      const ctx = await this.lists.openForSchoolChange(em, user, contestId, schoolId);
      const teachers = await teachersOfSchools(em, [ctx.school.id]);
      const checked = await this.check(em, ctx, read);
      const diff = this.diff(ctx, checked, teachers);
      return {
        sheet: read.sheet,
        headerRow: read.headerRow,
        rows: read.rows.length,
        columns: read.columns,
        ignoredColumns: read.ignored,
        notices: checked.notices,
        ...diff,
        counts: {
          created: diff.created.length,
          changed: diff.changed.length,
          unchanged: diff.unchanged.length,
          notInFile: diff.notInFile.length,
          unusual: diff.changed.filter((c) => c.unusual).length,
        },
        confirmToken: this.token(user, ctx, sha256(buffer), stateHash(ctx, teachers)),
      };
    });
  }

  /** Applies a previewed file: the same file and the preview's token; refused when either the file or the list changed. */
  async apply(user: AuthUser, contestId: number, schoolId: number, file: UploadedXlsx | undefined, confirmToken: string | undefined): Promise<UploadResultView> {
    const buffer = await this.accept(user, contestId, schoolId, file);
    const token = this.parseToken(user, contestId, schoolId, confirmToken);
    if (token.file !== sha256(buffer)) {
      throw new AppError('UPLOAD_FILE_CHANGED', 'The file is not the one that was previewed; preview this file first', [
        { field: 'file', rule: 'same-file', message: 'The file is not the one that was previewed', messageZh: '上传的文件与预览时的文件不同；请先预览这个文件，确认后再保存' } as ErrorDetail,
      ]);
    }
    const read = await this.parser.read(buffer);
    return this.tx.run(async (em) => {
      const ctx = await this.lists.openForSchoolChange(em, user, contestId, schoolId);
      const before = await teachersOfSchools(em, [ctx.school.id]);
      if (token.state !== stateHash(ctx, before)) {
        throw new AppError('UPLOAD_PREVIEW_STALE', "The school's teachers or the contest changed since the preview; preview the file again", [
          { field: 'confirmToken', rule: 'stale', message: 'The list changed since the preview', messageZh: '预览之后本校教师名单已有变动；请重新上传预览，确认后再保存' } as ErrorDetail,
        ]);
      }
      const checked = await this.check(em, ctx, read);
      const { school } = ctx;
      const nineYear = school.stage === 'nine-year';
      let created = 0;
      let updated = 0;
      let unchanged = 0;
      for (const p of checked.parsed) {
        const t = checked.existing.get(p.idNumber!);
        const subject = p.subject!.code;
        if (!t) {
          await this.teachers.create(user, { name: p.name, idNumber: p.idNumber!, subject, schoolId: school.id, ...(nineYear && { stage: p.stage! }) });
          created++;
        } else if (t.name !== p.name || t.subject !== subject || (nineYear && t.stage !== p.stage)) {
          await this.teachers.update(user, t.id, { name: p.name, subject, ...(nineYear && { stage: p.stage! }) });
          updated++;
        } else unchanged++;
      }
      const inFile = new Set<string>(checked.parsed.map((p) => p.idNumber!));
      const notInFile = before.filter((t) => !inFile.has(t.idNumber)).map((t) => ({ id: t.id, name: t.name }));
      const rows = read.rows.length;
      await this.audit.append(em, {
        actor: user,
        action: 'entrant_list.upload',
        entityType: 'entrant_list',
        entityId: ctx.list.id,
        after: { file: file!.originalname, size: buffer.length, sha256: token.file, sheet: read.sheet, headerRow: read.headerRow, rows, created, updated, unchanged },
      });
      return { rows, created, updated, unchanged, notInFile };
    });
  }

  /** The list must be open to this school admin before the file is even read: a late file is refused as late. */
  private async accept(user: AuthUser, contestId: number, schoolId: number, file: UploadedXlsx | undefined): Promise<Buffer> {
    await this.readOnly((em) => this.lists.openForSchoolChange(em, user, contestId, schoolId));
    if (!file || !file.buffer) {
      throw AppError.field('FILE_REQUIRED', 'file', 'required', 'Send the .xlsx file in the multipart field "file"');
    }
    return file.buffer;
  }

  /** Runs the work in a transaction that is always rolled back (opening a list for a change marks it started). */
  private async readOnly<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    try {
      await this.tx.run(async (em) => {
        throw new Rollback(await work(em));
      });
    } catch (e) {
      if (e instanceof Rollback) return e.value as T;
      throw e;
    }
    throw new Error('unreachable');
  }

  private token(user: AuthUser, ctx: SchoolListContext, file: string, state: string): string {
    return `v1.${file}.${state}.${this.mac(user.id, ctx.contest.id, ctx.school.id, file, state)}`;
  }

  private mac(userId: number, contestId: number, schoolId: number, file: string, state: string): string {
    return createHmac('sha256', this.config.jwtSecret).update(`upload-confirm|v1|${userId}|${contestId}|${schoolId}|${file}|${state}`).digest('base64url');
  }

  private parseToken(user: AuthUser, contestId: number, schoolId: number, raw: string | undefined): { file: string; state: string } {
    const invalid = (message: string) =>
      new AppError('CONFIRM_TOKEN_INVALID', message, [
        { field: 'confirmToken', rule: 'token', message, messageZh: '确认码无效；请重新上传预览，确认后再保存' } as ErrorDetail,
      ]);
    if (!raw) throw invalid('Send the confirmToken of the preview with the file');
    const parts = raw.split('.');
    if (parts.length !== 4 || parts[0] !== 'v1') throw invalid('The confirm token is malformed');
    const [, file, state, mac] = parts;
    const expected = Buffer.from(this.mac(user.id, contestId, schoolId, file, state));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid('The confirm token was not issued for this school and account');
    return { file, state };
  }

  /** Every row's checks; throws INVALID_ROWS with every problem, or returns the parsed rows and the notices. */
  private async check(em: EntityManager, ctx: SchoolListContext, read: SheetRead): Promise<Checked> {
    const { school, rules } = ctx;
    const names = rules.subjectNames;
    const offered = schoolSubjects(rules.subjects, school.stage);
    const letters = new Map(read.columns.map((c) => [c.field, c]));
    const header = (field: UploadField) => UPLOAD_COLUMNS.find((c) => c.field === field)!.header;
    const problems: RowProblem[] = [];
    const add = (row: number, field: UploadField, rule: string, message: string, messageZh: string) => {
      const col = letters.get(field);
      problems.push({ row, column: header(field), cell: col ? `${col.letter}${row}` : '', field, rule, message, messageZh });
    };
    const notices: UploadNoticeView[] = [];
    const notice = (kind: string, messageZh: string, rows: number[] = []) => notices.push({ kind, messageZh, rows });
    notice('sheet', `读取了工作表“${read.sheet}”，表头在第${read.headerRow}行，共${read.rows.length}行数据`);
    if (read.ignored.length) {
      notice('ignored-columns', `以下列不是名单需要的，已忽略：${read.ignored.map((c) => `${c.header}（${c.letter}列）`).join('、')}`);
    }
    if (read.otherSheets.length) notice('other-sheets', `工作表${read.otherSheets.map((s) => `“${s}”`).join('、')}也有表头，未读取；只读取了“${read.sheet}”`);

    const fixes = new Map<string, number[]>();
    const synonyms = new Map<string, { to: string; rows: number[] }>();
    const numberIds: number[] = [];
    /** A cell's text, or null with a problem for a date, a formula without result or an error value. */
    const text = (row: number, field: UploadField, cell: SheetCell | undefined): string | null => {
      if (!cell || cell.kind === 'empty') return '';
      if (cell.kind === 'date') {
        add(row, field, 'date-cell', 'The cell is formatted as a date; make it text', '该单元格是日期格式，请改为文本');
        return null;
      }
      if (cell.kind === 'formula') {
        add(row, field, 'formula-no-result', 'The cell holds a formula without a stored result', '公式没有计算结果，请在 Excel 中打开并保存后再上传');
        return null;
      }
      if (cell.kind === 'error') {
        add(row, field, 'error-value', `The cell holds the error value ${cell.text}`, `单元格是错误值（${cell.text}），请改为文字`);
        return null;
      }
      if (cell.kind === 'text' && cell.fixes?.length) {
        const key = `${header(field)}：${cell.fixes.map((f) => FIX_NAMES[f]).join('，')}`;
        fixes.set(key, [...(fixes.get(key) ?? []), row]);
      }
      return cell.text;
    };

    const today = this.clock.today();
    const parsed: ParsedRow[] = read.rows.map((r) => {
      const name = text(r.row, 'name', r.cells.name);
      if (name === '') add(r.row, 'name', 'required', 'The name is empty', '姓名不能为空');
      else if (name && Array.from(name).length > 50) add(r.row, 'name', 'maxLength', 'The name is longer than 50 characters', '姓名不能超过50个字');

      let idNumber: string | null = null;
      const idCell = r.cells.idNumber;
      if (idCell?.kind === 'number') numberIds.push(r.row);
      else {
        const raw = text(r.row, 'idNumber', idCell);
        if (raw !== null) {
          const check = checkIdNumber(raw, { today });
          if (check.valid) idNumber = check.id;
          else if (check.code === 'check-character') {
            add(r.row, 'idNumber', check.code, 'The ID number is not valid (its check character does not match); check it against the ID card', idFailureZh(raw, check));
          } else add(r.row, 'idNumber', check.code, check.reason, idFailureZh(raw, check));
        }
      }

      let stage: Stage | null = school.stage === 'nine-year' ? null : (school.stage as Stage);
      const stageText = school.stage === 'nine-year' ? text(r.row, 'stage', r.cells.stage) : '';
      const subjectText = text(r.row, 'subject', r.cells.subject);
      const match = subjectText ? matchSubject(subjectText, rules.subjects, names) : null;
      if (school.stage === 'nine-year' && stageText !== null) {
        if (stageText) {
          if (!STAGE_BY_TEXT[stageText]) add(r.row, 'stage', 'isIn', `Unknown stage "${stageText}"; use 小学 or 初中`, `学段“${stageText}”无效，应为小学或初中`);
          else stage = STAGE_BY_TEXT[stageText];
        } else if (match?.stage) stage = match.stage;
        else add(r.row, 'stage', 'required', 'A nine-year school must give the stage (小学 or 初中)', '九年一贯制学校须填写学段（小学或初中）');
      }

      let subject: SubjectDef | null = null;
      if (subjectText === '') add(r.row, 'subject', 'required', 'The subject is empty', '学科不能为空');
      else if (subjectText !== null && !match) {
        add(r.row, 'subject', 'isIn', `Unknown subject "${subjectText}"`, `学科“${subjectText}”不在本次比赛的学科中；本校可选：${offered.map((s) => s.name).join('、')}`);
      } else if (match) {
        subject = match.subject;
        const stageName = (s: Stage) => STAGE_NAMES[s];
        if (match.stage && stage && match.stage !== stage) {
          add(r.row, 'subject', 'stage', `Subject "${subjectText}" names the ${match.stage} stage, the teacher's is ${stage}`, `学科“${subjectText}”属于${stageName(match.stage)}学段，与${school.stage === 'nine-year' ? '所填学段' : '本校学段'}（${stageName(stage)}）不符`);
          subject = null;
        } else if (stage && !match.subject.stages.includes(stage)) {
          add(r.row, 'subject', 'stage', `Subject ${match.subject.name} is not offered at the ${stage} stage`, `学科“${match.subject.name}”不在${stageName(stage)}学段开设`);
          subject = null;
        } else if (subjectText !== match.subject.name) {
          const s = synonyms.get(subjectText!) ?? { to: match.subject.name, rows: [] };
          s.rows.push(r.row);
          synonyms.set(subjectText!, s);
        }
      }
      return { row: r.row, name: name ?? '', idNumber, subject, stage };
    });

    for (const [key, rows] of fixes) notice('normalised', `第${rowList(rows)}行 ${key}`, rows);
    for (const [from, s] of synonyms) notice('subject-synonym', `学科“${from}”按“${s.to}”读取（第${rowList(s.rows)}行）`, s.rows);

    // IDs saved as numbers: one line for the column, not one per row.
    if (numberIds.length) {
      const col = letters.get('idNumber')!;
      problems.push({
        row: numberIds[0],
        rows: numberIds,
        column: header('idNumber'),
        cell: `${col.letter}${numberIds[0]}${numberIds.length > 1 ? `:${col.letter}${numberIds[numberIds.length - 1]}` : ''}`,
        field: 'idNumber',
        rule: 'text',
        message: `The ID number column is stored as numbers on ${numberIds.length} row(s) (digits may be lost); format the column as text and enter them again`,
        messageZh: `身份证号一列被存成了数字（${numberIds.length}行：第${rowList(numberIds)}行），末几位可能已丢失；请把该列设为文本格式后重新填写这些身份证号`,
      });
    }

    // Duplicates within the file: every row of a repeated number is named, with the others.
    const byId = new Map<string, number[]>();
    for (const p of parsed) if (p.idNumber) byId.set(p.idNumber, [...(byId.get(p.idNumber) ?? []), p.row]);
    for (const p of parsed) {
      const same = p.idNumber ? byId.get(p.idNumber)!.filter((n) => n !== p.row) : [];
      if (same.length) add(p.row, 'idNumber', 'duplicate', `The same ID number is on row(s) ${same.join(', ')}`, `与第${same.join('、')}行的身份证号重复`);
    }

    // Against the registry: a number of another school's teacher is refused.
    const ids = [...byId.keys()];
    const existing = await teachersByIdNumbers(em, ids);
    for (const p of parsed) {
      const t = p.idNumber ? existing.get(p.idNumber) : undefined;
      if (t && t.schoolId !== school.id) {
        const other = t.school as School;
        add(p.row, 'idNumber', 'other-school', `This ID number is registered at another school (${other.code} ${other.name})`, `该身份证号已登记在其他学校（${other.name}），请联系该校或区教育局核实`);
      }
    }

    if (problems.length) {
      const order = UPLOAD_COLUMNS.map((c) => c.field as string);
      // Column summaries first, then the rows in order.
      problems.sort((a, b) => Number(!!b.rows) - Number(!!a.rows) || a.row - b.row || order.indexOf(a.field) - order.indexOf(b.field));
      const badRows = new Set(problems.flatMap((p) => p.rows ?? [p.row])).size;
      throw new AppError('INVALID_ROWS', `${problems.length} problem(s) in ${badRows} row(s) of sheet ${read.sheet}; nothing was stored`, problems);
    }
    return { read, parsed, notices, existing };
  }

  private diff(ctx: SchoolListContext, checked: Checked, teachers: Teacher[]): Pick<UploadPreviewView, 'created' | 'changed' | 'unchanged' | 'notInFile'> {
    const nineYear = ctx.school.stage === 'nine-year';
    const subjectName = (code: string) => ctx.rules.subjects.find((s) => s.code === code)?.name ?? code;
    const created: UploadPreviewView['created'] = [];
    const changed: PreviewChangedView[] = [];
    const unchanged: UploadPreviewView['unchanged'] = [];
    for (const p of checked.parsed) {
      const t = checked.existing.get(p.idNumber!);
      if (!t) {
        created.push({ row: p.row, name: p.name, idNumber: p.idNumber!, subjectName: p.subject!.name, stageName: nineYear && p.stage ? STAGE_NAMES[p.stage] : null });
        continue;
      }
      const changes: PreviewChangedView['changes'] = [];
      if (t.name !== p.name) changes.push({ field: 'name', column: '姓名', from: t.name, to: p.name });
      if (t.subject !== p.subject!.code) changes.push({ field: 'subject', column: '学科', from: subjectName(t.subject), to: p.subject!.name });
      if (nineYear && t.stage !== p.stage) changes.push({ field: 'stage', column: '学段', from: STAGE_NAMES[t.stage], to: STAGE_NAMES[p.stage!] });
      if (!changes.length) {
        unchanged.push({ row: p.row, teacherId: t.id, name: t.name });
        continue;
      }
      const rename = changes.find((c) => c.field === 'name');
      const onlySpaces = rename && rename.from.replace(/\s+/g, '') === rename.to.replace(/\s+/g, '');
      changed.push({
        row: p.row,
        teacherId: t.id,
        name: t.name,
        changes,
        unusual: !!rename,
        ...(rename && {
          unusualZh: onlySpaces
            ? `已登记教师“${rename.from}”的姓名将改为“${rename.to}”（只差空格），很可能是输入错误，请核对`
            : `已登记教师“${rename.from}”的姓名将改为“${rename.to}”：同一身份证号改名并不常见，请确认不是输入错误`,
        }),
      });
    }
    const inFile = new Set<string>(checked.parsed.map((p) => p.idNumber!));
    const notInFile = teachers.filter((t) => !inFile.has(t.idNumber)).sort((a, b) => a.id - b.id).map((t) => ({ id: t.id, name: t.name }));
    return { created, changed, unchanged, notInFile };
  }
}

function sha256(buffer: Buffer): string {
  return createHash('sha256').update(buffer).digest('base64url');
}

/** The school's teachers and the contest's subject settings as they are now. */
function stateHash(ctx: SchoolListContext, teachers: Teacher[]): string {
  const rows = [...teachers]
    .sort((a, b) => a.id - b.id)
    .map((t) => [t.id, t.name, t.idNumber, t.subject, t.stage, t.updatedAt]);
  // Not the list's id: a preview may create the list row and roll it back (PostgreSQL does not reuse the id).
  const contest = [ctx.contest.id, ctx.contest.updatedAt, ctx.list.state];
  return createHash('sha256').update(JSON.stringify({ rows, contest })).digest('base64url');
}
