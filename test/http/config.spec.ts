import { ChildProcess, spawn } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { AppConfig } from '../../src/config/app-config';
import { ConfigError, loadEnvironment } from '../../src/config/environment';

const ROOT = join(__dirname, '..', '..');

const running = new Set<ChildProcess>();

/**
 * Runs the real start (src/main.ts through ts-node) and waits for its outcome: its exit code and
 * output, however long a loaded machine takes (no fixed limit; a child still running when the
 * test ends, for whatever reason, is stopped afterwards).
 */
function start(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', TZ: 'UTC', LOG_LEVEL: 'silent', ...env },
    });
    let stdout = '';
    let stderr = '';
    running.add(child);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      running.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
}

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadEnvironment(env);
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.problems.map((p) => p.variable);
  }
}

describe('configuration', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'contest-config-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(() => {
    for (const child of running) child.kill('SIGKILL');
  });

  it('a bad PORT stops the real start with exit code 1 and a message naming PORT', async () => {
    const result = await start({ PORT: 'abc', SQLITE_PATH: join(dir, 'never.sqlite'), JWT_SECRET_FILE: join(dir, 'jwt') });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('PORT must be a whole number from 1 to 65535 (got "abc")');
    expect(result.stderr).toContain('The service was not started');
    expect(result.stdout).toBe('');
  }, 600_000);

  it('has defaults for everything', () => {
    const env = loadEnvironment({});
    expect(env).toMatchObject({
      PORT: 3000,
      SQLITE_PATH: 'data/contest.sqlite',
      TOKEN_TTL: '8h',
      CLOCK_OFFSET: '0',
      LOG_LEVEL: 'info',
      TRUST_PROXY: 'false',
      BEHIND_HTTPS: false,
    });
    expect(env.DEMO_SEED).toBeUndefined();
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.JWT_SECRET).toBeUndefined();
  });

  it.each([
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '3000.5' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://localhost/x' }, 'DATABASE_URL'],
    [{ DATABASE_SCHEMA: 'Robert; DROP' }, 'DATABASE_SCHEMA'],
    [{ JWT_SECRET: 'too-short' }, 'JWT_SECRET'],
    [{ TOKEN_TTL: '8 hours' }, 'TOKEN_TTL'],
    [{ CLOCK_OFFSET: '3 days' }, 'CLOCK_OFFSET'],
    [{ CLOCK_OFFSET: '+3w' }, 'CLOCK_OFFSET'],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL'],
    [{ DEMO_SEED: 'maybe' }, 'DEMO_SEED'],
    [{ CONTEST_TIME_ZONE: 'Mars/Olympus' }, 'CONTEST_TIME_ZONE'],
    [{ ARGON2_MEMORY_KIB: '16' }, 'ARGON2_MEMORY_KIB'],
    [{ TRUST_PROXY: 'yes please' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.1, 999.1.1.1' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '11' }, 'TRUST_PROXY'],
    [{ BEHIND_HTTPS: 'sometimes' }, 'BEHIND_HTTPS'],
    [{ DEMO_SEED: 'true', NODE_ENV: 'production' }, 'DEMO_SEED'],
  ])('refuses %j naming %s', (env, variable) => {
    expect(problemsOf(env)).toEqual([variable]);
  });

  it.each([
    // [environment, demo loads, embedded demo]
    [{}, true, true],
    [{ NODE_ENV: 'development' }, true, true],
    [{ NODE_ENV: 'production' }, false, false],
    [{ DATABASE_URL: 'postgres://u@h/db' }, false, false],
    [{ DATABASE_URL: 'postgres://u@h/db', DEMO_SEED: 'true' }, true, false],
    [{ DEMO_SEED: 'false' }, false, false],
    [{ NODE_ENV: 'production', DEMO_SEED: 'false' }, false, false],
  ])('the demo loads only on the embedded default or with DEMO_SEED=true: %j', (vars, demoSeed, embeddedDemo) => {
    const config = new AppConfig(loadEnvironment({ ...vars, JWT_SECRET: 'x'.repeat(32) }));
    expect({ demoSeed: config.demoSeed, embeddedDemo: config.embeddedDemo }).toEqual({ demoSeed, embeddedDemo });
  });

  it('names every bad variable at once', () => {
    expect(problemsOf({ PORT: '0', LOG_LEVEL: 'loud', DATABASE_URL: 'x' }).sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT']);
  });

  it.each([
    ['0', 0],
    ['+3d', 3 * 86_400_000],
    ['-2h', -2 * 3_600_000],
    ['+90m', 90 * 60_000],
    ['45s', 45_000],
  ])('CLOCK_OFFSET %s shifts the clock by %d ms', (offset, ms) => {
    const config = new AppConfig(loadEnvironment({ CLOCK_OFFSET: offset, JWT_SECRET: 'x'.repeat(32) }));
    expect(config.clockOffsetMs).toBe(ms);
  });

  it('accepts postgres:// and postgresql:// URLs and then uses PostgreSQL', () => {
    for (const url of ['postgres://u@h:5432/db', 'postgresql://u:p@h/db']) {
      const config = new AppConfig(loadEnvironment({ DATABASE_URL: url, JWT_SECRET: 'x'.repeat(32) }));
      expect(config.database).toEqual({ kind: 'postgres', url, schema: undefined });
    }
  });

  it('without JWT_SECRET generates one secret into a 0600 file once and reuses it', () => {
    const file = join(dir, 'sub', 'jwt-secret');
    const first = new AppConfig(loadEnvironment({ JWT_SECRET_FILE: file }));
    expect(first.jwtSecretSource).toBe('generated');
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = new AppConfig(loadEnvironment({ JWT_SECRET_FILE: file }));
    expect(second.jwtSecretSource).toBe('file');
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.jwtSecret);
    // An explicit JWT_SECRET wins.
    expect(new AppConfig(loadEnvironment({ JWT_SECRET_FILE: file, JWT_SECRET: 's'.repeat(40) })).jwtSecret).toBe('s'.repeat(40));
  });
});
