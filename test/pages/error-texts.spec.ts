/**
 * The pages' one catalogue of Chinese error messages (public/assets/app.js) against the server's
 * list of stable codes (src/common/errors.ts): every code the API can return has a Chinese text,
 * and the texts are Chinese; details are turned into Chinese sentences or left out.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { runInNewContext } from 'vm';
import { ErrorCode } from '../../src/common/errors';

interface PageApp {
  ERROR_TEXTS: Record<string, string>;
  ApiError: new (status: number, body: unknown) => { text: string; detailTexts: string[] };
  detailText(d: unknown): string | null;
  time(iso: string | null): string;
  date(ymd: string | null): string;
}

function loadApp(): PageApp {
  const window: { App?: PageApp } = {};
  const source = readFileSync(join(__dirname, '..', '..', 'public', 'assets', 'app.js'), 'utf8');
  // The page's script outside a page: no element to enhance, the start waits for a load that never comes.
  const document = { getElementById: () => null, addEventListener: () => undefined };
  runInNewContext(source, { window, localStorage: { getItem: () => null }, document, location: {}, HTMLInputElement: class {} });
  return window.App!;
}

describe('the pages’ Chinese error catalogue', () => {
  const App = loadApp();

  it('has a Chinese text for every error code of the API, and nothing but Chinese in it', () => {
    const missing = Object.keys(ErrorCode).filter((code) => !App.ERROR_TEXTS[code]);
    expect(missing).toEqual([]);
    for (const [code, text] of Object.entries(App.ERROR_TEXTS)) {
      expect([code, /[\u4e00-\u9fff]/.test(text)]).toEqual([code, true]);
      expect([code, /[A-Za-z]{2,}\s+[A-Za-z]{2,}/.test(text)]).toEqual([code, false]);
    }
  });

  it('never shows the API’s English message, also for an unknown code', () => {
    const known = new App.ApiError(401, { code: 'INVALID_CREDENTIALS', message: 'Wrong username or password' });
    expect(known.text).toBe('用户名或密码错误');
    const unknown = new App.ApiError(409, { code: 'SOMETHING_NEW', message: 'Something went wrong here' });
    expect(unknown.text).toBe('操作与当前状态冲突，请刷新后重试');
    expect(new App.ApiError(0, { code: 'NETWORK', message: 'Failed to fetch' }).text).toBe('网络连接失败，请检查网络后重试');
  });

  it('turns details into Chinese sentences: the server’s own, else field and rule, else nothing', () => {
    expect(App.detailText({ field: 'exemptions.3', rule: 'applied', message: 'x', messageZh: '张三：待学校审核' })).toBe('张三：待学校审核');
    expect(App.detailText({ field: 'idNumber', rule: 'isNotEmpty', message: 'idNumber should not be empty' })).toBe('身份证号不能为空');
    expect(App.detailText({ field: 'scores.2', rule: 'max', message: 'scores.2 must not be greater than 50' })).toBe('分数（第3项）过大');
    expect(App.detailText({ field: 'nonsense', rule: 'whatever', message: 'English only' })).toBeNull();
    const e = new App.ApiError(400, { code: 'VALIDATION_FAILED', message: 'Validation failed', details: [
      { field: 'name', rule: 'isNotEmpty', message: 'name should not be empty' },
      { field: 'nonsense', rule: 'whatever', message: 'English only' },
    ] });
    expect(e.detailTexts).toEqual(['名称不能为空']);
  });
});

describe('the pages’ times', () => {
  const App = loadApp();
  it('are Beijing time written the Chinese way, never ISO text', () => {
    expect(App.time('2026-12-11T02:25:56.757Z')).toBe('2026年12月11日 10:25');
    expect(App.time('2026-12-31T16:05:00.000Z')).toBe('2027年1月1日 00:05');
    expect(App.time(null)).toBe('');
    expect(App.date('2026-12-09')).toBe('2026年12月9日');
  });
});
