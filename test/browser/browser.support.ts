/**
 * What every browser test needs: the app served on a free port, Debian's Chromium launched
 * headless with the flags this machine's closed network needs, a login as a test account, and
 * optional screenshots (SCREENSHOTS=<folder>).
 */
import { INestApplication } from '@nestjs/common';
import { AddressInfo } from 'net';
import { Browser, chromium, Page } from 'playwright-core';
import { TEST_PASSWORD } from '../support/factories';

const SHOTS = process.env.SCREENSHOTS;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu', '--no-first-run'];

export interface Served {
  browser: Browser;
  base: string;
}

/** Listens on a free loopback port and launches /usr/bin/chromium headless. */
export async function serveAndLaunch(app: INestApplication): Promise<Served> {
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  return { browser, base };
}

/** A new page (its own context) logged in as `username`; confirmation dialogs are accepted. */
export async function login(s: Served, username: string, viewport = { width: 1280, height: 800 }, password = TEST_PASSWORD): Promise<Page> {
  const page = await s.browser.newPage({ viewport, locale: 'zh-CN' });
  page.on('dialog', (d) => d.accept());
  await page.goto(`${s.base}/login.html`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('#login-submit');
  await page.waitForURL((u) => !u.pathname.endsWith('login.html'));
  return page;
}

export async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/**
 * Sets a date on the page's own date control (the selects 年/月/日 that replace an
 * <input type=date>; `selector` names the original input), as a user picks it.
 */
export async function pickDate(page: Page, selector: string, ymd: string): Promise<void> {
  const [y, m, d] = ymd.split('-').map(Number);
  const group = `${selector} + .zh-date`;
  await page.selectOption(`${group} select.zh-date-y`, String(y));
  await page.selectOption(`${group} select.zh-date-m`, String(m));
  await page.selectOption(`${group} select.zh-date-d`, String(d));
}

/** Text a user must never see: a run of three English words, an ISO timestamp, a raw field path. */
export function foreignText(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\b[A-Za-z]{2,}(?:[ \t]+[A-Za-z]{2,}){2,}\b/g)) found.push(`English: ${m[0]}`);
  for (const m of text.matchAll(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/g)) found.push(`ISO time: ${m[0]}`);
  for (const m of text.matchAll(/\b[a-z][A-Za-z]*(?:\.\d+)+(?:\.[a-z][A-Za-z]*)?(?![\d.])/g)) found.push(`field path: ${m[0]}`);
  return found;
}

/** The foreign text in the page's visible text (foreignText of document.body.innerText). */
export async function foreignOnPage(page: Page): Promise<string[]> {
  return foreignText((await page.evaluate('document.body.innerText')) as string);
}
