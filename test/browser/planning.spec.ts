/**
 * Round planning in the browser: the district plans its semi-final on the planning page, assigns
 * the judges automatically and prints the judge cards; a judge opens a card's link on a tablet
 * (768×1024) and scores, and reports a problem that the organiser's progress page shows.
 */
import { login, serveAndLaunch, Served, shot } from './browser.support';
import { bearer, TEST_PASSWORD } from '../support/factories';
import { createJudgingWorld, entrant, JWorld } from '../http/judging.support';

jest.setTimeout(180_000);

describe('round planning pages', () => {
  let w: JWorld;
  let served: Served;
  let districtUser: string;
  let entrantIds: number[];

  beforeAll(async () => {
    w = await createJudgingWorld();
    const d = (await w.f.district({ name: '宿城区' })).id;
    const a = (await w.f.school({ districtId: d, name: '实验小学' })).id;
    const b = (await w.f.school({ districtId: d, name: '新河小学' })).id;
    const es = [];
    for (const name of ['张老师', '李老师', '王老师']) es.push(await entrant(w, a, { round: 'semifinal', subject: 'math', name }));
    entrantIds = es.map((e) => e.id);
    const admin = await w.f.account('district_admin', { districtId: d }, 'district-planning');
    districtUser = admin.username;
    const login_ = await w.t.http().post('/api/auth/login').send({ username: districtUser, password: TEST_PASSWORD });
    const judges = [];
    for (let i = 0; i < 5; i++) judges.push((await w.f.account('judge', { schoolId: b }, `planning-judge-${i}`)).id);
    const r = await w.t.http().post('/api/planning/pool/accounts').set(bearer(login_.body.accessToken)).send({ contestId: w.contestId, round: 'semifinal', accountIds: judges });
    if (r.status !== 200) throw new Error(JSON.stringify(r.body));
    served = await serveAndLaunch(w.t.app);
  });
  afterAll(async () => {
    await served?.browser.close();
    await w?.t.close();
  });

  it('the district plans, auto-assigns and prints the cards; a judge scores from a card’s link on a tablet', async () => {
    const page = await login(served, districtUser, { width: 1366, height: 768 });
    await page.goto(`${served.base}/planning.html`);
    await page.waitForSelector('.pl-session');
    await expect(page.textContent('#pl-dates')).resolves.toBe('比赛日期：2025年11月17日至2025年11月28日');
    await page.fill('#pl-max', '10');
    await page.click('#pl-preview');
    await page.waitForSelector('#pl-preview-rows tr');
    const rows = await page.$$eval('#pl-preview-rows tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
    expect(rows).toEqual([[expect.stringMatching(/^S-/), '宿城区', '数学', '小学青年组', '3', '11月17日 08:30', '第一考场']]);
    await page.click('#pl-accept');
    await page.waitForSelector('#pl-preview-summary:has-text("编排已确认")');
    await shot(page, 'planning-plan');

    await page.click('#pl-tabs button[data-tab="pl-pool"]');
    await page.waitForSelector('#pl-pool-rows tr:nth-child(5)');
    await page.click('#pl-assign');
    await page.waitForSelector('#pl-assign-result:has-text("全部评审组已配齐")');
    await shot(page, 'planning-pool');

    const href = (await page.getAttribute('#pl-cards', 'href'))!;
    const cardsPage = page;
    await cardsPage.goto(`${served.base}${href}`);
    await cardsPage.waitForSelector('.jc-card:nth-child(5)');
    const cards = await cardsPage.$$eval('.jc-card', (cs) => cs.map((c) => ({ text: c.textContent, svg: !!c.querySelector('.qr svg'), link: c.querySelector('.link')!.textContent })));
    expect(cards).toHaveLength(5);
    for (const c of cards) {
      expect(c.svg).toBe(true);
      expect(c.text).toContain('学科组别：数学 小学青年组');
      expect(c.text).toContain('场次：2025年11月17日 08:30');
      expect(c.text).toContain('考场：第一考场');
    }
    expect(cards[0].text).toContain('（组长）');
    await shot(cardsPage, 'planning-cards');

    // A judge scans the card: a fresh device, no login, a tablet.
    const tablet = await served.browser.newPage({ viewport: { width: 768, height: 1024 }, locale: 'zh-CN' });
    await tablet.goto(cards[1].link!);
    await tablet.waitForSelector(`#jg-contestants button[data-entrant="${entrantIds[0]}"]`);
    await tablet.click(`#jg-contestants button[data-entrant="${entrantIds[0]}"]`);
    for (const [key, v] of Object.entries({ handwriting: '8', 'classic-case': '9', 'design-tech': '25', classroom: '45' })) await tablet.fill(`#jg-items input[data-key="${key}"]`, v);
    await tablet.click('#jg-submit');
    await tablet.waitForSelector('#jg-confirm:not(.hidden)');
    await expect(tablet.textContent('#jg-confirm-text')).resolves.toContain('总分 87.0 分');
    await tablet.click('#jg-confirm-ok');
    await tablet.waitForSelector('#jg-readonly:not(.hidden)');
    const stored = await w.t.dataSource.query(`SELECT state, total_tenths FROM score_sheets WHERE entrant_id = ${entrantIds[0]}`);
    expect(stored.map((s: { state: string; total_tenths: number }) => [s.state, Number(s.total_tenths)])).toEqual([['submitted', 870]]);

    // 报告问题 from the tablet: shown on the organiser's progress page until handled.
    await tablet.click('#jp-report');
    await tablet.selectOption('#jp-kind', 'device');
    await tablet.fill('#jp-note', '平板电量不足');
    await tablet.click('#jp-send');
    await tablet.waitForSelector('#jp-dialog.hidden', { state: 'attached' });
    await shot(tablet, 'planning-tablet');

    await page.goto(`${served.base}/planning.html`);
    await page.waitForSelector('.pl-session');
    await page.click('#pl-tabs button[data-tab="pl-progress"]');
    await page.waitForSelector('.pl-cell');
    await expect(page.textContent('.pl-cell')).resolves.toContain('已提交 1/15');
    await page.waitForSelector('#pl-problems button');
    await expect(page.textContent('#pl-problems')).resolves.toContain('设备故障（平板电量不足）');
    expect(await page.$('#pl-chart canvas')).not.toBeNull();
    await shot(page, 'planning-progress');
    await page.click('#pl-problems button');
    await page.waitForSelector('#pl-problems:has-text("暂无待处理的问题")');
  });

  it('the city sets the merge-small-groups rule on the planning page; the district sees it and its preview shows the merged groups', async () => {
    const d = (await w.f.district({ name: '宿豫区' })).id;
    const s = (await w.f.school({ districtId: d, name: '顺河小学' })).id;
    await entrant(w, s, { round: 'semifinal', subject: 'math', group: 'primary-youth', name: '赵老师' });
    for (const name of ['钱老师', '孙老师']) await entrant(w, s, { round: 'semifinal', subject: 'math', group: 'junior-youth', name });
    for (const name of ['周老师', '吴老师', '郑老师']) await entrant(w, s, { round: 'semifinal', subject: 'chinese', group: 'senior', name });
    const officer = (await w.f.account('district_admin', { districtId: d }, 'district-merge')).username;
    const cityUser = (await w.f.account('city_admin', {}, 'city-merge')).username;
    try {
      // The city, on a desktop: by default every group gets its own panel.
      const city = await login(served, cityUser, { width: 1366, height: 768 });
      await city.goto(`${served.base}/planning.html`);
      await city.waitForSelector('#pl-merge-form:not(.hidden)');
      await expect(city.textContent('#pl-merge-text')).resolves.toContain('不合并，每个学科组别单独编为评审组');
      const labels = await city.$$eval('#pl-merge-groups label', (ls) => ls.map((l) => l.textContent!.trim()));
      expect(labels).toEqual(['小学青年组', '初中青年组', '中老年组']);
      await city.check('#pl-merge-allowed');
      await city.fill('#pl-merge-below', '3');
      await city.check('.pl-merge-group[value="primary-youth"]');
      await city.check('.pl-merge-group[value="junior-youth"]');
      await city.click('#pl-merge-save');
      await city.waitForSelector('#pl-merge-text:has-text("人数少于 3 人")');
      await expect(city.textContent('#pl-merge-text')).resolves.toContain('小学青年组＋初中青年组');
      await shot(city, 'planning-merge-rule');

      // The district, on a tablet: it sees the rule (not editable) and previews its semi-final.
      const page = await login(served, officer, { width: 768, height: 1024 });
      await page.goto(`${served.base}/planning.html`);
      await page.waitForSelector('#pl-merge-text:has-text("由市教育局设定")');
      expect(await page.isHidden('#pl-merge-form')).toBe(true);
      await page.waitForSelector('.pl-session');
      await page.fill('#pl-max', '10');
      await page.click('#pl-preview');
      await page.waitForSelector('#pl-preview-rows tr');
      const rows = await page.$$eval('#pl-preview-rows tr', (trs) => trs.map((tr) => [tr.children[2].textContent, tr.children[3].textContent, tr.children[4].textContent, tr.classList.contains('pl-merged')]));
      expect(rows).toEqual([
        ['语文', '中老年组', '3', false],
        ['数学', '小学青年组、初中青年组合并', '3', true],
      ]);
      await expect(page.textContent('#pl-preview-merged')).resolves.toMatch(/^按合并规则，1个评审组由人数较少的组别合并：S-.+（数学：小学青年组、初中青年组，共3人）。$/);
      const visible = await page.locator('main').innerText();
      expect(visible).not.toMatch(/primary-youth|junior-youth|senior|\d{4}-\d{2}-\d{2}T/);
      await shot(page, 'planning-merge-preview');
    } finally {
      const token = (await w.t.http().post('/api/auth/login').send({ username: cityUser, password: TEST_PASSWORD })).body.accessToken;
      await w.t.http().put(`/api/planning/contests/${w.contestId}/merge-rule`).set(bearer(token)).send({ allowed: false, below: 0, groups: [] });
    }
  });
});
