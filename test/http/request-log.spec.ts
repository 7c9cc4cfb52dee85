/**
 * Structured request logs: the real start with LOG_LEVEL=info writes one JSON
 * line per request with its id, method, URL, status and time, and never a token.
 */
import { ChildProcessWithoutNullStreams, spawn } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { AddressInfo, createServer } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import request from 'supertest';

const ROOT = join(__dirname, '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe('request logs', () => {
  let dir: string;
  let child: ChildProcessWithoutNullStreams;
  let stdout = '';
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'contest-log-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        TZ: 'UTC',
        LOG_LEVEL: 'info',
        PORT: String(port),
        HOST: '127.0.0.1',
        DEMO_SEED: 'false',
        SQLITE_PATH: join(dir, 'log.sqlite'),
        JWT_SECRET_FILE: join(dir, 'jwt'),
      },
    });
    child.stdout.on('data', (d) => (stdout += d));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start within 60 s:\n${stdout}`)), 60_000);
      child.stdout.on('data', () => {
        if (stdout.includes('is running')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`the service ended (${code})`)));
    });
  }, 90_000);
  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes one JSON line per request with method, URL, status and time, and no token', async () => {
    const secret = 'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRva2Vu.bm90LWEtcmVhbC1zaWduYXR1cmU';
    // TRUST_PROXY unset: a client's own X-Forwarded-For does not change the logged address.
    expect((await request(base).get('/api/health').set('X-Forwarded-For', '203.0.113.9')).status).toBe(200);
    expect((await request(base).get('/api/auth/me').set('Authorization', `Bearer ${secret}`)).status).toBe(401);
    expect((await request(base).get('/api/judging/my/panels').set('X-Judge-Link', 'a-private-judge-link-token')).status).toBe(401);
    // pino writes synchronously to stdout; give the pipe a moment.
    await new Promise((r) => setTimeout(r, 300));

    const lines = stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { req?: { id: unknown; method: string; url: string }; res?: { statusCode: number }; responseTime?: number; msg: string });
    const of = (url: string) => lines.filter((l) => l.req?.url === url);
    expect(of('/api/health')).toHaveLength(1);
    const [health] = of('/api/health');
    expect(health).toMatchObject({ req: { method: 'GET', url: '/api/health', remoteAddress: '127.0.0.1' }, res: { statusCode: 200 }, msg: 'request completed' });
    expect(typeof health.responseTime).toBe('number');
    expect(health.req!.id).toBeDefined();
    expect(of('/api/auth/me')[0]).toMatchObject({ res: { statusCode: 401 } });
    expect(of('/api/judging/my/panels')[0]).toMatchObject({ res: { statusCode: 401 } });
    expect(stdout).not.toContain(secret);
    expect(stdout).not.toContain('a-private-judge-link-token');
  }, 30_000);
});
