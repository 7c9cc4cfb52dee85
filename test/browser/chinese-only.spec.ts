/**
 * Every page shows Simplified Chinese only: in the visible text of each page, as each role sees it
 * on the demo contest at tablet and desktop sizes, no run of three English words, no ISO timestamp,
 * no raw field path. A page that cannot load its data shows a Chinese message, which counts too.
 */
import { Page } from 'playwright-core';
import { DemoService } from '../../src/demo/demo.service';
import { DEMO_PASSWORD } from '../../src/demo/demo-data';
import { createTestApp, TestApp } from '../support/app';
import { foreignText, login, serveAndLaunch, Served, shot } from './browser.support';

const VIEWPORTS = { tablet: { width: 768, height: 1024 }, desktop: { width: 1366, height: 768 } };

/** The pages each login opens (public pages with no login). */
const PAGES: { who: string | null; paths: string[] }[] = [
  { who: null, paths: ['/login.html', '/public/', '/public/verify.html', '/public/notices.html', '/public/receipt.html', '/public/awards.html', '/public/certificates/NO-SUCH-NUMBER'] },
  { who: 'city', paths: ['/city.html', '/advancement.html', '/panels.html', '/planning.html', '/notices.html', '/awards.html'] },
  { who: 'district3', paths: ['/district.html', '/advancement.html', '/draw.html', '/panels.html', '/planning.html', '/notices.html', '/awards.html'] },
  { who: 'district2', paths: ['/draw.html', '/advancement.html', '/panels.html'] },
  { who: 'judge1', paths: ['/judge.html'] },
];

export { foreignText };

describe('pages in Chinese only', () => {
  let t: TestApp;
  let served: Served;
  let schoolLogin: string;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2025-11-20T04:00:00.000Z');
    const demo = await t.app.get(DemoService).seedIfEmpty();
    schoolLogin = demo!.logins.find((l) => l.role === 'school_admin')!.username;
    served = await serveAndLaunch(t.app);
  }, 180_000);
  afterAll(async () => {
    await served?.browser.close();
    await t?.close();
  });

  it('finds English runs, ISO times and field paths (the check itself)', () => {
    expect(foreignText('用户名或密码错误（Wrong username or password）')).toEqual(['English: Wrong username or password']);
    expect(foreignText('提交时间 2026-12-11T02:25:56.757Z')).toEqual(['ISO time: 2026-12-11T02:25']);
    expect(foreignText('exemptions.1：不符合条件')).toEqual(['field path: exemptions.1']);
    expect(foreignText('评审组 P-S32132202-1 · MATCH · 2026年12月11日 10:25')).toEqual([]);
  });

  async function open(who: string | null, viewport: { width: number; height: number }): Promise<Page> {
    return who ? login(served, who, viewport, DEMO_PASSWORD) : served.browser.newPage({ viewport, locale: 'zh-CN' });
  }

  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    it(`${size}: every page as its role`, async () => {
      const problems: string[] = [];
      for (const { who, paths } of [...PAGES, { who: schoolLogin, paths: ['/school.html', '/advancement.html', '/panels.html', '/planning.html', '/notices.html', '/awards.html'] }]) {
        const page = await open(who, viewport);
        for (const path of paths) {
          await page.goto(`${served.base}${path}`);
          await page.waitForLoadState('networkidle');
          const text = (await page.evaluate('document.body.innerText')) as string;
          for (const p of foreignText(text)) problems.push(`${who ?? '(public)'} ${path}: ${p}`);
          await shot(page, `chinese-${size}-${(who ?? 'public').replace(/[^a-z0-9]/gi, '')}-${path.replace(/[^a-z0-9]/gi, '') || 'index'}`);
        }
        await page.close();
      }
      expect(problems).toEqual([]);
    });
  }
});
