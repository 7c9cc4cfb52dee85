/**
 * The results on panels.html say what was done: the method actually applied (a 3-judge panel takes
 * the plain mean), and each contestant's judges as a dot plot (ECharts served by the service) in
 * which only the judge who stands apart is marked — at tablet and desktop sizes.
 */
import { login, serveAndLaunch, Served, shot } from './browser.support';
import { createJudgingWorld, enter, entrant, judge, JWorld, readyPanel } from '../http/judging.support';

describe('panel results in the browser', () => {
  let w: JWorld;
  let served: Served;

  beforeAll(async () => {
    w = await createJudgingWorld();
    const js = [await judge(w, { schoolId: w.s2 }), await judge(w, { schoolId: w.s2 }), await judge(w, { schoolId: w.s2 })];
    const es = [await entrant(w, w.s1, { name: '钱老师' }), await entrant(w, w.s1, { name: '孙老师' })];
    const panelId = await readyPanel(w, w.school1, { code: 'P-RES', round: 'preliminary', session: '上午第一场' }, js, es);
    // 钱老师: 86, 85 and 45 (the third judge 40 points off); 孙老师: 80, 81, 82.
    const sheets: [number, number, (number)[]][] = [
      [0, 0, [9, 9, 26, 42]], [1, 0, [9, 8, 26, 42]], [2, 0, [5, 5, 15, 20]],
      [0, 1, [8, 8, 24, 40]], [1, 1, [8, 8, 25, 40]], [2, 1, [8, 8, 25, 41]],
    ];
    for (const [j, e, scores] of sheets) {
      const r = await enter(w, js[j].h, panelId, es[e].id, scores);
      if (r.status !== 200) throw new Error(`enter: ${r.status} ${JSON.stringify(r.body)}`);
    }
    await w.f.account('school_admin', { schoolId: w.s1 }, 'clerk-results');
    served = await serveAndLaunch(w.t.app);
  });
  afterAll(async () => {
    await served?.browser.close();
    await w?.t.close();
  });

  for (const [size, viewport] of Object.entries({ tablet: { width: 768, height: 1024 }, desktop: { width: 1366, height: 768 } })) {
    it(`${size}: states the plain mean and marks only the judge who stands apart`, async () => {
      const page = await login(served, 'clerk-results', viewport);
      await page.goto(`${served.base}/panels.html`);
      await page.click('#pn-list tr[data-panel] button');
      await page.waitForSelector('#pn-results tbody tr');
      await expect(page.textContent('#pn-bias')).resolves.toContain('统计方法：取各位评委总分的平均（评委不足5位，不去掉最高分和最低分）');
      const flags = await page.$$eval('#pn-results tbody tr', (trs) => trs.map((tr) => tr.querySelectorAll('td:last-child .badge').length));
      expect(flags.reduce((a, b) => a + b, 0)).toBe(1);
      // The dot plot: six judges' dots, one of them marked, and the two final scores.
      await page.waitForSelector('#pn-dots svg');
      const plot = await page.$eval('#pn-dots', (el) => ({ paths: el.querySelectorAll('svg path').length, text: el.textContent }));
      expect(plot.text).toContain('偏离较大的评委');
      expect(plot.text).toContain('钱老师');
      expect(plot.paths).toBeGreaterThan(8);
      const marked = await page.$$eval('#pn-dots svg path', (ps) => ps.filter((p) => (p.getAttribute('fill') || '').toLowerCase() === '#c0392b').length);
      // one marked dot (the legend draws one more of its colour)
      expect(marked).toBe(2);
      await shot(page, `results-dots-${size}`);
      await page.context().close();
    });
  }

  it('loads the chart library only where a chart is drawn (never on the judge page)', async () => {
    const html = await (await fetch(`${served.base}/judge.html`)).text();
    expect(html).not.toContain('echarts');
  });
});
