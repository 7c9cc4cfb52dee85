/**
 * Excel in and out: the template (subjects as a drop-down), the all-or-nothing upload
 * with every bad row listed (row, column, reason in Chinese), file-level refusals, and the export.
 */
import ExcelJS from 'exceljs';
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
      [3, '姓名', 'required'],
      [4, '身份证号', 'check-character'],
      [5, '身份证号', 'legacy-15'],
      [6, '学科', 'isIn'],
      [7, '学科', 'stage'],
      [8, '身份证号', 'duplicate'],
      [9, '身份证号', 'duplicate'],
      [10, '身份证号', 'other-school'],
      [11, '身份证号', 'text'],
    ]);
    const zh = new Map(res.body.details.map((d: { row: number; messageZh: string }) => [d.row, d.messageZh]));
    expect(zh.get(3)).toBe('姓名不能为空');
    expect(zh.get(4)).toMatch(/^校验码（第18位）应为[0-9X]，实际为[0-9X]$/);
    expect(zh.get(5)).toContain('不接受15位旧身份证号');
    expect(zh.get(6)).toContain('学科“体操”不在本次比赛的学科中');
    expect(zh.get(7)).toBe('学科“物理”不在小学学段开设');
    expect(zh.get(8)).toBe('与第9行的身份证号重复');
    expect(zh.get(9)).toBe('与第8行的身份证号重复');
    expect(zh.get(10)).toContain('已登记在其他学校');
    expect(res.body.details[0]).toMatchObject({ cell: 'A3', field: 'name', message: 'The name is empty' });
    expect(res.body.message).toContain('nothing was stored');
  });

  it('a good file upserts the teachers by ID number in one go', async () => {
    const file = await xlsx([
      HEADER,
      ['张老师（改）', existingId, '语文'], // update name and subject
      ['李老师', id('19900101', 3), '语文'],
      ['  陈老师 ', id('19700101', 9).toLowerCase(), 'english'], // trimmed; subject code accepted
    ]);
    const res = await upload(w.schoolToken, file);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ rows: 3, created: 2, updated: 1, unchanged: 0, notInFile: [] });
    const again = await upload(w.schoolToken, file);
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
    const partial = await upload(w.schoolToken, await xlsx([HEADER, ['李老师', id('19900101', 3), '语文']]));
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
    const good = await upload(token, await xlsx([HEADER, ['甲', id('19920101', 10), '物理', '初中'], ['乙', id('19920102', 11), '语文', '小学']]), 'a.xlsx', XLSX_MIME, nine.id);
    expect(good.body).toMatchObject({ created: 2 });
    const v = await w.t.http().get(`/api/contests/${w.contestId}/entrant-lists/${nine.id}`).set(auth(token));
    expect(v.body.counts.byGroup).toEqual({ 'primary-youth': 1, 'junior-youth': 1, senior: 0 });
  });

  it('refuses files that are not .xlsx, empty, with the wrong columns, too long or too large', async () => {
    await refused(() => upload(w.schoolToken, Buffer.from('姓名,身份证号,学科\n'), 'list.csv', 'text/csv'), 400, 'NOT_XLSX');
    await refused(() => upload(w.schoolToken, Buffer.from('not a zip at all'), 'list.xlsx'), 400, 'NOT_XLSX');
    await refused(() => upload(w.schoolToken, Buffer.from('PK\u0003\u0004garbage'), 'list.xlsx'), 400, 'NOT_XLSX');
    const valid = await xlsx([HEADER, ['李老师', id('19900101', 3), '语文']]);
    await refused(() => upload(w.schoolToken, valid, 'list.xls', 'application/vnd.ms-excel'), 400, 'NOT_XLSX');
    await refused(async () => upload(w.schoolToken, await xlsx([])), 400, 'EMPTY_SHEET');
    const headerOnly = await refused(async () => upload(w.schoolToken, await xlsx([HEADER])), 400, 'EMPTY_SHEET');
    expect(headerOnly.body.details[0].messageZh).toContain('没有数据行');
    const wrong = await refused(async () => upload(w.schoolToken, await xlsx([['姓名', '证件号', '学科'], ['李', 'x', '语文']])), 400, 'WRONG_COLUMNS');
    expect(wrong.body.message).toContain('姓名 | 身份证号 | 学科 | 学段');
    expect(wrong.body.details[0].messageZh).toContain('证件号');
    await refused(async () => upload(w.schoolToken, await xlsx([[...HEADER, '备注'], ['李', 'x', '语文']])), 400, 'WRONG_COLUMNS');
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
    expect((await w.t.http().post(`${url()}/submit`).set(auth(w.schoolToken))).status).toBe(200);
    await refused(() => upload(w.schoolToken, file), 409, 'LIST_LOCKED');
    setToday(w.t, '2025-12-03');
    await refused(() => upload(w.schoolToken, file), 409, 'DEADLINE_PASSED');
  });

  it("exports the school's list with status, group and subject", async () => {
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
  });
});
