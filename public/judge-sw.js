/* The judge page's service worker: it keeps the page shell (HTML, styles, scripts) and the judge's
 * last-seen panel data, so that the page reloads without a network (poor Wi-Fi in a hall). Entries
 * themselves never pass through here: they wait in the page's outbox (localStorage) until the
 * server confirms them.
 * - shell: network first (a new version is picked up at once), the cached copy when offline;
 * - panel data (who is logged in, the judge's panels and panel view, GET only): network first, the cached copy when
 *   offline, keyed by a hash of the caller's token or private link, so one judge never sees
 *   another's cached data on a shared tablet; the page asks to forget it on logout;
 * - everything else (every write, other pages): not touched.
 */
'use strict';
const CACHE = 'judge-page-v1';
const SHELL = ['/judge.html', '/assets/app.css', '/assets/judge.css', '/assets/app.js', '/assets/judge.js', '/assets/judge-offline.js', '/assets/judge-problems.js', '/favicon.ico'];
const DATA = [/^\/api\/auth\/me$/, /^\/api\/judging\/my\/panels$/, /^\/api\/judging\/panels\/\d+\/mine$/];
/** How long a request may hang on a poor network before the cached copy is shown. */
const PATIENCE_MS = 4000;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k)))).then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'forget-data') event.waitUntil(forgetData());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (SHELL.includes(url.pathname)) event.respondWith(networkFirst(request, url.pathname));
  else if (DATA.some((re) => re.test(url.pathname))) event.respondWith(dataKey(request, url).then((key) => networkFirst(request, key)));
});

async function sha256Hex(text) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function dataKey(request, url) {
  const who = request.headers.get('authorization') || request.headers.get('x-judge-link') || '';
  return `/api-cache${url.pathname}?as=${await sha256Hex(who)}`;
}

async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  const network = fetch(request).then((res) => {
    if (res.ok) cache.put(key, res.clone());
    return res;
  });
  const cached = await cache.match(key);
  if (!cached) return network;
  const late = new Promise((resolve) => setTimeout(() => resolve(cached), PATIENCE_MS));
  return Promise.race([network.catch(() => cached), late]);
}

async function forgetData() {
  const cache = await caches.open(CACHE);
  for (const req of await cache.keys()) if (new URL(req.url).pathname.startsWith('/api-cache/')) await cache.delete(req);
}
