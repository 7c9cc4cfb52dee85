/**
 * The demo's pages as a newcomer finds them, at 1366×768 and 768×1024, started on 3 December
 * (after last year's fixed deadline): district2 runs its draw ceremony at once; pages name
 * people by display name; the panels pages name subjects, groups and panels in the
 * contest's words; every date input and file chooser is the page's own Chinese control,
 * usable by keyboard; the small items (favicon, pills that do not wrap, the 计算方法
 * disclosure). Every page visited has no run of three English words and no ISO timestamp.
 * Waits on the page are functions, never strings: the page's CSP (no 'unsafe-eval') refuses the
 * eval that playwright's polling of a string predicate needs.
 */
import { Page } from 'playwright-core';
import { DemoService, DemoSummary } from '../../src/demo/demo.service';
import { DEMO_PASSWORD } from '../../src/demo/demo-data';
import { createTestApp, TestApp } from '../support/app';
import { foreignOnPage, login, pickDate, serveAndLaunch, Served, shot } from './browser.support';

/** What a wait's function reads in the page (the tests compile without the DOM's types). */
type InPage = { document: { body: { innerText: string }; querySelectorAll(selector: string): { length: number } } };

const VIEWPORTS = { desktop: { width: 1366, height: 768 }, tablet: { width: 768, height: 1024 } };
/** Codes of the contest's subjects and groups: never shown on a page. */
const CODES = /\b(math|chinese|english|science|physics|chemistry|history|geography|music|art|pe|it|social|primary-youth|junior-youth|senior)\b/;

