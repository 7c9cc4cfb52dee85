/**
 * Excel as school clerks make it, with files written by another program than exceljs (the parts
 * written by hand, as openpyxl and generators do: test/support/foreign-xlsx.ts): a title row with
 * merged cells and a cover sheet, column synonyms, reordered and extra columns, subject synonyms
 * from the contest's table, the preview → apply round trip with stale and changed files refused,
 * date and formula cells, full-width and zero-width characters, IDs saved as numbers.
 */
import ExcelJS from 'exceljs';
import { XLSX_MIME } from '../../src/common/download';
import { Contest } from '../../src/contests/contest.entity';
import { ForeignCell, foreignXlsx } from '../support/foreign-xlsx';
import { auth, createWorld, expectRefused, HttpAnswer, id, World } from './entrants.support';

jest.setTimeout(60_000);

describe('uploads as clerks make them', () => {
  let w: World;
  const url = (schoolId = w.schoolId) => `/api/contests/${w.contestId}/entrant-lists/${schoolId}`;
  const preview = (buffer: Buffer, token = w.schoolToken, schoolId = w.schoolId) =>
    w.t.http().post(`${url(schoolId)}/upload`).set(auth(token)).attach('file', buffer, { filename: '名单.xlsx', contentType: XLSX_MIME });
  const apply = (buffer: Buffer, confirmToken: string, token = w.schoolToken, schoolId = w.schoolId) =>
    w.t.http().post(`${url(schoolId)}/upload/apply`).set(auth(token)).field('confirmToken', confirmToken).attach('file', buffer, { filename: '名单.xlsx', contentType: XLSX_MIME });
  const refused = (req: () => Promise<HttpAnswer>, status: number, code: string) => expectRefused(w.t, req, status, code);
  const sheet = (rows: ForeignCell[][], name = '教师名单') => foreignXlsx([{ name, rows }]);
  const problems = (res: HttpAnswer) => res.body.details.map((d: { row: number; column: string; rule: string; messageZh: string }) => [d.row, d.column, d.rule, d.messageZh]);

  const hou = id('19900101', 1, false);
  const zhang = id('19850101', 2);
  const li = id('19920101', 3, false);

  beforeAll(async () => {
    w = await createWorld();
    await w.f.teacher({ schoolId: w.schoolId, name: '侯燕思', idNumber: hou, subject: 'chinese' });
    await w.f.teacher({ schoolId: w.schoolId, name: '张老师', idNumber: zhang, subject: 'math' });
    await w.f.teacher({ schoolId: w.schoolId, name: '王老师', idNumber: id('19880101', 4), subject: 'art' });
  });
  afterAll(() => w.t.close());

  it('finds the header under a merged title row, after a cover sheet; extra columns are ignored and named', async () => {
    const file = await foreignXlsx([
      { name: '封面', rows: [['东湖镇中心小学 2025年初赛参赛教师名单'], [], ['填表人：李老师']] },
      {
        name: '名单',
        merges: ['A1:E1'],
        rows: [
          ['东湖镇中心小学初赛名单'],
          ['序号', '姓 名', '公民身份号码', '任教学科', '备注'],
          [1, '侯燕思', hou, '语文', '教研组长'],
          [2, '张老师', zhang, '数学', null],
        ],
      },
    ]);
    const res = await preview(file);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      sheet: '名单',
      headerRow: 2,
      rows: 2,
      columns: [
        { field: 'name', letter: 'B', header: '姓 名' },
        { field: 'idNumber', letter: 'C', header: '公民身份号码' },
        { field: 'subject', letter: 'D', header: '任教学科' },
      ],
      ignoredColumns: [
        { letter: 'A', header: '序号' },
        { letter: 'E', header: '备注' },
      ],
      counts: { created: 0, changed: 0, unchanged: 2, notInFile: 1, unusual: 0 },
    });
    const notices = res.body.notices.map((n: { messageZh: string }) => n.messageZh);
    expect(notices[0]).toBe('读取了工作表“名单”，表头在第2行，共2行数据');
    expect(notices[1]).toBe('以下列不是名单需要的，已忽略：序号（A列）、备注（E列）');

    // No header anywhere: the message shows the first filled row once (a merged title is not repeated).
    const none = await refused(async () => preview(await foreignXlsx([{ name: '名单', merges: ['A1:D1'], rows: [['东湖镇中心小学初赛名单'], ['李老师', li, '语文']] }])), 400, 'WRONG_COLUMNS');
    expect(none.body.details[0].messageZh).toBe(
      '在各工作表的前10行中没有找到表头（应有列名：姓名、身份证号、学科（九年一贯制学校另需学段））；工作表“名单”第1行为：东湖镇中心小学初赛名单',
    );
  });

  it('takes column synonyms in any order, and inline strings', async () => {
    const file = await foreignXlsx(
      [{ name: 'Sheet1', rows: [['任教科目', '备注', '证件号码', '教师姓名'], ['语文', '', hou, '侯燕思'], ['美术', 'x', li, '李新']] }],
      { inlineStrings: true },
    );
    const res = await preview(file);
    expect(res.status).toBe(200);
    expect(res.body.columns.map((c: { field: string; letter: string }) => `${c.field}:${c.letter}`)).toEqual(['subject:A', 'idNumber:C', 'name:D']);
    expect(res.body.created).toEqual([{ row: 3, name: '李新', idNumber: li, subjectName: '美术', stageName: null }]);
    // A header that names a column twice is refused, naming it.
    const twice = await refused(async () => preview(await sheet([['姓名', '身份证号', '身份证号码', '学科'], ['侯燕思', hou, hou, '语文']])), 400, 'WRONG_COLUMNS');
    expect(twice.body.details[0].messageZh).toBe('工作表“教师名单”第1行的表头中有重复的列：身份证号码');
  });

  it("reads subject synonyms from the contest's table; an unknown subject lists the school's subjects only", async () => {
    const header = ['姓名', '身份证号', '学科'];
    const res = await preview(
      await sheet([header, ['侯燕思', hou, '小学语文'], ['张老师', zhang, '信息科技'], ['李新', li, '体育与健康'], ['赵一', id('19930101', 5), '道德与法治']]),
    );
    expect(res.status).toBe(200);
    expect(res.body.notices.filter((n: { kind: string }) => n.kind === 'subject-synonym').map((n: { messageZh: string }) => n.messageZh)).toEqual([
      '学科“小学语文”按“语文”读取（第2行）',
      '学科“信息科技”按“信息技术”读取（第3行）',
      '学科“体育与健康”按“体育”读取（第4行）',
      '学科“道德与法治”按“社会”读取（第5行）',
    ]);
    expect(res.body.changed).toEqual([
      { row: 3, teacherId: expect.any(Number), name: '张老师', changes: [{ field: 'subject', column: '学科', from: '数学', to: '信息技术' }], unusual: false },
    ]);

    const bad = await refused(async () => preview(await sheet([header, ['侯燕思', hou, '体操'], ['张老师', zhang, '初中数学']])), 400, 'INVALID_ROWS');
    const [unknown, wrongStage] = problems(bad);
    expect(unknown).toEqual([2, '学科', 'isIn', '学科“体操”不在本次比赛的学科中；本校可选：语文、数学、英语、科学、音乐、美术、体育、信息技术、社会']);
    expect(unknown[3]).not.toContain('物理');
    expect(wrongStage).toEqual([3, '学科', 'stage', '学科“初中数学”属于初中学段，与本校学段（小学）不符']);

    // The table is the contest's data: a synonym added to this contest's settings is accepted.
    const repo = w.t.dataSource.getRepository(Contest);
    const contest = await repo.findOneByOrFail({ id: w.contestId });
    const names = contest.settings.subjectNames;
    await repo.update(contest.id, { settings: { ...contest.settings, subjectNames: { ...names, synonyms: { ...names.synonyms, 写字: 'chinese' } } } });
    const own = await preview(await sheet([header, ['侯燕思', hou, '写字']]));
    expect(own.body.notices.map((n: { messageZh: string }) => n.messageZh)).toContain('学科“写字”按“语文”读取（第2行）');
    // ... and shown in the template's instructions.
    const tpl = await w.t.http().get(`${url()}/template.xlsx`).set(auth(w.schoolToken)).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(tpl.body);
    const help = (wb.getWorksheet('填写说明')!.getColumn(1).values as string[]).filter(Boolean).join('\n');
    expect(help).toContain('信息科技（即信息技术）');
    expect(help).toContain('写字（即语文）');
    expect(help).toContain('身份证号码');
    expect(help).not.toContain('物理');
  });

  it('a nine-year school: a stage prefix gives the stage when the column is empty', async () => {
    const nine = await w.f.school({ districtId: w.districtId, stage: 'nine-year' });
    const token = await w.f.loginAs('school_admin', { schoolId: nine.id });
    const res = await preview(await sheet([['姓名', '身份证号', '学科', '学段'], ['甲', id('19920105', 6), '初中物理', ''], ['乙', id('19920106', 7), '小学语文', '初中']]), token, nine.id);
    expect(problems(res)).toEqual([[3, '学科', 'stage', '学科“小学语文”属于小学学段，与所填学段（初中）不符']]);
    const ok = await preview(await sheet([['姓名', '身份证号', '学科', '学段'], ['甲', id('19920105', 6), '初中物理', '']]), token, nine.id);
    expect(ok.body.created).toEqual([{ row: 2, name: '甲', idNumber: id('19920105', 6), subjectName: '物理', stageName: '初中' }]);
  });

  it('shows every change before it is applied; applies with the token; refuses a stale token or another file', async () => {
    const file = await sheet([
      ['姓名', '身份证号', '学科'],
      ['侯 燕思', hou, '语文'], // a typo: the registered name with a space
      ['张老师', zhang, '英语'], // subject changed
      ['李新', li, '美术'], // new
    ]);
    const before = await w.t.dataSource.query('SELECT COUNT(*) AS n FROM audit_entries');
    const res = await preview(file);
    expect(res.status).toBe(200);
    expect(await w.t.dataSource.query('SELECT COUNT(*) AS n FROM audit_entries')).toEqual(before); // a preview stores nothing
    expect(res.body.counts).toEqual({ created: 1, changed: 2, unchanged: 0, notInFile: 1, unusual: 1 });
    expect(res.body.changed).toEqual([
      {
        row: 2,
        teacherId: expect.any(Number),
        name: '侯燕思',
        changes: [{ field: 'name', column: '姓名', from: '侯燕思', to: '侯 燕思' }],
        unusual: true,
        unusualZh: '已登记教师“侯燕思”的姓名将改为“侯 燕思”（只差空格），很可能是输入错误，请核对',
      },
      { row: 3, teacherId: expect.any(Number), name: '张老师', changes: [{ field: 'subject', column: '学科', from: '数学', to: '英语' }], unusual: false },
    ]);
    expect(res.body.notInFile).toEqual([{ id: expect.any(Number), name: '王老师' }]);
    expect(res.body.confirmToken).toMatch(/^v1\./);

    // Another file with this token, a forged token, no token: refused, nothing changes.
    const other = await sheet([['姓名', '身份证号', '学科'], ['侯燕思', hou, '语文']]);
    const changed = await refused(() => apply(other, res.body.confirmToken), 409, 'UPLOAD_FILE_CHANGED');
    expect(changed.body.details[0].messageZh).toContain('与预览时的文件不同');
    const parts = res.body.confirmToken.split('.');
    await refused(() => apply(file, [parts[0], parts[1], parts[2], 'x'.repeat(parts[3].length)].join('.')), 400, 'CONFIRM_TOKEN_INVALID');
    await refused(() => apply(file, 'nonsense'), 400, 'CONFIRM_TOKEN_INVALID');
    await refused(() => w.t.http().post(`${url()}/upload/apply`).set(auth(w.schoolToken)).attach('file', file, { filename: 'a.xlsx', contentType: XLSX_MIME }), 400, 'VALIDATION_FAILED');
    // The apply form has the preview's limits: the file's size, a file present, short text fields.
    const post = () => w.t.http().post(`${url()}/upload/apply`).set(auth(w.schoolToken));
    await refused(() => post().field('confirmToken', res.body.confirmToken).attach('file', Buffer.alloc(2 * 1024 * 1024 + 1, 1), { filename: 'a.xlsx', contentType: XLSX_MIME }), 413, 'FILE_TOO_LARGE');
    await refused(() => post().field('confirmToken', res.body.confirmToken), 400, 'FILE_REQUIRED');
    await refused(() => post().field('confirmToken', 'x'.repeat(70 * 1024)).attach('file', file, { filename: 'a.xlsx', contentType: XLSX_MIME }), 400, 'MALFORMED_REQUEST');
    await refused(() => post().field('confirmToken', 'x'.repeat(500)).attach('file', file, { filename: 'a.xlsx', contentType: XLSX_MIME }), 400, 'VALIDATION_FAILED');
    // Another clerk of the same school cannot use this clerk's token.
    const colleague = await w.f.loginAs('school_admin', { schoolId: w.schoolId });
    await refused(() => apply(file, res.body.confirmToken, colleague), 400, 'CONFIRM_TOKEN_INVALID');

    // The list changes after the preview (the district renames a teacher): the token is stale.
    const wang = res.body.notInFile[0].id;
    expect((await w.t.http().patch(`/api/teachers/${wang}`).set(auth(w.districtToken)).send({ name: '王老师2' })).status).toBe(200);
    const stale = await refused(() => apply(file, res.body.confirmToken), 409, 'UPLOAD_PREVIEW_STALE');
    expect(stale.body.details[0].messageZh).toContain('预览之后本校教师名单已有变动');

    // Preview again, apply: stored as shown.
    const again = await preview(file);
    const done = await apply(file, again.body.confirmToken);
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ rows: 3, created: 1, updated: 2, unchanged: 0, notInFile: [{ id: wang, name: '王老师2' }] });
    const v = await w.t.http().get(url()).set(auth(w.schoolToken));
    expect(v.body.entries.map((e: { name: string; subjectName: string }) => `${e.name}/${e.subjectName}`).sort()).toEqual(
      ['侯 燕思/语文', '张老师/英语', '李新/美术', '王老师2/美术'].sort(),
    );
    const [audit] = await w.t.dataSource.query("SELECT after FROM audit_entries WHERE action = 'entrant_list.upload' ORDER BY seq DESC LIMIT 1");
    expect(JSON.parse(audit.after)).toMatchObject({ sheet: '教师名单', headerRow: 1, rows: 3, created: 1, updated: 2 });
    // The same token a second time: the list has changed (by this very apply).
    await refused(() => apply(file, again.body.confirmToken), 409, 'UPLOAD_PREVIEW_STALE');
  });

  it('date cells, formulas without a stored result and error values are named; a stored formula result is read', async () => {
    const res = await refused(
      async () =>
        preview(
          await sheet([
            ['姓名', '身份证号', '学科'],
            [{ date: 45536 }, hou, '语文'], // 2024-09-01 typed into the name column
            ['张老师', { formula: 'CONCATENATE("3201",B9)' }, '数学'], // a generator's formula, never calculated
            ['李新', li, { error: '#N/A' }],
            ['赵一', { formula: '"' + id('19930101', 5) + '"', value: id('19930101', 5) }, '语文'], // calculated: read as its result
          ]),
        ),
      400,
      'INVALID_ROWS',
    );
    expect(problems(res)).toEqual([
      [2, '姓名', 'date-cell', '该单元格是日期格式，请改为文本'],
      [3, '身份证号', 'formula-no-result', '公式没有计算结果，请在 Excel 中打开并保存后再上传'],
      [4, '学科', 'error-value', '单元格是错误值（#N/A），请改为文字'],
    ]);
  });

  it('normalises full-width digits and zero-width characters and lists them in a notice', async () => {
    const fullWidth = (s: string) => s.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const [a, b, c] = [id('19940101', 21), id('19940102', 22), id('19940103', 23)];
    const res = await preview(
      await sheet([
        ['姓名', '身份证号', '学科'],
        ['甲老师\u200b', fullWidth(a), '语文'],
        ['乙老师', `\u200b${b}\ufeff`, '数学\u200d'],
        ['丙老师', `${c.slice(0, 6)} ${c.slice(6)}`, '美术'],
      ]),
    );
    expect(res.status).toBe(200);
    expect(res.body.created).toEqual([
      { row: 2, name: '甲老师', idNumber: a, subjectName: '语文', stageName: null },
      { row: 3, name: '乙老师', idNumber: b, subjectName: '数学', stageName: null },
      { row: 4, name: '丙老师', idNumber: c, subjectName: '美术', stageName: null },
    ]);
    expect(res.body.notices.filter((n: { kind: string }) => n.kind === 'normalised').map((n: { messageZh: string; rows: number[] }) => [n.messageZh, n.rows])).toEqual([
      ['第2行 姓名：已删除看不见的字符（零宽字符）', [2]],
      ['第2行 身份证号：全角字符已转为半角', [2]],
      ['第3行 身份证号：已删除看不见的字符（零宽字符）', [3]],
      ['第3行 学科：已删除看不见的字符（零宽字符）', [3]],
      ['第4行 身份证号：已删除空格', [4]],
    ]);
  });

  it('IDs saved as numbers: one summary line for the column, before the per-row list', async () => {
    const rows: ForeignCell[][] = [['姓名', '身份证号', '学科']];
    for (let i = 0; i < 19; i++) rows.push([`教师${i}`, Number(id('19900101', 10 + i).slice(0, 15)) * 1000, '语文']);
    rows.push(['', id('19900101', 40), '语文']);
    const res = await refused(async () => preview(await sheet(rows)), 400, 'INVALID_ROWS');
    expect(res.body.details).toHaveLength(2);
    expect(res.body.details[0]).toMatchObject({
      rule: 'text',
      column: '身份证号',
      cell: 'B2:B20',
      rows: Array.from({ length: 19 }, (_, i) => i + 2),
      messageZh: '身份证号一列被存成了数字（19行：第2、3、4、5、6、7、8、9、10、11、12、13、14、15、16、17、18、19、20行），末几位可能已丢失；请把该列设为文本格式后重新填写这些身份证号',
    });
    expect(res.body.details[1]).toMatchObject({ row: 21, column: '姓名', rule: 'required' });
  });
});
