/**
 * Announcements in a real browser: an anonymous visitor on a tablet (768×1024) finds a notice
 * in its window, lodges an objection and gets a receipt code; the district officer (desktop)
 * sees the count badge and resolves it; the visitor looks the decision up with the receipt code.
 */
import { login as loginAs, serveAndLaunch, Served, shot } from './browser.support';
import { createWorld, submitList, World } from '../http/advancement.support';
import { announcePreliminary } from '../support/notices';

describe('announcements in the browser', () => {
  let w: World;
  let served: Served;
  let base: string;

  beforeAll(async () => {
    w = await createWorld([[6]]);
    const [D] = w.districts;
    await submitList(w, D.schools[0]);
    await announcePreliminary(w.t, w.contestId, D.schools[0]);
    await w.f.account('district_admin', { districtId: D.id }, 'officer');
    served = await serveAndLaunch(w.t.app);
    base = served.base;
  });
  afterAll(async () => {
    await served?.browser.close();
    await w?.t.close();
  });

  const noIso = async (page: import('playwright-core').Page) => expect(await page.innerText('body')).not.toMatch(/\d{4}-\d{2}-\d{2}(T|\b)/);

  it('a visitor objects without an account, the district resolves, the visitor sees the decision', async () => {
    const visitor = await served.browser.newPage({ viewport: { width: 768, height: 1024 }, locale: 'zh-CN' });
    await visitor.goto(`${base}/public/`);
    await visitor.click('a:has-text("查看全部公示")');
    await visitor.waitForSelector('#pn-list tbody tr[data-notice]');
    await expect(visitor.textContent('#pn-list tbody tr[data-notice] .badge')).resolves.toBe('公示中，还剩5个工作日');
    await expect(visitor.textContent('#pn-list tbody tr[data-notice]')).resolves.toContain('2025年11月27日 24:00');
    await noIso(visitor);
    await shot(visitor, 'notices-public');

    // The printable sheet.
    const [sheet] = await Promise.all([visitor.waitForNavigation(), visitor.click('#pn-list a:has-text("查看公示")')]);
    expect(sheet?.status()).toBe(200);
    await visitor.waitForSelector('#live-state:has-text("公示中，还剩5个工作日")');
    expect(await visitor.$$eval('.sheet tbody tr', (rows) => rows.length)).toBe(6);
    await expect(visitor.innerText('.sheet')).resolves.toContain('2025年11月27日 24:00');
    await shot(visitor, 'notice-sheet');

    // The form: empty grounds are refused on the page, then the objection goes in.
    await visitor.click('#object-link');
    await visitor.waitForSelector('#ob-form select[name=rowId] option:nth-child(2)', { state: 'attached' });
    await visitor.fill('input[name=name]', '李异议');
    await visitor.fill('input[name=contact]', '13900001111');
    await visitor.selectOption('select[name=rowId]', { index: 2 });
    await visitor.click('#ob-submit');
    await visitor.waitForSelector('#ob-error:has-text("请填写异议理由")');
    await visitor.fill('textarea[name=grounds]', '该教师已于本学期调往县城学校，不应列入名单。');
    await visitor.click('#ob-submit');
    await visitor.waitForSelector('#ob-done:not(.hidden)');
    const code = (await visitor.textContent('#ob-receipt'))!.trim();
    expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    await noIso(visitor);
    await shot(visitor, 'objection-receipt');

    // The district officer: the badge, the objector's identity, the decision.
    const officer = await loginAs(served, 'officer', { width: 1366, height: 768 });
    await officer.goto(`${base}/district.html`);
    await officer.waitForSelector('#notices-link .badge:has-text("1")');
    await officer.click('#notices-link');
    await officer.waitForSelector('#ns-badge:has-text("1")');
    await officer.click('#ns-objections-tab');
    const card = '#ns-pending .objection[data-objection]';
    await officer.waitForSelector(card);
    await expect(officer.textContent(card)).resolves.toContain('李异议');
    await noIso(officer);
    await officer.click(`${card} button:has-text("提交处理决定")`);
    await officer.waitForSelector(`${card} .notice.error:has-text("请选择异议是否成立")`);
    await officer.check(`${card} label:has-text("异议不成立") input`);
    await officer.fill(`${card} textarea[name=reason]`, '经核实，该教师本学期仍在本校任教，名单无误。');
    await officer.click(`${card} button:has-text("提交处理决定")`);
    await officer.waitForSelector('#ns-pending p:has-text("暂无待处理的异议")');
    await officer.waitForSelector('#ns-badge.hidden', { state: 'attached' });
    await shot(officer, 'objection-resolved');

    // The visitor looks the decision up with the receipt code.
    await visitor.goto(`${base}/public/receipt.html`);
    await visitor.fill('input[name=code]', code.toLowerCase());
    await visitor.click('button:has-text("查询")');
    await visitor.waitForSelector('#rc-state:has-text("异议不成立")');
    await expect(visitor.textContent('#rc-reason')).resolves.toBe('经核实，该教师本学期仍在本校任教，名单无误。');
    const text = await visitor.innerText('body');
    expect(text).not.toContain('李异议');
    expect(text).not.toContain('13900001111');
    await noIso(visitor);
    await shot(visitor, 'receipt-decision');
  });
});
