/**
 * The in-browser verification of a draw record: the visitor's Chromium recomputes a
 * contest-draw/1 record (Web Crypto SHA-256, seedrandom served by the service) and must give the
 * same answer as the command line's verifier — MATCH on a real record, the first difference on a
 * tampered one — at tablet and desktop sizes.
 */
import { Page } from 'playwright-core';
import { DrawRecord, recordText, runDraw, verifyDraw } from '../../src/domain/draw';
import { createTestApp, TestApp } from '../support/app';
import { serveAndLaunch, Served, shot } from './browser.support';

const VIEWPORTS = { tablet: { width: 768, height: 1024 }, desktop: { width: 1366, height: 768 } };

/** Two schools; the second one's pool is smaller than its drawn places (a shortfall of 2). */
const record: DrawRecord = runDraw({
  contestCode: 'C2026',
  roundCode: 'semifinal',
  entropy: ['03 08 15 21 27 31 + 09', '第二位见证人：4711'],
  units: [
    { code: 'S01', drawn: 2, pool: ['E01', 'E02', 'E03', 'E04', 'E05', 'E06'] },
    { code: 'S02', drawn: 3, pool: ['E07'] },
  ],
});

type Tamper = [string, (r: DrawRecord) => void, RegExp];
const TAMPERED: Tamper[] = [
  ['a drawn entrant swapped for a reserve', (r) => { [r.units[0].drawn[0], r.units[0].reserve[0]] = [r.units[0].reserve[0], r.units[0].drawn[0]]; }, /单位 S01 的抽取名单第 1 位不一致/],
  ['the reserve order changed', (r) => r.units[0].reserve.reverse(), /单位 S01 的递补名单第 1 位不一致/],
  ['an entrant added to a pool', (r) => { r.pool += 'S02,E08\n'; }, /抽签池哈希不一致/],
  ['an entropy value edited', (r) => { r.entropy[0] = '03 08 15 21 27 32 + 09'; }, /随机源串不一致/],
  ['the master seed edited', (r) => { r.master = r.master.replace(/^./, (c) => (c === '0' ? '1' : '0')); }, /主种子不一致/],
  ['the shortfall hidden', (r) => { r.units[1].shortfall = 0; }, /单位 S02 的空缺名额数不一致：记录为 0，复算为 2/],
];

describe('verifying a draw record in the browser', () => {
  let t: TestApp;
  let served: Served;
  beforeAll(async () => {
    t = await createTestApp();
    served = await serveAndLaunch(t.app);
  });
  afterAll(async () => {
    await served?.browser.close();
    await t?.close();
  });

  async function verifyInPage(page: Page, text: string): Promise<string> {
    await page.fill('#vf-text', '');
    await page.setInputFiles('#vf-file', { name: 'record.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await expect(page.textContent('#vf-file-name')).resolves.toBe('record.json');
    await page.click('#vf-run');
    await page.waitForSelector('#vf-result.notice');
    const out = (await page.textContent('#vf-result'))!;
    await page.evaluate("document.getElementById('vf-result').classList.add('hidden')");
    return out;
  }

  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    it(`${size}: MATCH on a real record, the first difference on each tampered one, as the command line says`, async () => {
      const page = await served.browser.newPage({ viewport, locale: 'zh-CN' });
      const asked: string[] = [];
      page.on('request', (r) => asked.push(new URL(r.url()).pathname));
      await page.goto(`${served.base}/public/verify.html`);
      expect(record.units[1].shortfall).toBe(2);
      expect(verifyDraw(JSON.parse(recordText(record)))).toEqual({ match: true });
      await expect(verifyInPage(page, recordText(record))).resolves.toMatch(/^复核结果：一致（MATCH）/);
      await shot(page, `verify-draw-match-${size}`);

      for (const [, tamper, expected] of TAMPERED) {
        const copy = JSON.parse(recordText(record)) as DrawRecord;
        tamper(copy);
        expect(verifyDraw(copy)).toMatchObject({ match: false });
        const answer = await verifyInPage(page, JSON.stringify(copy));
        expect(answer).toMatch(/^复核结果：不一致。第一处不一致：/);
        expect(answer).toMatch(expected);
      }
      await expect(verifyInPage(page, '{ not json')).resolves.toContain('文件不是有效的抽签记录');
      // Everything was computed in the page: it loaded its scripts and asked the server nothing else.
      expect(asked.filter((p) => p.startsWith('/api/'))).toEqual([]);
      expect(asked).toContain('/vendor/seedrandom.min.js');
      await page.close();
    });
  }
});
