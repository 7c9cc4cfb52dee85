/**
 * In a real browser (playwright-core driving Debian's Chromium): a judge on a tablet
 * (768×1024) is refused an out-of-range value on the spot, submits a sheet after a confirmation
 * showing the total, goes offline, submits another sheet (kept on the device, "1 条未发送"), comes
 * back online; the server holds both exactly once, with totals equal to the domain's aggregation.
 * The same page opened by a private link works at 1280×800.
 */
import { Page } from 'playwright-core';
import { aggregate } from '../../src/domain/aggregation';
import { defaultPreset } from '../../src/domain/preset';
import { toTenths } from '../../src/domain/points';
import { login, serveAndLaunch, Served, shot } from './browser.support';
import { createJudgingWorld, entrant, judge, JWorld, readyPanel } from '../http/judging.support';

describe('the judge’s tablet page', () => {
  let w: JWorld;
  let served: Served;
  let base: string;
  let panelId: number;
  let judgeId: number;
  let judgeName: string;
  let entrantIds: number[];

  beforeAll(async () => {
    w = await createJudgingWorld();
    const j = await judge(w, { schoolId: w.s2 });
    judgeId = j.id;
    judgeName = j.username;
    const es = [await entrant(w, w.s1, { name: '张老师' }), await entrant(w, w.s1, { name: '李老师' })];
    entrantIds = es.map((e) => e.id);
    panelId = await readyPanel(w, w.school1, { code: 'P-TAB', round: 'preliminary', session: '上午第一场' }, [j], es);
    await w.f.account('school_admin', { schoolId: w.s1 }, 'clerk-judging');
    served = await serveAndLaunch(w.t.app);
    base = served.base;
  });
  afterAll(async () => {
    await served?.browser.close();
    await w?.t.close();
  });


  async function fill(page: Page, values: Record<string, string>) {
    for (const [key, v] of Object.entries(values)) await page.fill(`#jg-items input[data-key="${key}"]`, v);
  }

  async function submit(page: Page, expectedTotal: string) {
    await page.click('#jg-submit');
    await page.waitForSelector('#jg-confirm:not(.hidden)');
    await expect(page.textContent('#jg-confirm-text')).resolves.toContain(`总分 ${expectedTotal} 分`);
    await page.click('#jg-confirm-ok');
  }

  async function minTargetSize(page: Page, selector: string): Promise<number> {
    return page.$$eval(selector, (els) => Math.min(...els.filter((e) => (e as unknown as { offsetParent: unknown }).offsetParent !== null).map((e) => Math.min(e.getBoundingClientRect().height, e.getBoundingClientRect().width))));
  }

  it('enters and submits, goes offline, submits another, comes back: both stored exactly once with the domain’s totals', async () => {
    const page = await login(served, judgeName, { width: 768, height: 1024 });
    const context = page.context();
    await page.waitForURL('**/judge.html');
    await page.waitForSelector(`#jg-contestants button[data-entrant="${entrantIds[0]}"]`);
    // In order of appearance, with their state.
    const list = await page.$$eval('#jg-contestants li', (lis) => lis.map((li) => li.textContent));
    expect(list[0]).toContain('1. 张老师');
    expect(list[0]).toContain('未评分');
    expect(list[1]).toContain('2. 李老师');

    await page.click(`#jg-contestants button[data-entrant="${entrantIds[0]}"]`);
    // Items with their maximum.
    const labels = await page.$$eval('#jg-items label', (ls) => ls.map((l) => l.textContent));
    expect(labels).toEqual(['书写技能满分 10 分', '学科经典案例展示满分 10 分', '教学设计与科技运用满分 30 分', '课堂教学满分 50 分']);
    // An out-of-range value and a second decimal are refused on the spot.
    await fill(page, { handwriting: '8.5', 'classic-case': '9', 'design-tech': '27', classroom: '55' });
    await expect(page.textContent('.jg-item:has(input[data-key="classroom"]) .err')).resolves.toBe('超出范围：0–50 分');
    expect(await page.getAttribute('#jg-items input[data-key="classroom"]', 'aria-invalid')).toBe('true');
    await page.click('#jg-submit');
    expect(await page.isVisible('#jg-confirm')).toBe(false);
    await fill(page, { classroom: '45.25' });
    await expect(page.textContent('.jg-item:has(input[data-key="classroom"]) .err')).resolves.toBe('请输入数字，最多一位小数');
    await fill(page, { classroom: '45.5' });
    await expect(page.textContent('#jg-total')).resolves.toBe('90.0');
    expect(await minTargetSize(page, 'button, input')).toBeGreaterThanOrEqual(44);
    await shot(page, 'judge-768');
    await submit(page, '90.0');
    await page.waitForSelector(`#jg-contestants button[data-entrant="${entrantIds[0]}"] [data-state="submitted"]`);
    await page.waitForSelector('#jg-outbox.hidden', { state: 'attached' });
    // Read-only after submission.
    expect(await page.isDisabled('#jg-items input[data-key="classroom"]')).toBe(true);
    expect(await page.isDisabled('#jg-submit')).toBe(true);
    await page.waitForSelector('#jg-readonly:not(.hidden)');

    // The network drops: the second sheet is kept on the device.
    await context.setOffline(true);
    await page.click(`#jg-contestants button[data-entrant="${entrantIds[1]}"]`);
    await fill(page, { handwriting: '7', 'classic-case': '8.5', 'design-tech': '24', classroom: '41.5' });
    await submit(page, '81.0');
    await page.waitForSelector('#jg-outbox:not(.hidden)');
    await expect(page.textContent('#jg-outbox')).resolves.toBe('1 条未发送');
    await shot(page, 'judge-offline');
    let stored = await w.t.dataSource.query(`SELECT entrant_id FROM score_sheets WHERE judge_id = ${judgeId}`);
    expect(stored.map((r: { entrant_id: number }) => Number(r.entrant_id))).toEqual([entrantIds[0]]);

    // Back online: sent once, the badge goes.
    await context.setOffline(false);
    await page.waitForSelector('#jg-outbox.hidden', { state: 'attached', timeout: 15000 });
    await page.waitForSelector(`#jg-contestants button[data-entrant="${entrantIds[1]}"] [data-state="submitted"]`);

    stored = await w.t.dataSource.query(`SELECT id, entrant_id, state, version, tenths, total_tenths FROM score_sheets WHERE judge_id = ${judgeId} ORDER BY entrant_id`);
    expect(stored.map((r: { entrant_id: number; state: string }) => [Number(r.entrant_id), r.state])).toEqual([
      [entrantIds[0], 'submitted'],
      [entrantIds[1], 'submitted'],
    ]);
    const versions = await w.t.dataSource.query(
      `SELECT v.sheet_id, COUNT(*) AS n FROM score_sheet_versions v JOIN score_sheets s ON s.id = v.sheet_id WHERE s.judge_id = ${judgeId} GROUP BY v.sheet_id ORDER BY v.sheet_id`,
    );
    expect(versions.map((v: { n: number }) => Number(v.n))).toEqual([1, 1]);
    const sheet = defaultPreset().sheets.preliminary;
    const expected = [
      ['8.5', '9', '27', '45.5'],
      ['7', '8.5', '24', '41.5'],
    ].map((scores) => aggregate(sheet, [{ judge: 'J', tenths: scores.map((s) => toTenths(s, 's')) }], defaultPreset().aggregation).totalHundredths);
    expect(expected).toEqual([9000n, 8100n]);
    expect(stored.map((r: { total_tenths: number }) => BigInt(r.total_tenths) * 10n)).toEqual(expected);
    const res = await w.t.http().get(`/api/judging/panels/${panelId}/results`).set(w.school1);
    expect(res.body.contestants.map((c: { total: string }) => c.total)).toEqual(['90.00', '81.00']);
    await context.close();
  });

  it('opens by a private link at 1280×800 and shows only that panel', async () => {
    const link = await w.t.http().post(`/api/judging/panels/${panelId}/judges/${judgeId}/links`).set(w.school1);
    const context = await served.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${base}${link.body.url}`);
    await page.waitForSelector(`#jg-contestants button[data-entrant="${entrantIds[1]}"]`);
    expect(page.url()).not.toContain(link.body.token);
    await page.click(`#jg-contestants button[data-entrant="${entrantIds[1]}"]`);
    await expect(page.inputValue('#jg-items input[data-key="classroom"]')).resolves.toBe('41.5');
    expect(await minTargetSize(page, 'button, input')).toBeGreaterThanOrEqual(44);
    const box = await page.$eval('.jg-list', (e) => e.getBoundingClientRect().right);
    const sheetBox = await page.$eval('.jg-sheet', (e) => e.getBoundingClientRect().left);
    expect(sheetBox).toBeGreaterThan(box); // two columns side by side
    await shot(page, 'judge-1280');
    await context.close();
  });

  it('the contest office follows progress and results on panels.html and locks the complete panel', async () => {
    const page = await login(served, 'clerk-judging');
    const context = page.context();
    await page.waitForURL('**/school.html');
    await page.goto(`${base}/panels.html`);
    await page.click(`#pn-list tr[data-panel="${panelId}"] button`);
    await page.waitForSelector('#pn-progress tbody tr');
    const progress = await page.$$eval('#pn-progress tbody tr', (trs) => trs.map((tr) => tr.textContent));
    expect(progress.every((t) => (t ?? '').includes('已提交'))).toBe(true);
    await page.waitForSelector('#pn-results tbody tr');
    const results = await page.$$eval('#pn-results tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
    expect(results.map((r) => [r[0], r[2]])).toEqual([
      ['1', '90.00'],
      ['2', '81.00'],
    ]);
    await shot(page, 'panels-office');
    await page.click('#pn-lock');
    await page.waitForSelector('#pn-d-state:has-text("已锁定")');
    const locked = await w.t.dataSource.query(`SELECT state FROM panels WHERE id = ${panelId}`);
    expect(locked[0].state).toBe('locked');
    const rr = await w.t.dataSource.query(`SELECT total FROM round_results WHERE panel_id = ${panelId} ORDER BY entrant_id`);
    expect(rr.map((r: { total: string }) => r.total)).toEqual(['90.00', '81.00']);
    await context.close();
  });
});
