/**
 * Two devices of one judge in a real browser: the tablet has the sheet open when the judge's other
 * device submits it; the tablet's own submission is refused and the page shows the conflict with
 * both totals (kept until dismissed, not a passing toast), then the sheet as the server holds it.
 * 768×1024 (tablet) and 1366×768 (desktop).
 */
import { randomUUID } from 'crypto';
import { login, serveAndLaunch, Served, shot } from './browser.support';
import { createJudgingWorld, entrant, judge, Judge, JWorld, readyPanel } from '../http/judging.support';

describe('the judge’s tablet page with a second device', () => {
  let w: JWorld;
  let served: Served;
  let j: Judge;
  let panelId: number;
  let entrantIds: number[];

  beforeAll(async () => {
    w = await createJudgingWorld();
    j = await judge(w, { schoolId: w.s2 });
    const es = [await entrant(w, w.s1, { name: '王老师' }), await entrant(w, w.s1, { name: '赵老师' })];
    entrantIds = es.map((e) => e.id);
    panelId = await readyPanel(w, w.school1, { code: 'P-2DEV', round: 'preliminary', session: '下午第一场' }, [j], es);
    served = await serveAndLaunch(w.t.app);
  });
  afterAll(async () => {
    await served?.browser.close();
    await w?.t.close();
  });

  for (const [k, viewport] of [
    { width: 768, height: 1024 },
    { width: 1366, height: 768 },
  ].entries()) {
    it(`shows the other device's submission and both totals (${viewport.width}×${viewport.height})`, async () => {
      const entrantId = entrantIds[k];
      const page = await login(served, j.username, viewport);
      await page.waitForURL('**/judge.html');
      await page.click(`#jg-contestants button[data-entrant="${entrantId}"]`);
      await page.fill('#jg-items input[data-key="handwriting"]', '7');
      await page.fill('#jg-items input[data-key="classic-case"]', '7');
      await page.fill('#jg-items input[data-key="design-tech"]', '20');
      await page.fill('#jg-items input[data-key="classroom"]', '40');
      // Meanwhile the judge's other device submits the same sheet.
      const other = await w.t
        .http()
        .put(`/api/judging/panels/${panelId}/sheets/${entrantId}`)
        .set(j.h)
        .send({ clientId: randomUUID(), scores: [9, 9, 28, 45.5], submit: true, baseVersion: 0 });
      expect(other.status).toBe(200);
      await page.click('#jg-submit');
      await page.waitForSelector('#jg-confirm:not(.hidden)');
      await page.click('#jg-confirm-ok');
      await page.waitForSelector('#jg-conflict:not(.hidden)');
      const text = (await page.textContent('#jg-conflict-text')) ?? '';
      expect(text).toContain('另一台设备已先提交');
      expect(text).toContain('总分 91.5 分');
      expect(text).toContain('总分 74.0 分');
      expect(text).not.toMatch(/[A-Za-z_]{3,}/); // no code or English fragment on the page
      expect(await page.isVisible('#jg-conflict-ok')).toBe(true);
      await shot(page, `judge-two-devices-${viewport.width}`);
      // The sheet now shows what the server holds: submitted, the other device's scores.
      await page.waitForSelector('#jg-state:text-is("已提交")');
      expect(await page.inputValue('#jg-items input[data-key="classroom"]')).toBe('45.5');
      // Still shown a while later (not a toast), until dismissed.
      await page.waitForTimeout(3500);
      expect(await page.isVisible('#jg-conflict')).toBe(true);
      await page.click('#jg-conflict-ok');
      expect(await page.isVisible('#jg-conflict')).toBe(false);
      // The head judge and the contest office can see the rejected version with its scores.
      const versions = await w.t.http().get(`/api/judging/panels/${panelId}/versions`).set(w.school1);
      const rejected = (versions.body as { entrantId: number; action: string; total: string }[]).filter((v) => v.entrantId === entrantId && v.action === 'rejected');
      expect(rejected.map((v) => v.total)).toEqual(['74.0']);
      await page.context().close();
    });
  }
});
