/**
 * The Excel side of the entrant list (exceljs): the school's template (its teachers, the contest's
 * subjects as a drop-down, the instructions with the accepted other names of the subjects) and the
 * export of the list, set up for print. The upload of a filled sheet is entrants-upload.service.ts.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { AuthUser } from '../common/roles';
import type { SubjectDef } from '../domain/preset';
import { synonymsOf } from '../domain/subject-names';
import { EntrantListViewsService } from './entrant-list-views.service';
import { findContest } from '../contests/find-contest';
import { contestRules } from '../contests/contest-rules';
import { GROUP_ORDER } from './list-model';
import { schoolSubjects, STAGE_NAMES } from './entrants-upload.service';
import { HEADER_SEARCH_ROWS, MAX_UPLOAD_ROWS, UPLOAD_COLUMNS, UploadField } from './upload-sheet';

export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

/** The template's columns (an upload may name and order them otherwise: upload-sheet.ts). */
const COLUMNS: { field: UploadField; header: string; width: number }[] = [
  { field: 'name', header: '姓名', width: 14 },
  { field: 'idNumber', header: '身份证号', width: 24 },
  { field: 'subject', header: '学科', width: 14 },
  { field: 'stage', header: '学段', width: 10 },
];
const STATUS_NAMES = { entrant: '参赛', excluded: '不参赛', exempted: '免赛', 'not-submitted': '未列入已提交名单' } as const;

function contentName(subjects: SubjectDef[]): string {
  return subjects.map((s) => s.name).join('、');
}

/** Text for an Excel page header or footer: `&` starts a code there, so it is doubled. */
function headerText(s: string): string {
  return s.replace(/&/g, '&&');
}

@Injectable()
export class EntrantsExcelService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly lists: EntrantListViewsService,
  ) {}

  /** The school's template: its registered teachers, with the subjects (and stages) as drop-downs. */
  async template(user: AuthUser, contestId: number, schoolId: number): Promise<{ buffer: Buffer; filename: string }> {
    const v = await this.lists.view(user, contestId, schoolId);
    const contest = await findContest(this.dataSource.manager, contestId);
    const subjects = schoolSubjects(contest.subjects, v.school.stage);
    const { subjectNames } = contestRules(contest);
    const synonyms = synonymsOf(subjects, subjectNames);
    const prefixes = Object.keys(subjectNames.stagePrefixes);

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
      '4. 上传后先显示预览：新增、不变、修改（原值→新值）和不在文件中的教师；确认无误后点击“确认保存”才会保存。',
      '5. 只要有一行有误，整个文件都不会保存，并列出每个错误的行号、列和原因。',
      `6. 文件不超过${MAX_UPLOAD_BYTES / 1024 / 1024} MB，数据不超过${MAX_UPLOAD_ROWS}行。表头可以在前${HEADER_SEARCH_ROWS}行中的任一行（上方可有标题行），列的顺序不限，其他列（如备注）会被忽略。`,
      `7. 列名也可写作：${UPLOAD_COLUMNS.map((c) => `${c.header}（${c.synonyms.filter((x) => x !== c.header).join('、')}）`).join('；')}。`,
      '8. 身份证号、姓名、学科请使用文本格式，不要使用日期格式或公式。',
      `可选学科：${contentName(subjects)}`,
      ...(synonyms.length ? [`学科也可写作：${synonyms.map((x) => `${x.synonym}（即${x.subject.name}）`).join('、')}；学科名称前可加学段（${prefixes.join('、')}），如“${prefixes[0] ?? '小学'}${subjects[0]?.name ?? '语文'}”。`] : []),
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
    // Printed on A4 landscape, one page wide, the header row on every page, school and contest above, page numbers below.
    ws.pageSetup = {
      ...ws.pageSetup,
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:1',
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.7, bottom: 0.6, header: 0.3, footer: 0.3 },
    };
    ws.headerFooter = {
      oddHeader: `&L${headerText(`${v.school.name}（${v.school.code}）`)}&R${headerText(`${v.contest.name} · 初赛参赛名单`)}`,
      oddFooter: '&C第 &P 页，共 &N 页',
    };
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
}
