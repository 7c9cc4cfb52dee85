/**
 * In a real browser: the district officer computes the allocation, a school clerk
 * recommends, the officer runs the whole ceremony on draw.html, and the public (no login) sees the
 * announcement, the record link, the semi-finalists marked 推荐/抽取 with masked ID numbers, and
 * how to verify the record with the command line.
 */
import { login as loginAs, pickDate, serveAndLaunch, Served, shot } from './browser.support';
import { auth, createWorld, finalisePreliminaryLists, giveResults, submitList, World } from '../http/advancement.support';

describe('advancement in the browser', () => {
  let w: World;
  let served: Served;
  let base: string;

  beforeAll(async () => {
    w = await createWorld([[6, 5]]);
    const [D] = w.districts;
    for (const s of D.schools) await submitList(w, s);
    // One entrant of the first school did not take part (no result).
    const [absent] = await w.t.dataSource.query(`SELECT code FROM round_entrants WHERE school_id = ${D.schools[0].id} ORDER BY id DESC LIMIT 1`);
    await giveResults(w, 'preliminary', [absent.code]);
    await finalisePreliminaryLists(w);
    await w.f.account('district_admin', { districtId: D.id }, 'officer');
    await w.f.account('school_admin', { schoolId: D.schools[0].id }, 'clerk');
    served = await serveAndLaunch(w.t.app);
    base = served.base;
  });
  afterAll(async () => {
    await served?.browser.close();
    await w?.t.close();
  });

  const login = (username: string) => loginAs(served, username);

  it('allocation, recommendation, the ceremony and the public pages', async () => {
    const [D] = w.districts;
    // The officer computes the allocation.
    const officer = await login('officer');
    await officer.goto(`${base}/advancement.html`);
    await pickDate(officer, 'input[aria-label="推荐截止日期"]', '2025-12-10');
    await officer.click('button:has-text("计算复赛名额分配")');
    await officer.waitForSelector('table.adv-report tbody tr[data-unit]');
    const places = await officer.$$eval('table.adv-report tbody tr[data-unit]', (rows) => rows.map((r) => [...r.querySelectorAll('td')].slice(8, 11).map((td) => td.textContent)));
    expect(places).toEqual([
      ['3', '2', '1'],
      ['3', '2', '1'],
    ]);
    await expect(officer.textContent('.card[data-allocation]')).resolves.toContain('占 66.67%');
    await shot(officer, 'advancement-report');

    // The clerk recommends two; a third is refused with a Chinese message.
    const clerk = await login('clerk');
    await clerk.goto(`${base}/advancement.html`);
    const card = `.card[data-recommend="${D.schools[0].id}"]`;
    const boxes = `${card} tbody input[type=checkbox]`;
    await clerk.waitForSelector(boxes);
    // The school's own part first, candidates ranked by score, large targets, the absent one hidden.
    expect(await clerk.$eval('#adv-root > .card', (c) => c.getAttribute('data-recommend'))).toBe(String(D.schools[0].id));
    const scores = await clerk.$$eval(`${card} tbody tr:not(.hidden) td.score span`, (s) => s.map((x) => Number(x.textContent)));
    expect(scores).toHaveLength(5);
    expect([...scores].sort((x, y) => y - x)).toEqual(scores);
    const targets = await clerk.$$eval(`${card} tbody tr:not(.hidden) label.pick`, (ls) => ls.map((l) => Math.min(l.getBoundingClientRect().width, l.getBoundingClientRect().height)));
    expect(Math.min(...targets)).toBeGreaterThanOrEqual(44);
    await clerk.click(`${card} button:has-text("显示未参赛及已退出的 1 人")`);
    await expect(clerk.textContent(`${card} tbody tr.out:not(.hidden)`)).resolves.toContain('未参赛');
    await clerk.click(`${card} button:has-text("隐藏未参赛及已退出的人员")`);
    const all = await clerk.$$(boxes);
    for (const b of all.slice(0, 3)) await b.check();
    await clerk.click('button:has-text("提交推荐")');
    await clerk.waitForSelector('.notice.error:has-text("推荐人数必须恰好等于推荐名额")');
    // The error stands right under the submit button.
    expect(await clerk.$eval(`${card} .submit-row`, (row) => row.nextElementSibling?.className)).toBe('notice error');
    await all[2].uncheck();
    await clerk.click('button:has-text("提交推荐")');
    await clerk.waitForSelector(`.card[data-recommend="${D.schools[0].id}"] .badge:has-text("已推荐")`);
    await shot(clerk, 'advancement-recommend');
    // The other school through the API.
    const s1 = D.schools[1];
    const cands = (await w.t.http().get(`/api/allocations/1/units/${s1.id}/candidates`).set(auth(s1.token))).body as { entrantId: number }[];
    expect((await w.t.http().put(`/api/allocations/1/units/${s1.id}/recommendations`).set(auth(s1.token)).send({ entrantIds: cands.slice(0, 2).map((c) => c.entrantId) })).status).toBe(200);

    // The ceremony.
    await officer.goto(`${base}/advancement.html`);
    await officer.click('a:has-text("抽签仪式")');
    await officer.click('button:has-text("冻结抽签池")');
    await officer.waitForSelector('#dr-hash');
    const hash = await officer.textContent('#dr-hash');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    await officer.fill('.src-name', '双色球第2025142期开奖号码');
    await officer.fill('.src-desc', '2025年12月11日开奖，按开奖公告原文');
    await officer.click('button:has-text("发布公告")');
    await officer.waitForSelector('label:has-text("双色球第2025142期开奖号码") input');
    await officer.fill('label:has-text("双色球第2025142期开奖号码") input', '03 08 15 21 27 31 + 09');
    await officer.click('button:has-text("录入随机源数值")');
    await officer.click('button:has-text("执行抽签")');
    await officer.click('button:has-text("⑤ 公布结果")');
    await officer.waitForSelector('h2:has-text("晋级名单")');
    await expect(officer.$$eval('.steps li.done', (l) => l.length)).resolves.toBe(5);
    await shot(officer, 'draw-ceremony');

    // The public, without logging in.
    const pub = await served.browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    await pub.goto(`${base}/public/`);
    await pub.click('a:has-text("查看公告与名单")');
    await pub.waitForSelector('#pd-announcement');
    await expect(pub.textContent('#pd-announcement')).resolves.toContain(hash!);
    await pub.waitForSelector('.card[data-unit] tbody tr');
    const ids = await pub.$$eval('.card[data-unit] tbody tr td:nth-child(5)', (tds) => tds.map((td) => td.textContent));
    expect(ids).toHaveLength(6);
    for (const id of ids) expect(id).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    const marks = await pub.$$eval('.card[data-unit] tbody tr td:nth-child(6) .badge', (b) => b.map((x) => x.textContent));
    expect(marks.filter((m) => m === '推荐')).toHaveLength(4);
    expect(marks.filter((m) => m === '抽取')).toHaveLength(2);
    await expect(pub.textContent('#pd-verify')).resolves.toContain('npm run -s cli -- verify-draw record.json');
    const href = await pub.getAttribute('a:has-text("下载抽签记录")', 'href');
    const rec = await pub.request.get(`${base}${href}`);
    expect((await rec.json()).protocol).toBe('contest-draw/1');
    // One click recomputes the served record in the visitor's browser.
    await pub.click('#pd-verify-run');
    await pub.waitForSelector('#pd-verify-result.notice.ok');
    await expect(pub.textContent('#pd-verify-result')).resolves.toMatch(/^复核结果：一致（MATCH）/);
    await shot(pub, 'public-draw');
  });
});
