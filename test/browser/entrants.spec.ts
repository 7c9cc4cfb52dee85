/**
 * In a real browser (playwright-core driving Debian's Chromium): a school clerk uploads a
 * sheet with an error, corrects it, submits, and is refused a change after the deadline; the
 * district officer sees the schools' states, extends a late school and approves an exemption;
 * the printable list shows masked ID numbers and the seal box.
 */
import { ContestsService } from '../../src/contests/contests.service';
import { createTestApp, TestApp } from '../support/app';
import { Factory, TEST_ACTOR, TEST_PASSWORD } from '../support/factories';
import { XLSX_MIME } from '../../src/common/download';
import { login as loginAs, pickDate, serveAndLaunch, Served, shot } from './browser.support';
import { HEADER, id, setToday, xlsx } from '../http/entrants.support';
import { foreignXlsx } from '../support/foreign-xlsx';


describe('entrant lists in the browser', () => {
  let t: TestApp;
  let served: Served;
  let base: string;
  let contestId: number;
  let schoolId: number;
  let lateSchoolId: number;
  const existing = id('19650315', 1); // a man born before 1965-09-01: may apply for near retirement

  beforeAll(async () => {
    t = await createTestApp();
    const f = new Factory(t);
    contestId = (await t.app.get(ContestsService).create(TEST_ACTOR, { code: 'C2025', name: '2025年全员培训·教学技能比赛', year: 2025 })).id;
    const district = await f.district({ name: '宿城区' });
    const school = await f.school({ districtId: district.id, name: '东湖镇中心小学' });
    schoolId = school.id;
    lateSchoolId = (await f.school({ districtId: district.id, name: '西湖镇中心小学' })).id;
    await f.teacher({ schoolId, name: '王老教师', idNumber: existing, subject: 'math' });
    await f.account('school_admin', { schoolId }, 'clerk');
    await f.account('district_admin', { districtId: district.id }, 'officer');
    served = await serveAndLaunch(t.app);
    base = served.base;
  });
  afterAll(async () => {
    await served?.browser.close();
    await t?.close();
  });

  const login = (username: string, viewport?: { width: number; height: number }) => loginAs(served, username, viewport);

  it('a clerk uploads with an error, corrects it, submits, and is refused a change after the deadline', async () => {
    const page = await login('clerk');
    await page.waitForURL('**/school.html');
    await page.waitForSelector('#es-list tbody tr[data-teacher]');
    await expect(page.textContent('#es-state')).resolves.toBe('未开始');

    // An upload with a bad check character on row 3: nothing is stored, the row is named.
    const good = id('19900101', 2);
    const bad = good.slice(0, 17) + (good.endsWith('1') ? '2' : '1');
    await page.setInputFiles('#es-file', {
      name: '教师名单.xlsx',
      mimeType: XLSX_MIME,
      buffer: await xlsx([HEADER, ['王老教师', existing, '数学'], ['李青年', bad, '语文'], ['赵老师', id('19850505', 3), '体操']]),
    });
    await page.click('#es-upload');
    await page.waitForSelector('#es-row-errors:not(.hidden)');
    const errors = await (await page.locator('#es-row-errors tbody tr').allInnerTexts()).map((r) => r.replace(/\s+/g, ' '));
    expect(errors).toEqual(['第3行 身份证号（B3） 身份证号无效（校验码不符），请对照身份证逐位核对', expect.stringMatching(/^第4行 学科（C4） 学科“体操”不在本次比赛的学科中；本校可选：语文、/)]);
    await expect(page.textContent('#es-upload-result')).resolves.toContain('整个文件未保存');
    await expect(page.$$('#es-list tbody tr[data-teacher]')).resolves.toHaveLength(1);
    await shot(page, 'school-upload-errors-1280');

    // A sheet that renames the registered teacher (a space typed in the name): the preview flags it,
    // and saving needs the clerk to tick that the change was checked; the clerk cancels.
    await page.setInputFiles('#es-file', {
      name: '教师名单.xlsx',
      mimeType: XLSX_MIME,
      buffer: await xlsx([HEADER, ['王 老教师', existing, '数学']]),
    });
    await page.click('#es-upload');
    await page.waitForSelector('#es-preview:not(.hidden)');
    await expect(page.textContent('#es-preview-unusual')).resolves.toContain('只差空格');
    await expect(page.textContent('#es-preview-table')).resolves.toContain('姓名：王老教师 → 王 老教师');
    await expect(page.isDisabled('#es-apply')).resolves.toBe(true);
    await shot(page, 'school-upload-preview-unusual-1280');
    await page.click('#es-cancel');
    await expect(page.isHidden('#es-preview')).resolves.toBe(true);
    await expect(page.textContent('#es-upload-result')).resolves.toContain('没有保存任何内容');

    // The corrected sheet, as another program writes it (a title row above the header, a 备注 column,
    // 信息科技 for 信息技术), sent by WPS with its own file type: previewed, then saved.
    await page.setInputFiles('#es-file', {
      name: '教师名单.xlsx',
      mimeType: 'application/wps-office.xlsx',
      buffer: await foreignXlsx([
        {
          name: '名单',
          merges: ['A1:D1'],
          rows: [['东湖镇中心小学初赛名单'], ['姓 名', '身份证号码', '任教学科', '备注'], ['王老教师', existing, '数学', ''], ['李青年', good, '语文', '新调入'], ['赵老师', id('19850505', 3), '信息科技', '']],
        },
      ]),
    });
    await page.click('#es-upload');
    await page.waitForSelector('#es-preview:not(.hidden)');
    await expect(page.textContent('#es-preview-summary')).resolves.toBe('预览（尚未保存）：共 3 行，新增 2 人，修改 0 人，未变 1 人。');
    const notices = await page.locator('#es-preview-notices li').allInnerTexts();
    expect(notices).toEqual([
      '读取了工作表“名单”，表头在第2行，共3行数据',
      '以下列不是名单需要的，已忽略：备注（D列）',
      '学科“信息科技”按“信息技术”读取（第5行）',
    ]);
    await expect(page.$$('#es-list tbody tr[data-teacher]')).resolves.toHaveLength(1); // nothing stored yet
    await shot(page, 'school-upload-preview-1280');
    await page.setViewportSize({ width: 768, height: 1024 });
    await shot(page, 'school-upload-preview-768');
    await expect(page.isVisible('#es-apply')).resolves.toBe(true);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.click('#es-apply');
    await page.waitForSelector('#es-upload-result:has-text("保存成功")');
    await expect(page.isHidden('#es-row-errors')).resolves.toBe(true);
    await expect(page.isHidden('#es-preview')).resolves.toBe(true);
    await page.waitForSelector('#es-list tbody tr[data-teacher]:nth-child(3)');
    const rows = await page.locator('#es-list tbody tr').allInnerTexts();
    expect(rows.join('\n')).toContain('小学青年组');
    await expect(page.textContent('#es-state')).resolves.toBe('填报中');

    // An exemption application is entered and reviewed by the school.
    await page.selectOption('#es-exempt-teacher', { label: `王老教师（${existing.slice(6, 14)}）` });
    await page.fill('#es-exempt-note', '本人申请，距退休不足五年');
    await page.click('#es-exempt-form button[type=submit]');
    await page.waitForSelector('#es-exemptions tr[data-exemption] button');
    await page.click('#es-exemptions tr[data-exemption] button:has-text("学校审核通过")');
    await page.waitForSelector('#es-exemptions tr[data-exemption]:has-text("待区审批")');
    await shot(page, 'school-draft-1280');
    await page.setViewportSize({ width: 768, height: 1024 });
    await shot(page, 'school-draft-768');
    await page.setViewportSize({ width: 1280, height: 800 });

    // An open application blocks the submission: the page says so beside the button, before any click.
    await expect(page.isDisabled('#es-submit')).resolves.toBe(true);
    await expect(page.textContent('#es-submit-hint')).resolves.toMatch(/^还有 1 份免赛申请未审批完（.+），审批完成或撤回后才能提交名单$/);
    // The clerk withdraws it and submits.
    await page.click('#es-exemptions tr[data-exemption] button:has-text("撤回")');
    await page.waitForSelector('#es-exemptions tr[data-exemption]:has-text("已撤回")');
    await page.waitForSelector('#es-submit-hint.hidden', { state: 'attached' });
    await page.click('#es-submit');
    await page.waitForSelector('#es-state:text-is("已提交")');
    await expect(page.isDisabled('#es-upload')).resolves.toBe(true);
    await expect(page.isEnabled('#es-reopen')).resolves.toBe(true);
    const stored = await t.dataSource.query(`SELECT code FROM round_entrants WHERE school_id = ${schoolId}`);
    expect(stored).toHaveLength(3);

    // The deadline passes while the page is open: reopening is refused with a clear message.
    setToday(t, '2025-12-03');
    await page.click('#es-reopen');
    await page.waitForSelector('#es-message.error');
    await expect(page.textContent('#es-message')).resolves.toContain('已过截止日期，不能再提交或修改');
    expect(await t.dataSource.query(`SELECT code FROM round_entrants WHERE school_id = ${schoolId}`)).toHaveLength(3);
    await page.reload();
    await page.waitForSelector('#es-state:text-is("已提交")');
    await expect(page.isDisabled('#es-reopen')).resolves.toBe(true);
    await shot(page, 'school-after-deadline-1280');

    // The printable copy: masked ID numbers, totals, the seal box.
    await page.goto(`${base}/print-list.html?contest=${contestId}&school=${schoolId}`);
    await page.waitForSelector('#sheet:not(.hidden)');
    const text = await page.textContent('#sheet');
    expect(text).toContain('东湖镇中心小学');
    expect(text).toContain('320102********');
    expect(text).not.toContain(existing);
    expect(text).toContain('学校公章');
    expect(text).toContain('日期：2025年12月3日');
    await shot(page, 'print-list-1280');
    await page.emulateMedia({ media: 'print' });
    await expect(page.isHidden('header.bar')).resolves.toBe(true);
    await page.close();
  });

  it('the district officer sees each school, extends a late one and approves an exemption', async () => {
    setToday(t, '2025-11-25');
    // A reviewed application of the late school, waiting for the district.
    const f = new Factory(t);
    const teacher = await f.teacher({ schoolId: lateSchoolId, name: '孙病休', idNumber: id('19880808', 4) });
    await f.account('school_admin', { schoolId: lateSchoolId }, 'clerk2');
    const login2 = await t.http().post('/api/auth/login').send({ username: 'clerk2', password: TEST_PASSWORD });
    const auth = { Authorization: `Bearer ${login2.body.accessToken}` };
    const x = await t.http().post(`/api/contests/${contestId}/exemptions`).set(auth).send({ teacherId: teacher.id, kind: 'health', note: '长期病休' });
    await t.http().post(`/api/exemptions/${x.body.id}/review`).set(auth).send({});
    setToday(t, '2025-12-03');

    const page = await login('officer', { width: 768, height: 1024 });
    await page.waitForURL('**/district.html');
    await page.waitForSelector(`#ed-schools tr[data-school="${lateSchoolId}"]`);
    const state = (id: number) => page.textContent(`#ed-schools tr[data-school="${id}"] td:nth-child(2)`);
    await expect(state(schoolId)).resolves.toBe('已提交');
    await expect(state(lateSchoolId)).resolves.toBe('逾期未提交');
    await shot(page, 'district-768');

    // A rejection needs a reason; an approval does not.
    await page.click('#ed-exemptions tr[data-exemption] button:has-text("驳回")');
    await page.waitForSelector('#ed-exempt-error.error');
    await expect(page.textContent('#ed-exempt-error')).resolves.toContain('驳回须填写理由');
    await page.click('#ed-exemptions tr[data-exemption] button:has-text("批准")');
    await page.waitForSelector('#ed-exemptions tbody:has-text("暂无待审批")');

    // Extend the late school.
    await page.click(`#ed-schools tr[data-school="${lateSchoolId}"] button:has-text("延期")`);
    await pickDate(page, '#ed-extend-date', '2025-12-10');
    await page.fill('#ed-extend-reason', '学校停电三天');
    await page.click('#ed-extend-form button[type=submit]');
    await page.waitForSelector(`#ed-schools tr[data-school="${lateSchoolId}"] td:nth-child(2):has-text("已延期")`);
    await expect(page.textContent(`#ed-schools tr[data-school="${lateSchoolId}"]`)).resolves.toContain('学校停电三天');
    await shot(page, 'district-extended-768');
    await page.setViewportSize({ width: 1280, height: 800 });
    await shot(page, 'district-extended-1280');
    const [audit] = await t.dataSource.query("SELECT actor FROM audit_entries WHERE action = 'entrant_list.extend'");
    expect(audit.actor).toBe('officer');
    await page.close();
  });
});
