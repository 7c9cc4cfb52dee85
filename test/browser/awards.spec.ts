/**
 * Prizes, awards and certificates in a real browser: the district officer computes its semi-final's
 * awards (a bar per group), publishes them, issues the certificates once the window has closed; a
 * school clerk opens a certificate (QR code of the verification page); the public verifies it, and
 * a made-up number gets 「未找到该证书」. The officer corrects the published list (a supplementary
 * notice); the school's organisation award certificate names the school as its holder.
 */
import { login as loginAs, serveAndLaunch, Served, shot } from './browser.support';
import { AwardWorld, createAwardWorld, giveRound, tenDistinct } from '../http/awards.support';

describe('awards in the browser', () => {
  let w: AwardWorld;
  let served: Served;

  beforeAll(async () => {
    w = await createAwardWorld([[true, false]]);
    w.t.clock.set('2025-12-22T02:00:00.000Z');
    const [d] = w.districts;
    await giveRound(w, 'semifinal', d.id, [...tenDistinct(d.schools[0].id), ...tenDistinct(d.schools[1].id, 'chinese')]);
    await w.f.account('district_admin', { districtId: d.id }, 'officer');
    await w.f.account('school_admin', { schoolId: d.schools[0].id }, 'clerk');
    // School 0's preliminary list is submitted on time: it receives the organisation award.
    w.t.clock.set('2025-12-01T02:00:00.000Z');
    const token = await w.f.loginAs('school_admin', { schoolId: d.schools[0].id });
    const submitted = await w.t.http().post(`/api/contests/${w.contestId}/entrant-lists/${d.schools[0].id}/submit`).set({ Authorization: `Bearer ${token}` });
    if (submitted.status !== 200) throw new Error(`submit: ${submitted.status}`);
    w.t.clock.set('2025-12-22T02:00:00.000Z');
    served = await serveAndLaunch(w.t.app);
  });
  afterAll(async () => {
    await served?.browser.close();
    await w?.t.close();
  });

  it('compute, review, publish, certificates; a certificate page and its public verification', async () => {
    const base = served.base;
    const officer = await loginAs(served, 'officer', { width: 1366, height: 768 });
    await officer.goto(`${base}/awards.html`);
    await officer.click('#aw-compute');
    await officer.waitForSelector('#aw-groups [data-group="chinese-primary-youth"]');
    await officer.waitForSelector('#aw-chart canvas');
    expect(await officer.locator('#aw-groups .aw-group').count()).toBe(2);
    await shot(officer, 'awards-report');
    await officer.click('#aw-publish');
    await officer.waitForSelector('#aw-state-badge:has-text("公示中")');
    // A correction of the published list: the officer removes the second award, naming the reason;
    // it is announced in a supplementary notice.
    await officer.waitForSelector('#aw-correct-card:not(.hidden)');
    const second = await officer.locator('#aw-correct-award option').nth(1).getAttribute('value');
    await officer.selectOption('#aw-correct-award', second!);
    await officer.selectOption('#aw-correct-action', 'revoke');
    await officer.fill('#aw-correct-reason', '成绩录入有误，经复核不应获奖');
    await officer.click('#aw-correct-submit');
    await officer.waitForSelector('#aw-corrected a:has-text("查看补充公示")');
    expect(await officer.locator('#aw-message').innerText()).toContain('已发布补充公示');
    expect(await officer.locator('#aw-correct-award option').nth(1).innerText()).toContain('已撤销');
    await shot(officer, 'awards-correction');
    // The window closes five working days later; then the certificates are issued.
    w.t.clock.set('2025-12-30T02:00:00.000Z');
    await officer.reload();
    await officer.click('#aw-finalise');
    await officer.waitForSelector('#aw-state-badge:has-text("已确定")');
    const visible = await officer.locator('main').innerText();
    expect(visible).not.toMatch(/\d{4}-\d{2}-\d{2}T|undefined|null/);

    // The school clerk on a tablet: its teachers' prizes, and a certificate to print.
    const clerk = await loginAs(served, 'clerk', { width: 768, height: 1024 });
    await clerk.goto(`${base}/awards.html`);
    const link = clerk.locator('#aw-school-table a').first();
    await link.waitFor();
    const number = (await link.innerText()).trim();
    await link.click();
    const cert = clerk.locator(`section.cert[data-number="${number}"]`);
    await cert.waitFor();
    const text = await cert.innerText();
    expect(text).toContain('荣誉证书');
    expect(text).toContain(number);
    expect(text).toContain('宿城区教育局');
    expect(text).toMatch(/一等奖|二等奖/);
    expect(text).toContain('2025年12月30日');
    expect(await cert.locator('.qr svg').count()).toBe(1);
    const ids: string[] = (await w.t.dataSource.query('SELECT id_number FROM teachers')).map((t: { id_number: string }) => t.id_number);
    for (const id of ids) expect(text).not.toContain(id);
    await shot(clerk, 'awards-certificate');

    // The verification page the QR code leads to, without a login.
    const pub = await served.browser.newPage({ viewport: { width: 768, height: 1024 }, locale: 'zh-CN' });
    await pub.goto(`${base}/public/certificates/${encodeURIComponent(number)}`);
    await pub.waitForSelector('#verify-ok');
    const holder = (await pub.locator('#verify-holder').innerText()).trim();
    expect(text).toContain(holder);
    const page = await pub.locator('main').innerText();
    for (const id of ids) expect(page).not.toContain(id);
    expect(page).not.toMatch(/\*{4}/);
    await shot(pub, 'awards-verify');
    expect(await pub.locator('main').innerText()).toContain('获奖人');

    // The school's organisation award: the certificate and its verification name the school as holder.
    await clerk.goto(`${base}/awards.html`);
    const orgLink = clerk.locator('#aw-school-table tr:has-text("组织奖") a');
    await orgLink.waitFor();
    const orgNumber = (await orgLink.innerText()).trim();
    await orgLink.click();
    const orgCert = clerk.locator(`section.cert[data-number="${orgNumber}"]`);
    await orgCert.waitFor();
    expect(await orgCert.getAttribute('data-holder-kind')).toBe('school');
    const orgText = await orgCert.innerText();
    expect(orgText).toContain(`授予 ${w.districts[0].schools[0].name}：`);
    expect(orgText).not.toContain('老师');
    expect(orgText).toContain('组织奖');
    await pub.goto(`${base}/public/certificates/${encodeURIComponent(orgNumber)}`);
    await pub.waitForSelector('#verify-ok');
    const orgPage = await pub.locator('main').innerText();
    expect(orgPage).toContain('获奖单位');
    expect(orgPage).toContain('所属区县');
    expect((await pub.locator('#verify-holder').innerText()).trim()).toBe(w.districts[0].schools[0].name);
    expect((await pub.locator('#verify-unit').innerText()).trim()).toBe('宿城区');
    await shot(pub, 'awards-verify-school');

    await pub.goto(`${base}/public/certificates/c2025-semifinal_DA-9999`);
    await pub.waitForSelector('#verify-missing');
    expect(await pub.locator('#verify-missing').innerText()).toBe('未找到该证书');
  });
});