for (const [size, viewport] of Object.entries(VIEWPORTS)) {
  describe(`the demo's journeys at ${viewport.width}×${viewport.height}`, () => {
    let t: TestApp;
    let served: Served;
    let demo: DemoSummary;
    const problems: string[] = [];

    beforeAll(async () => {
      t = await createTestApp();
      t.clock.set('2026-12-03T01:00:00.000Z');
      demo = (await t.app.get(DemoService).seedIfEmpty())!;
      served = await serveAndLaunch(t.app);
    }, 240_000);
    afterAll(async () => {
      await served?.browser.close();
      await t?.close();
    });

    const open = (who: string) => login(served, who, viewport, DEMO_PASSWORD);
    /** Records the page's foreign text (asserted empty at the end of each test) and saves a screenshot. */
    async function check(page: Page, name: string): Promise<void> {
      await page.waitForLoadState('networkidle');
      for (const p of await foreignOnPage(page)) problems.push(`${name}: ${p}`);
      // No browser-drawn date or time input or file chooser is visible.
      const native = await page.$$eval('input[type=date], input[type=time], input[type=file]:not(.visually-hidden)', (xs) => xs.length);
      if (native) problems.push(`${name}: ${native} native date/time/file control(s)`);
      await shot(page, `journeys-${size}-${name}`);
    }

    it('district2 opens the draw page and runs the ceremony to the published list', async () => {
      expect(demo.drawReady).toMatchObject({ login: 'district2', schools: 10 });
      const page = await open('district2');
      await page.goto(`${served.base}/draw.html`);
      // Straight into its one allocation's ceremony.
      await page.waitForURL(/draw\.html\?allocation=\d+/);
      await page.waitForSelector('button:has-text("冻结抽签池")');
      await check(page, 'draw-0-ready');
      await page.click('button:has-text("冻结抽签池")');
      await page.waitForSelector('text=② 发布公告');
      // The technical text sits behind 计算方法 until opened.
      expect(await page.evaluate('document.body.innerText')).not.toContain('SHA-256');
      await page.click('details.method summary');
      expect(await page.evaluate('document.body.innerText')).toContain('SHA-256');
      await check(page, 'draw-1-frozen');
      await page.fill('.src-name', '现场见证人抽取的数字');
      await page.fill('.src-desc', '三名见证人各自抽取的三位数，按抽取顺序以空格分隔');
      await page.click('button:has-text("发布公告")');
      await page.waitForSelector('text=③ 录入随机源数值');
      await check(page, 'draw-2-announced');
      await page.fill('input[aria-label="现场见证人抽取的数字"]', '417 082 655');
      await page.click('button:has-text("录入随机源数值")');
      await page.waitForSelector('button:has-text("执行抽签")');
      await page.click('button:has-text("执行抽签")');
      await page.waitForSelector('button:has-text("⑤ 公布结果")');
      await check(page, 'draw-4-run');
      await page.click('button:has-text("⑤ 公布结果")');
      await page.waitForSelector('a:has-text("查看公示页")');
      await check(page, 'draw-5-published');
      // A recommended entrant withdraws: the page's own form (kind, reason, the date by which the
      // school recommends again), never the browser's prompt box.
      let dialogs = 0;
      page.on('dialog', () => dialogs++);
      const row = page.locator('tr', { has: page.locator('.badge.source-recommended') }).first();
      await row.locator('button:has-text("退出/取消资格")').click();
      await row.locator('input[aria-label="原因"]').fill('本人因病退出');
      await pickDate(page, 'input[aria-label="再推荐截止日期"]', '2026-12-10');
      await check(page, 'draw-6-withdraw-form');
      await row.locator('button:has-text("确认")').click();
      await page.waitForFunction(() => /等待单位在 2026年12月10日 前再推荐/.test((globalThis as unknown as InPage).document.body.innerText));
      expect(dialogs).toBe(0);
      await page.click('a:has-text("查看公示页")');
      await page.waitForSelector('text=抽签记录');
      await check(page, 'draw-public');
      await page.close();
      expect(problems).toEqual([]);
    });

    it("the past contest: a visitor opens C2025's draw records from the public list and verifies them in the page (MATCH)", async () => {
      const draws = demo.awards!.draws!;
      expect(draws).toHaveLength(4);
      const visitor = await served.browser.newPage({ viewport, locale: 'zh-CN' });
      // A district's semi-final draw and the city's final draw.
      for (const [id, scope] of [[draws[0], '宿城区'], [draws[3], '市级决赛']] as const) {
        await visitor.goto(`${served.base}/public/`);
        const row = visitor.locator(`#pub-draws tbody tr[data-draw="${id}"]`);
        await row.waitFor();
        const text = (await row.textContent())!;
        expect(text).toContain(scope);
        expect(text).toContain('2025年全员培训·教学技能比赛');
        expect(text).toMatch(/2025年1[12]月\d{1,2}日/);
        await check(visitor, `past-draws-list-${id}`);
        await row.locator('a:has-text("查看公告与名单")').click();
        await visitor.waitForSelector('#pd-verify-run');
        await visitor.waitForSelector('[data-unit] tbody tr');
        await expect(visitor.textContent('#pd-contest')).resolves.toBe('比赛：2025年全员培训·教学技能比赛');
        await check(visitor, `past-draw-${id}`);
        await visitor.click('#pd-verify-run');
        await visitor.waitForSelector('#pd-verify-result.notice.ok');
        await expect(visitor.textContent('#pd-verify-result')).resolves.toMatch(/^复核结果：一致（MATCH）/);
      }
      await visitor.close();
      expect(problems).toEqual([]);
    });

    it('points 2 and 3: panels named by school and session, subjects and groups by name, people by display name', async () => {
      const page = await open('district2');
      await page.goto(`${served.base}/panels.html`);
      await page.waitForSelector('#pn-list tbody tr[data-panel]');
      const first = (await page.textContent('#pn-list tbody tr[data-panel] td'))!;
      expect(first).toMatch(/^.+(小学|中学|学校) · 第1场P-S\d+-1$/);
      const list = (await page.textContent('#pn-list'))!;
      expect(list).not.toMatch(CODES);
      await check(page, 'panels-list');
      await page.click('#pn-list tbody tr[data-panel] button:has-text("查看")');
      await page.waitForSelector('#pn-progress thead th:has-text("评委7（组长）")');
      await page.waitForFunction(() => {
        const { document } = globalThis as unknown as InPage;
        return /评委8/.test(document.body.innerText) && document.querySelectorAll('#pn-versions tbody tr').length > 0;
      });
      const body = (await page.evaluate('document.body.innerText')) as string;
      // Every version names the judge who entered it by display name.
      const by = await page.$$eval('#pn-versions tbody tr', (rows) => [...new Set(rows.map((r) => r.lastElementChild!.textContent))]);
      expect(by.sort()).toEqual(['评委7', '评委8', '评委9']);
      expect(body).not.toMatch(/judge\d/);
      expect(body).not.toMatch(CODES);
      expect(await page.textContent('#pn-d-title')).toMatch(/^.+ · 第1场 · 初赛/);
      await check(page, 'panels-detail');
      await page.close();

      // The organising clerk's open panel: its judges by display name and school name.
      const organiser = await open(`school-${demo.panel!.code.split('-')[1]}`);
      await organiser.goto(`${served.base}/panels.html`);
      await organiser.click('#pn-list tbody tr[data-panel] button:has-text("查看")');
      await organiser.waitForSelector('#pn-judges tbody tr');
      const judges = await organiser.$$eval('#pn-judges tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent)));
      expect(judges.map((j) => j[0])).toEqual(['评委1', '评委2', '评委3']);
      for (const j of judges) expect(j[2]).toMatch(/(小学|中学|学校)$/);
      expect((await organiser.evaluate('document.body.innerText')) as string).not.toMatch(/judge\d|学校 \d/);
      expect(await organiser.textContent('#pn-list')).not.toMatch(CODES);
      await check(organiser, 'panels-organiser');
      await organiser.close();

      // The judge's own tablet list names the panel by school and session.
      const judge = await open('judge1');
      await judge.goto(`${served.base}/judge.html`);
      await judge.waitForSelector('#jg-title');
      await judge.waitForFunction(() => /评委打分 · .+ · 第一场（上午）|· .+ · 第一场（上午） ·/.test((globalThis as unknown as InPage).document.body.innerText));
      await check(judge, 'judge');
      await judge.close();

      // The clerk sees who submitted its list by display name, never a login name.
      const clerkLogin = demo.logins.find((l) => l.username.startsWith('school-S321311') && l.username !== 'school-S32131101')!.username;
      const clerk = await open(clerkLogin);
      await clerk.goto(`${served.base}/school.html`);
      await clerk.waitForSelector('#es-deadline:has-text("提交时间")');
      const deadline = (await clerk.textContent('#es-deadline'))!;
      expect(deadline).toMatch(/提交时间：\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}（.+管理员）/);
      expect((await clerk.evaluate('document.body.innerText')) as string).not.toContain(clerkLogin);
      await check(clerk, 'school-submitted');
      await clerk.close();
      expect(problems).toEqual([]);
    });

    it('every date input is 年/月/日 selects and every file chooser a 「选择文件」 button, by keyboard', async () => {
      // The district's allocation form (district1 has none yet): the deadline picked as 年/月/日.
      const officer = await open('district1');
      await officer.goto(`${served.base}/advancement.html`);
      const deadline = 'input[aria-label="推荐截止日期"]';
      await officer.waitForSelector(`${deadline} + .zh-date`);
      expect(await officer.$$eval(`${deadline} + .zh-date select`, (s) => s.map((x) => x.getAttribute('aria-label')))).toEqual(['推荐截止日期（年）', '推荐截止日期（月）', '推荐截止日期（日）']);
      await pickDate(officer, deadline, '2026-12-10');
      expect(await officer.$eval(deadline, (i) => (i as unknown as { value: string }).value)).toBe('2026-12-10');
      // By keyboard: the day select takes the arrow keys.
      await officer.focus(`${deadline} + .zh-date select.zh-date-d`);
      await officer.keyboard.press('ArrowDown');
      expect(await officer.$eval(deadline, (i) => (i as unknown as { value: string }).value)).toBe('2026-12-11');
      // 30 February does not exist: the day list follows the month.
      await officer.selectOption(`${deadline} + .zh-date select.zh-date-m`, '2');
      expect(await officer.$$eval(`${deadline} + .zh-date select.zh-date-d option`, (o) => o.length - 1)).toBe(28);
      const targets = await officer.$$eval(`${deadline} + .zh-date select`, (s) => s.map((x) => x.getBoundingClientRect().height));
      expect(Math.min(...targets)).toBeGreaterThanOrEqual(44);
      await check(officer, 'advancement-date');
      for (const path of ['/district.html', '/panels.html', '/planning.html', '/notices.html']) {
        await officer.goto(`${served.base}${path}`);
        await check(officer, `district1-${path.replace(/\W/g, '')}`);
      }
      await officer.close();

      // The clerk's entrant list upload: a Chinese button, the file's name once chosen, Enter opens the chooser.
      const clerk = await open(demo.openList!.login);
      await clerk.goto(`${served.base}/school.html`);
      const pick = '#es-file + button.file-pick';
      await clerk.waitForSelector(pick);
      await expect(clerk.textContent(pick)).resolves.toBe('选择文件');
      await expect(clerk.textContent('#es-file ~ .file-name')).resolves.toBe('未选择文件');
      // Once the list is loaded (open: the button enabled), Enter on the focused button opens the chooser.
      await clerk.waitForSelector('#es-deadline:has-text("截止日期")');
      await clerk.waitForLoadState('networkidle');
      await clerk.waitForSelector(`${pick}:enabled`);
      const [chooser] = await Promise.all([clerk.waitForEvent('filechooser'), clerk.press(pick, 'Enter')]);
      await chooser.setFiles({ name: '教师名单.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('x') });
      await expect(clerk.textContent('#es-file ~ .file-name')).resolves.toBe('教师名单.xlsx');
      await check(clerk, 'school-file');
      for (const path of ['/planning.html', '/advancement.html', '/panels.html']) {
        await clerk.goto(`${served.base}${path}`);
        await check(clerk, `school-${path.replace(/\W/g, '')}`);
      }
      await clerk.close();

      // The public verification page's record file.
      const visitor = await served.browser.newPage({ viewport, locale: 'zh-CN' });
      await visitor.goto(`${served.base}/public/verify.html`);
      await expect(visitor.textContent('#vf-file + button.file-pick')).resolves.toBe('选择记录文件');
      await expect(visitor.textContent('#vf-file-name')).resolves.toBe('未选择文件');
      await check(visitor, 'verify-file');
      await visitor.close();
      expect(problems).toEqual([]);
    });

    it("every time input is 时/分 selects; a clerk creates and edits a panel's start time with them", async () => {
      const school = demo.panel!.code.split('-')[1];
      const clerk = await open(`school-${school}`);
      await clerk.goto(`${served.base}/panels.html`);
      const create = '#pn-c-time + .zh-time';
      await clerk.waitForSelector(`${create} select.zh-time-h`);
      expect(await clerk.$$eval(`${create} select`, (s) => s.map((x) => x.getAttribute('aria-label')))).toEqual(['开始时间（时）', '开始时间（分）']);
      expect(await clerk.$$eval(`${create} select.zh-time-h option`, (o) => o.map((x) => x.textContent))).toEqual(['时', ...Array.from({ length: 24 }, (_, k) => `${String(k).padStart(2, '0')}时`)]);
      expect(await clerk.$$eval(`${create} select.zh-time-m option`, (o) => o.length - 1)).toBe(12);
      const targets = await clerk.$$eval(`${create} select`, (s) => s.map((x) => x.getBoundingClientRect().height));
      expect(Math.min(...targets)).toBeGreaterThanOrEqual(44);
      const value = (selector: string) => clerk.$eval(selector, (i) => (i as unknown as { value: string }).value);
      // The hour first: 00 minutes until the minutes are chosen.
      await clerk.selectOption(`${create} select.zh-time-h`, '14');
      expect(await value('#pn-c-time')).toBe('14:00');
      await clerk.selectOption(`${create} select.zh-time-m`, '30');
      expect(await value('#pn-c-time')).toBe('14:30');
      await check(clerk, 'panels-time-create');
      const code = `P-${school}-9`;
      await clerk.fill('#pn-c-code', code);
      await clerk.fill('#pn-c-session', '第二场（下午）');
      // A start time goes with its date (the day after the start, within the round's scoring days).
      await pickDate(clerk, '#pn-c-date', '2026-12-04');
      await clerk.click('#pn-create button[type=submit]');
      // The new panel opens; its edit form's control shows the stored start time.
      const edit = '#pn-e-time + .zh-time';
      await clerk.waitForFunction(() => (globalThis as unknown as { document: { querySelector(s: string): { value: string } | null } }).document.querySelector('#pn-e-time + .zh-time select.zh-time-h')?.value === '14');
      expect(await clerk.$eval(`${edit} select.zh-time-m`, (x) => (x as unknown as { value: string }).value)).toBe('30');
      const stored = async () => (await t.dataSource.query(`SELECT session_time AS at FROM panels WHERE code = '${code}'`))[0].at;
      expect(await stored()).toBe('14:30');
      // Edited with the selects and saved: the page sends "HH:MM".
      await clerk.selectOption(`${edit} select.zh-time-h`, '15');
      await clerk.selectOption(`${edit} select.zh-time-m`, '05');
      await clerk.click('#pn-e-save');
      await clerk.waitForSelector('text=评审组信息已保存');
      expect(await stored()).toBe('15:05');
      // A stored time off the 5-minute steps is kept as it is, and the page's value setter shows it.
      await clerk.evaluate(() => { (globalThis as unknown as { document: { getElementById(id: string): { value: string } } }).document.getElementById('pn-e-time').value = '07:53'; });
      expect(await clerk.$$eval(`${edit} select`, (s) => s.map((x) => (x as unknown as { value: string }).value))).toEqual(['07', '53']);
      expect(await value('#pn-e-time')).toBe('07:53');
      await check(clerk, 'panels-time-edit');
      // The planning page's session rows (built by its script) get the same control.
      await clerk.goto(`${served.base}/planning.html`);
      await clerk.waitForSelector('.pl-s-time + .zh-time select.zh-time-h');
      expect(await clerk.$$eval('.pl-s-time', (xs) => xs.map((x) => (x as unknown as { value: string }).value))).toEqual(['08:30', '14:00']);
      expect(await clerk.$$eval('.pl-s-time + .zh-time select', (s) => s.map((x) => (x as unknown as { value: string }).value))).toEqual(['08', '30', '14', '00']);
      await check(clerk, 'planning-time');
      await clerk.close();
      expect(problems).toEqual([]);
    });

    it('a favicon, status pills on one line, technical text behind 计算方法', async () => {
      const res = await t.http().get('/favicon.ico');
      expect(res.status).toBe(200);
      const officer = await open('district1');
      await officer.goto(`${served.base}/district.html`);
      await officer.waitForSelector('.badge');
      await officer.waitForLoadState('networkidle');
      const pills = (await officer.evaluate(
        "[...document.querySelectorAll('.badge')].filter((b) => b.offsetParent).map((b) => [getComputedStyle(b).whiteSpace, b.getBoundingClientRect().height])",
      )) as [string, number][];
      expect(pills.length).toBeGreaterThan(0);
      for (const [space, height] of pills) {
        expect(space).toBe('nowrap');
        expect(height).toBeLessThan(40);
      }
      await officer.close();
      // district2's allocation report: the computation behind 计算方法.
      const d2 = await open('district2');
      await d2.goto(`${served.base}/advancement.html`);
      await d2.waitForSelector('details.method summary:has-text("计算方法")');
      expect(await d2.evaluate('document.body.innerText')).not.toContain('四舍五入取整');
      await d2.click('details.method summary');
      expect(await d2.evaluate('document.body.innerText')).toContain('四舍五入取整');
      await check(d2, 'advancement-method');
      await d2.close();
      expect(problems).toEqual([]);
    });
  });
}
