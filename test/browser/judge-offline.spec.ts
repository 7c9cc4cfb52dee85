/**
 * The judge's page survives a reload without a network (tablet viewport): its service worker keeps
 * the page shell and the last-seen panel, the outbox keeps the entry, and the entry reaches the
 * server once the network returns.
 */
import { login, serveAndLaunch, Served, shot } from './browser.support';
import { createJudgingWorld, entrant, judge, JWorld, readyPanel } from '../http/judging.support';

describe('the judge page offline', () => {
  let w: JWorld;
  let served: Served;
  let judgeName: string;
  let judgeId: number;
  let entrantIds: number[];

  beforeAll(async () => {
    w = await createJudgingWorld();
    const j = await judge(w, { schoolId: w.s2 });
    judgeName = j.username;
    judgeId = j.id;
    const es = [await entrant(w, w.s1, { name: '王老师' }), await entrant(w, w.s1, { name: '赵老师' })];
    entrantIds = es.map((e) => e.id);
    await readyPanel(w, w.school1, { code: 'P-OFF', round: 'preliminary', session: '下午第二场' }, [j], es);
    served = await serveAndLaunch(w.t.app);
  });
  afterAll(async () => {
    await served?.browser.close();
    await w?.t.close();
  });

  it('reloads without a network, shows the contestants and the waiting entry, and sends it when back online', async () => {
    const page = await login(served, judgeName, { width: 768, height: 1024 });
    const context = page.context();
    await page.waitForURL('**/judge.html');
    await page.waitForSelector(`#jg-contestants button[data-entrant="${entrantIds[0]}"]`);
    // On a portrait tablet the contestants are above the sheet, and the page says so.
    expect(await page.evaluate("document.getElementById('jg-empty').innerText")).toBe('请在上方选择选手。');
    // The service worker is installed and controls the page (a reload makes sure of the latter).
    await page.evaluate('navigator.serviceWorker.ready.then(() => undefined)');
    await page.reload();
    await page.waitForFunction(() => !!(globalThis as unknown as { navigator: { serviceWorker: { controller: unknown } } }).navigator.serviceWorker.controller);
    await page.waitForSelector(`#jg-contestants button[data-entrant="${entrantIds[0]}"]`);

    await context.setOffline(true);
    await page.click(`#jg-contestants button[data-entrant="${entrantIds[0]}"]`);
    for (const [key, v] of Object.entries({ handwriting: '8', 'classic-case': '7.5', 'design-tech': '25', classroom: '44' })) {
      await page.fill(`#jg-items input[data-key="${key}"]`, v);
    }
    await page.click('#jg-submit');
    await page.waitForSelector('#jg-confirm:not(.hidden)');
    await page.click('#jg-confirm-ok');
    await page.waitForSelector('#jg-outbox:not(.hidden)');
    // Not 已提交 before the server has it: kept on the device.
    await expect(page.textContent(`#jg-contestants button[data-entrant="${entrantIds[0]}"] [data-state]`)).resolves.toBe('已保存在本机，待发送');
    // A draft of the second contestant, then its submission: two queued requests, two contestants.
    await page.click(`#jg-contestants button[data-entrant="${entrantIds[1]}"]`);
    await page.fill('#jg-items input[data-key="handwriting"]', '6');
    await page.click('#jg-save');
    await expect(page.textContent('#jg-outbox')).resolves.toBe('2 条未发送');
    await expect(page.textContent(`#jg-contestants button[data-entrant="${entrantIds[1]}"] [data-state]`)).resolves.toBe('草稿已保存在本机，待发送');

    // A reload with no network: the page, its contestants and the waiting entry are all there.
    await page.reload();
    await page.waitForSelector(`#jg-contestants button[data-entrant="${entrantIds[1]}"]`);
    const names = await page.$$eval('#jg-contestants li', (lis) => lis.map((li) => li.textContent ?? ''));
    expect(names[0]).toContain('王老师');
    expect(names[1]).toContain('赵老师');
    await page.waitForSelector('#jg-outbox:not(.hidden)');
    await expect(page.textContent('#jg-outbox')).resolves.toBe('2 条未发送');
    await page.click(`#jg-contestants button[data-entrant="${entrantIds[0]}"]`);
    await expect(page.inputValue('#jg-items input[data-key="classroom"]')).resolves.toBe('44');
    await shot(page, 'judge-offline-reload');
    // (Whether a request sent while offline reached the server before the drop is the network's
    // business: the outbox resends it under the same client id, and the server stores it once.)

    // The network returns: the entry is sent once.
    await context.setOffline(false);
    await page.waitForSelector('#jg-outbox.hidden', { state: 'attached', timeout: 15000 });
    const stored = await w.t.dataSource.query(`SELECT entrant_id, state, total_tenths FROM score_sheets WHERE judge_id = ${judgeId} ORDER BY entrant_id`);
    expect(stored.map((r: { entrant_id: number; state: string; total_tenths: number }) => [Number(r.entrant_id), r.state, Number(r.total_tenths)])).toEqual([
      [entrantIds[0], 'submitted', 845],
      [entrantIds[1], 'draft', 60],
    ]);
    const versions = await w.t.dataSource.query(
      `SELECT s.entrant_id, COUNT(v.id) AS n FROM score_sheets s JOIN score_sheet_versions v ON v.sheet_id = s.id WHERE s.judge_id = ${judgeId} AND v.action IN ('save', 'submit') GROUP BY s.entrant_id ORDER BY s.entrant_id`,
    );
    expect(versions.map((r: { entrant_id: number; n: number }) => [Number(r.entrant_id), Number(r.n)])).toEqual([
      [entrantIds[0], 1],
      [entrantIds[1], 1],
    ]);
    await page.waitForSelector(`#jg-contestants button[data-entrant="${entrantIds[0]}"] [data-state="submitted"]`);
    await expect(page.textContent(`#jg-contestants button[data-entrant="${entrantIds[0]}"] [data-state]`)).resolves.toBe('已提交');

    // Logging out forgets the cached panel data: nobody else sees it offline.
    const keys = async (): Promise<string[]> =>
      (await page.evaluate('(async () => (await Promise.all((await caches.keys()).map(async (k) => (await (await caches.open(k)).keys()).map((r) => new URL(r.url).pathname)))).flat())()')) as string[];
    expect((await keys()).some((p) => p.startsWith('/api-cache/'))).toBe(true);
    await page.click('#jg-logout');
    await page.waitForURL('**/login.html');
    let left = (await keys()).filter((p) => p.startsWith('/api-cache/'));
    for (let tries = 0; left.length && tries < 50; tries++) {
      await page.waitForTimeout(100);
      left = (await keys()).filter((p) => p.startsWith('/api-cache/'));
    }
    expect(left).toEqual([]);
    await context.close();
  });
});
