/**
 * The pages (public/) on the HTTP server: served with the security headers, compressed when the
 * browser asks, directories as their index.html; the API never looks at the file system.
 */
import { createTestApp, TestApp } from '../support/app';

// The module object itself (what the static file server calls), so that its functions can be spied on.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs = require('node:fs') as typeof import('fs');

describe('pages and static files', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  it('serves a page with the security headers (CSP included) and caching validators', async () => {
    const res = await t.http().get('/login.html').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<html');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['etag']).toBeDefined();
    expect(res.headers['last-modified']).toBeDefined();
    const again = await t.http().get('/login.html').set('If-None-Match', res.headers['etag']);
    expect(again.status).toBe(304);
  });

  it('compresses a script when the browser accepts gzip, and not otherwise', async () => {
    const gz = await t.http().get('/assets/app.js').set('Accept-Encoding', 'gzip').buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(gz.status).toBe(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await t.http().get('/assets/app.js').set('Accept-Encoding', 'identity').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['content-type']).toMatch(/javascript/);
  });

  it('answers a directory with its index.html (redirecting to the trailing slash)', async () => {
    const redirect = await t.http().get('/public').redirects(0);
    expect({ status: redirect.status, location: redirect.headers['location'] }).toEqual({ status: 301, location: '/public/' });
    const index = await t.http().get('/public/').expect(200);
    expect(index.headers['content-type']).toMatch(/^text\/html/);
  });

  it('GET /api/public/ping is the unauthenticated no-op, with the security headers', async () => {
    const res = await t.http().get('/api/public/ping').expect(200);
    expect(res.body).toEqual({ ok: true });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('a missing file is 404 in the one error shape, with the security headers', async () => {
    const res = await t.http().get('/no-such-page.html').expect(404);
    expect(res.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'Cannot GET /no-such-page.html' });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('a URL that cannot be decoded is 400, an /api path no route matches 404, both in the one error shape', async () => {
    for (const path of ['/api/teachers/%FF', '/api/teachers/%E0%A4%A']) {
      const res = await t.http().get(path);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ statusCode: 400, code: 'MALFORMED_REQUEST', message: expect.any(String) });
    }
    for (const path of ['/api//teachers/1', '/api/teachers/1/nothing', '/api/']) {
      const res = await t.http().get(path);
      expect(res.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: `Cannot GET ${path}` });
    }
  });

  it('never touches the file system for /api requests', async () => {
    const stat = jest.spyOn(fs, 'stat');
    const open = jest.spyOn(fs, 'createReadStream');
    for (const path of ['/api/login.html', '/api/assets/app.js', '/api/nothing-here', '/api//login.html', '/api/health']) {
      const res = await t.http().get(path);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    }
    expect(stat).not.toHaveBeenCalled();
    expect(open).not.toHaveBeenCalled();
    // The spies do see a page being served.
    await t.http().get('/login.html').expect(200);
    expect(stat).toHaveBeenCalled();
  });
});
