/**
 * Excel in and out: the template (subjects as a drop-down), the all-or-nothing upload (preview,
 * then apply) with every bad row listed (row, column, reason in Chinese), file-level refusals
 * decided by the file's content, and the export set up for print.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { XLSX_MIME } from '../../src/common/download';
import { auth, createWorld, expectRefused, HttpAnswer, HEADER, id, setToday, World, xlsx } from './entrants.support';

describe('entrant list Excel', () => {
  let w: World;
  let existingId: string;
  let otherSchoolId: string;
  const url = () => `/api/contests/${w.contestId}/entrant-lists/${w.schoolId}`;
  const upload = (token: string, buffer: Buffer, filename = 'list.xlsx', contentType = XLSX_MIME, schoolId = w.schoolId) =>
    w.t
      .http()
      .post(`/api/contests/${w.contestId}/entrant-lists/${schoolId}/upload`)
      .set(auth(token))
      .attach('file', buffer, { filename, contentType });
  /** Preview, then apply with the preview's token (the preview's refusal when it is refused). */
  const store = async (token: string, buffer: Buffer, filename = 'list.xlsx', contentType = XLSX_MIME, schoolId = w.schoolId): Promise<HttpAnswer> => {
    const preview = await upload(token, buffer, filename, contentType, schoolId);
    if (preview.status !== 200) return preview;
    return w.t
      .http()
      .post(`/api/contests/${w.contestId}/entrant-lists/${schoolId}/upload/apply`)
      .set(auth(token))
      .field('confirmToken', preview.body.confirmToken)
      .attach('file', buffer, { filename, contentType });
  };
  const binary = (req: ReturnType<ReturnType<World['t']['http']>['get']>) =>
    req.buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });

  const refused = (req: () => Promise<HttpAnswer>, status: number, code: string) => expectRefused(w.t, req, status, code);

  beforeAll(async () => {
    w = await createWorld();
    existingId = id('19800101', 1);
    await w.f.teacher({ schoolId: w.schoolId, name: '张老师', idNumber: existingId, subject: 'math' });
    otherSchoolId = id('19810101', 2);
    await w.f.teacher({ schoolId: w.otherSchoolId, name: '他校', idNumber: otherSchoolId });
  });
  afterAll(() => w.t.close());

  it("downloads the template: the school's teachers, the subjects as a drop-down, the ID column as text", async () => {
    const res = await binary(w.t.http().get(`${url()}/template.xlsx`).set(auth(w.schoolToken)));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain(XLSX_MIME);
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body);
    const ws = wb.getWorksheet('教师名单')!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(HEADER);
    expect((ws.getRow(2).values as unknown[]).slice(1, 4)).toEqual(['张老师', existingId, '数学']);
    expect(ws.getCell('B2').numFmt).toBe('@');
    const dv = ws.getCell('C3').dataValidation;
    expect(dv).toMatchObject({ type: 'list', formulae: [expect.stringContaining("'学科'!$A$1:$A$")] });
    const subjects = wb.getWorksheet('学科')!.getColumn(1).values.filter(Boolean);
    expect(subjects).toContain('语文');
    expect(subjects).toContain('科学');
    expect(subjects).not.toContain('物理'); // a junior subject; this is a primary school
    expect(wb.getWorksheet('学科')!.state).toBe('hidden');
    const other = await w.t.http().get(`${url()}/template.xlsx`).set(auth(w.otherDistrictToken));
    expect(other.body.code).toBe('OUT_OF_SCOPE');
  });

  it('lists every bad row with its row number, column and reason, and stores nothing', async () => {
    const file = await xlsx([
      HEADER,
      ['李老师', id('19900101', 3), '语文'], // good (row 2)
      ['', id('19900102', 4), '数学'], // 3: no name
      ['王老师', id('19900103', 5).slice(0, 17) + (id('19900103', 5).endsWith('0') ? '1' : '0'), '数学'], // 4: check character
      ['赵老师', '320102900101123', '数学'], // 5: legacy 15 digits
      ['钱老师', id('19900104', 6), '体操'], // 6: unknown subject
      ['孙老师', id('19900105', 7), '物理'], // 7: junior subject at a primary school
      ['周老师', id('19900106', 8), '英语'], // 8: duplicate of row 9
      ['吴老师', id('19900106', 8), '英语'], // 9: duplicate of row 8
      ['郑老师', otherSchoolId, '数学'], // 10: another school's teacher
      ['冯老师', 320102199001071234, '数学'], // 11: stored as a number
    ]);
    const res = await refused(() => upload(w.schoolToken, file), 400, 'INVALID_ROWS');
    const problems = res.body.details.map((d: { row: number; column: string; rule: string }) => [d.row, d.column, d.rule]);
    expect(problems).toEqual([
      [11, '身份证号', 'text'], // the column summary comes first
      [3, '姓名', 'required'],
      [4, '身份证号', 'check-character'],
      [5, '身份证号', 'legacy-15'],
      [6, '学科', 'isIn'],
      [7, '学科', 'stage'],
      [8, '身份证号', 'duplicate'],
      [9, '身份证号', 'duplicate'],
      [10, '身份证号', 'other-school'],
    ]);
    const zh = new Map(res.body.details.map((d: { row: number; messageZh: string }) => [d.row, d.messageZh]));
    expect(zh.get(3)).toBe('姓名不能为空');
    // The check-digit message never tells which character would make the number pass.
    expect(zh.get(4)).toBe('身份证号无效（校验码不符），请对照身份证逐位核对');
    expect(res.body.details.find((d: { row: number }) => d.row === 4).message).not.toMatch(/should be/);
    expect(zh.get(5)).toContain('不接受15位旧身份证号');
    expect(zh.get(6)).toContain('学科“体操”不在本次比赛的学科中');
    expect(zh.get(7)).toBe('学科“物理”不在小学学段开设');
    expect(zh.get(8)).toBe('与第9行的身份证号重复');
    expect(zh.get(9)).toBe('与第8行的身份证号重复');
    expect(zh.get(10)).toContain('已登记在其他学校');
    expect(zh.get(11)).toBe('身份证号一列被存成了数字（1行：第11行），末几位可能已丢失；请把该列设为文本格式后重新填写这些身份证号');
    expect(res.body.details[1]).toMatchObject({ cell: 'A3', field: 'name', message: 'The name is empty' });
    expect(res.body.message).toContain('nothing was stored');
  });

  it('a good file upserts the teachers by ID number in one go', async () => {
    const file = await xlsx([
      HEADER,
      ['张老师（改）', existingId, '语文'], // update name and subject
      ['李老师', id('19900101', 3), '语文'],
      ['  陈老师 ', id('19700101', 9).toLowerCase(), 'english'], // trimmed; subject code accepted
    ]);
    const res = await store(w.schoolToken, file);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ rows: 3, created: 2, updated: 1, unchanged: 0, notInFile: [] });
    const again = await store(w.schoolToken, file);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    const v = await w.t.http().get(url()).set(auth(w.schoolToken));
    expect(v.body.state).toBe('draft');
    expect(v.body.entries.map((e: { name: string; subjectName: string }) => `${e.name}/${e.subjectName}`).sort()).toEqual(
      ['张老师（改）/语文', '李老师/语文', '陈老师/英语'].sort(),
    );
    // Each teacher change is audited by the registry; each upload once more, with its counts.
    const audit = await w.t.dataSource.query(
      "SELECT action, after FROM audit_entries WHERE action IN ('teacher.create', 'teacher.update', 'entrant_list.upload') ORDER BY seq",
    );
    expect(audit.map((a: { action: string }) => a.action).slice(-5)).toEqual([
      'teacher.update',
      'teacher.create',
      'teacher.create',
      'entrant_list.upload',
      'entrant_list.upload',
    ]);
    expect(JSON.parse(audit[audit.length - 2].after)).toMatchObject({ file: 'list.xlsx', rows: 3, created: 2, updated: 1 });
    // A file without a teacher already registered names them (they are kept).
    const partial = await store(w.schoolToken, await xlsx([HEADER, ['李老师', id('19900101', 3), '语文']]));
    expect(partial.body.notInFile.map((t: { name: string }) => t.name).sort()).toEqual(['张老师（改）', '陈老师'].sort());
  });

  it('a nine-year school must give the stage of each teacher', async () => {
    const nine = await w.f.school({ districtId: w.districtId, stage: 'nine-year' });
    const token = await w.f.loginAs('school_admin', { schoolId: nine.id });
    const bad = await xlsx([HEADER, ['甲', id('19920101', 10), '物理'], ['乙', id('19920102', 11), '物理', '高中'], ['丙', id('19920103', 12), '物理', '小学']]);
    const res = await refused(() => upload(token, bad, 'a.xlsx', XLSX_MIME, nine.id), 400, 'INVALID_ROWS');
    expect(res.body.details.map((d: { row: number; column: string; rule: string }) => [d.row, d.column, d.rule])).toEqual([
      [2, '学段', 'required'],
      [3, '学段', 'isIn'],
      [4, '学科', 'stage'],
    ]);
    const good = await store(token, await xlsx([HEADER, ['甲', id('19920101', 10), '物理', '初中'], ['乙', id('19920102', 11), '语文', '小学']]), 'a.xlsx', XLSX_MIME, nine.id);
    expect(good.body).toMatchObject({ created: 2 });
    const v = await w.t.http().get(`/api/contests/${w.contestId}/entrant-lists/${nine.id}`).set(auth(token));
    expect(v.body.counts.byGroup).toEqual({ 'primary-youth': 1, 'junior-youth': 1, senior: 0 });
  });

  it('decides what a file is by its content, and refuses empty, headerless, too long or too large files', async () => {
    await refused(() => upload(w.schoolToken, Buffer.from('姓名,身份证号,学科\n'), 'list.csv', 'text/csv'), 400, 'NOT_XLSX');
    await refused(() => upload(w.schoolToken, Buffer.from('not a zip at all'), 'list.xlsx'), 400, 'NOT_XLSX');
    await refused(() => upload(w.schoolToken, Buffer.from('PK\u0003\u0004garbage'), 'list.xlsx'), 400, 'NOT_XLSX');
    const empty = await refused(() => upload(w.schoolToken, Buffer.alloc(0), 'list.xlsx'), 400, 'EMPTY_FILE');
    expect(empty.body.details[0].messageZh).toContain('文件是空的');
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    const xls = await refused(() => upload(w.schoolToken, ole, 'list.xls', 'application/vnd.ms-excel'), 400, 'NOT_XLSX');
    expect(xls.body.details[0].messageZh).toContain('旧版Excel（.xls）');
    // A real .xlsx is read whatever the browser calls it (WPS on UOS/Kylin, old browsers, no type at all).
    const valid = await xlsx([HEADER, ['李老师', id('19900101', 3), '语文']]);
    for (const [name, type] of [
      ['list.xlsx', 'application/wps-office.xlsx'],
      ['list.xls', 'application/vnd.ms-excel'],
      ['名单', 'application/octet-stream'],
      ['list.xlsx', 'text/plain'],
    ]) {
      const res = await upload(w.schoolToken, valid, name, type);
      expect({ name, type, status: res.status, rows: res.body.rows }).toEqual({ name, type, status: 200, rows: 1 });
    }
    await refused(async () => upload(w.schoolToken, await xlsx([])), 400, 'EMPTY_SHEET');
    const headerOnly = await refused(async () => upload(w.schoolToken, await xlsx([HEADER])), 400, 'EMPTY_SHEET');
    expect(headerOnly.body.details[0].messageZh).toContain('没有数据行');
    const wrong = await refused(async () => upload(w.schoolToken, await xlsx([['姓名', '证件', '学科'], ['李', 'x', '语文']])), 400, 'WRONG_COLUMNS');
    expect(wrong.body.details[0].messageZh).toBe('工作表“教师名单”第1行的表头缺少“身份证号”列（应有列名：姓名、身份证号、学科（九年一贯制学校另需学段））；实际为：姓名 | 学科 | 证件');
    const none = await refused(async () => upload(w.schoolToken, await xlsx([['编号', '单位'], ['1', '东湖']])), 400, 'WRONG_COLUMNS');
    expect(none.body.details[0].messageZh).toContain('在各工作表的前10行中没有找到表头');
    const many = await xlsx([HEADER, ...Array.from({ length: 2001 }, (_, i) => [`教师${i}`, id('19900101', i % 400), '语文'])]);
    await refused(() => upload(w.schoolToken, many), 400, 'TOO_MANY_ROWS');
    const large = await refused(() => upload(w.schoolToken, Buffer.alloc(2 * 1024 * 1024 + 1, 1)), 413, 'FILE_TOO_LARGE');
    expect(large.body.message).toContain('2 MiB');
    await refused(() => w.t.http().post(`${url()}/upload`).set(auth(w.schoolToken)).field('x', '1'), 400, 'FILE_REQUIRED');
  });

  it('refuses uploads by other roles and schools, to a submitted list and after the deadline', async () => {
    const file = await xlsx([HEADER, ['新老师', id('19910101', 13), '语文']]);
    await refused(() => upload(w.districtToken, file), 403, 'ROLE_FORBIDDEN');
    await refused(() => upload(w.school2Token, file), 403, 'OUT_OF_SCOPE');
    const preview = await upload(w.schoolToken, file);
    const apply = (token: string) =>
      w.t.http().post(`${url()}/upload/apply`).set(auth(token)).field('confirmToken', preview.body.confirmToken).attach('file', file, { filename: 'list.xlsx', contentType: XLSX_MIME });
    await refused(() => apply(w.school2Token), 403, 'OUT_OF_SCOPE');
    await refused(() => apply(w.cityToken), 403, 'ROLE_FORBIDDEN');
    expect((await w.t.http().post(`${url()}/submit`).set(auth(w.schoolToken))).status).toBe(200);
    await refused(() => upload(w.schoolToken, file), 409, 'LIST_LOCKED');
    setToday(w.t, '2025-12-03');
    await refused(() => upload(w.schoolToken, file), 409, 'DEADLINE_PASSED');
  });

  it("exports the school's list with status, group and subject, set up for print on A4 landscape", async () => {
    const res = await binary(w.t.http().get(`${url()}/export.xlsx`).set(auth(w.districtToken)));
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body);
    const ws = wb.getWorksheet('参赛名单')!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['序号', '参赛编号', '姓名', '身份证号', '性别', '学段', '学科', '组别', '状态', '说明']);
    const names = [2, 3, 4].map((r) => ws.getRow(r).getCell(3).value);
    expect(names.sort()).toEqual(['张老师（改）', '李老师', '陈老师'].sort());
    expect(ws.getRow(2).getCell(9).value).toBe('参赛');
    const summary = wb.getWorksheet('汇总')!;
    expect(summary.getCell('B4').value).toContain('已提交');
    // Print: A4 (9) landscape, one page wide, row 1 repeated, school and contest above, page numbers below.
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' });
    expect(ws.headerFooter.oddHeader).toContain(w.school.name);
    expect(ws.headerFooter.oddHeader).toContain('2025年全员培训·教学技能比赛');
    expect(ws.headerFooter.oddFooter).toContain('&P');
    expect(ws.headerFooter.oddFooter).toContain('&N');
    // The same in the file's own XML, as LibreOffice and WPS read it.
    const zip = await JSZip.loadAsync(res.body);
    const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    expect(sheet).toMatch(/<pageSetup[^>]*paperSize="9"[^>]*orientation="landscape"[^>]*fitToWidth="1"[^>]*fitToHeight="0"/);
    expect(sheet).toContain('<pageSetUpPr fitToPage="1"/>');
    expect(await zip.file('xl/workbook.xml')!.async('string')).toMatch(/<definedName name="_xlnm.Print_Titles" localSheetId="0">(&apos;|')参赛名单(&apos;|')!\$1:\$1<\/definedName>/);
  });
});
