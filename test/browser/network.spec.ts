/**
 * Light on a poor network: static assets are compressed and revalidated rather than sent again, the
 * judge page's first load transfers at most 150 KB (no chart library there), and the pages are
 * usable within 5 s on an emulated 3G connection (Chrome's 3G profile: 1.6 Mbit/s down,
 * 750 kbit/s up, 562.5 ms round trip).
 */
import { CDPSession, Page } from 'playwright-core';
import { createJudgingWorld, entrant, judge, JWorld, readyPanel } from '../http/judging.support';
import { serveAndLaunch, Served } from './browser.support';
import { TEST_PASSWORD } from '../support/factories';

const THREE_G = { offline: false, latency: 562.5, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };

describe('pages on a poor network', () => {
  let w: JWorld;
  let served: Served;
  let judgeName: string;

  beforeAll(async () => {
    w = await createJudgingWorld();
    const j = await judge(w, { schoolId: w.s2 });
    judgeName = j.username;
    const es = [await entrant(w, w.s1, { name: '周老师' }), await entrant(w, w.s1, { name: '吴老师' })];
    await readyPanel(w, w.school1, { code: 'P-3G', round: 'preliminary', session: '上午第一场' }, [j], es);
    await w.f.account('school_admin', { schoolId: w.s1 }, 'clerk-3g');
    served = await serveAndLaunch(w.t.app);
  });
  afterAll(async () => {
    await served?.browser.close();
    await w?.t.close();
  });

  /** A page with its token in place (logged in through the API), counting the bytes it transfers. */
  async function open(username: string | null): Promise<{ page: Page; cdp: CDPSession; bytes: () => number }> {
    const context = await served.browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'zh-CN' });
    const page = await context.newPage();
    if (username) {
      const res = await w.t.http().post('/api/auth/login').send({ username, password: TEST_PASSWORD });
      await page.goto(`${served.base}/favicon.ico`);
      await page.evaluate(`localStorage.setItem('contest.token', ${JSON.stringify(res.body.accessToken)}); localStorage.setItem('contest.user', ${JSON.stringify(JSON.stringify(res.body.account))})`);
    }
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    let total = 0;
    cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => { total += e.encodedDataLength; });
    return { page, cdp, bytes: () => total };
  }

  it('compresses static assets and revalidates them instead of sending them again', async () => {
    const first = await w.t.http().get('/assets/app.js').set('accept-encoding', 'gzip, br');
    expect(first.headers['content-encoding']).toMatch(/gzip|br/);
    expect(first.headers['cache-control']).toBeDefined();
    const etag = first.headers.etag;
    expect(etag).toBeTruthy();
    const again = await w.t.http().get('/assets/app.js').set('accept-encoding', 'gzip, br').set('if-none-match', etag);
    expect(again.status).toBe(304);
  });

  it('the judge page’s first load transfers at most 150 KB and is usable within 5 s on 3G', async () => {
    const { page, cdp, bytes } = await open(judgeName);
    await cdp.send('Network.emulateNetworkConditions', THREE_G);
    const started = Date.now();
    await page.goto(`${served.base}/judge.html`);
    await page.waitForSelector('#jg-contestants button[data-entrant]');
    const ms = Date.now() - started;
    await page.waitForLoadState('networkidle');
    expect(bytes()).toBeLessThanOrEqual(150 * 1024);
    expect(ms).toBeLessThan(5000);
    await page.context().close();
  });

  it.each([
    [null, '/login.html', '#login-submit'],
    [null, '/public/', '#pub-draws tbody tr'],
    ['clerk-3g', '/school.html', '#es-state:not(:empty)'],
    ['clerk-3g', '/panels.html', '#pn-list tr[data-panel]'],
  ])('%s %s is usable within 5 s on 3G', async (who, path, ready) => {
    const { page, cdp } = await open(who);
    await cdp.send('Network.emulateNetworkConditions', THREE_G);
    const started = Date.now();
    await page.goto(`${served.base}${path}`);
    await page.waitForSelector(ready);
    expect(Date.now() - started).toBeLessThan(5000);
    await page.context().close();
  });
});
