/**
 * Safe to deploy: bad input refused (ids, ranges, nulls, empty changes, control characters),
 * reopening a list whose entrants sit on a panel, tokens ended by a password change or a
 * deactivation, the password policy, the login limits with TRUST_PROXY, HSTS only behind HTTPS,
 * owner-only database files, the demo-password check and its refusal in production, create-admin.
 * Runs on SQLite and (TEST_DATABASE_URL) PostgreSQL.
 */
import { spawn } from 'child_process';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { AccountsService } from '../../src/auth/accounts.service';
import { demoPasswordCheck, demoPasswordUsernames } from '../../src/auth/demo-passwords';
import { createAdmin } from '../../src/cli/create-admin';
import { Io } from '../../src/cli/io';
import { DEMO_ACCOUNTS_CONDITION } from '../../src/database/migrations/1733000011000-AccountSafety';
import { AppConfig } from '../../src/config/app-config';
import { loadEnvironment } from '../../src/config/environment';
import { filePermissionProblems } from '../../src/config/file-permissions';
import { createTestApp, freshDatabaseEnv, TEST_JWT_SECRET, TestApp, usingPostgres } from '../support/app';
import { bearer, Factory, TEST_ACTOR, TEST_PASSWORD } from '../support/factories';
import { createJudgingWorld, createPanel, JWorld } from './judging.support';

const ROOT = join(__dirname, '..', '..');
const auditCount = async (t: TestApp) => Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM audit_entries'))[0].n);

describe('safe to deploy', () => {
  describe('bad input is a 400 that names the field, and changes nothing', () => {
    let w: JWorld;
    beforeAll(async () => {
      w = await createJudgingWorld();
    }, 60_000);
    afterAll(() => w.t.close());

    it('takes only canonical digits as a path id (400 INVALID_ID)', async () => {
      const d = await w.f.district();
      await w.t.http().get(`/api/districts/${d.id}`).set(w.city).expect(200);
      for (const bad of ['0' + d.id, `+${d.id}`, `${d.id}.0`, `${d.id}e0`, `0x${d.id.toString(16)}`, `%20${d.id}`, `${d.id}%20`, '2147483648']) {
        const res = await w.t.http().get(`/api/districts/${bad}`).set(w.city);
        expect({ bad, status: res.status, code: res.body.code, field: res.body.details?.[0]?.field }).toEqual({ bad, status: 400, code: 'INVALID_ID', field: 'id' });
      }
    });

    it('refuses an integer query parameter beyond the column range, naming it', async () => {
      const res = await w.t.http().get('/api/teachers?page=99999999999999999999').set(w.city).expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'page', rule: 'int32' }] });
      const res2 = await w.t.http().get('/api/accounts?districtId=2147483648').set(w.city).expect(400);
      expect(res2.body.details).toEqual([expect.objectContaining({ field: 'districtId', rule: 'int32' })]);
    });

    it('refuses null for a required field in a PATCH, naming it, and changes nothing', async () => {
      const d = await w.f.district();
      const account = await w.f.account('judge');
      const before = await auditCount(w.t);
      const r1 = await w.t.http().patch(`/api/districts/${d.id}`).set(w.city).send({ name: null }).expect(400);
      expect(r1.body.details).toEqual([expect.objectContaining({ field: 'name', rule: 'notNull' })]);
      const r2 = await w.t.http().patch(`/api/accounts/${account.id}`).set(w.city).send({ active: null }).expect(400);
      expect(r2.body.details).toEqual([expect.objectContaining({ field: 'active', rule: 'notNull' })]);
      expect(await auditCount(w.t)).toBe(before);
    });

    it('refuses a PATCH with nothing to change (400 NOTHING_TO_CHANGE): no audit entry, updatedAt kept', async () => {
      const d = await w.f.district();
      const before = await auditCount(w.t);
      w.t.clock.advance(60_000);
      const res = await w.t.http().patch(`/api/districts/${d.id}`).set(w.city).send({}).expect(400);
      expect(res.body).toEqual({ statusCode: 400, code: 'NOTHING_TO_CHANGE', message: 'The request names no field to change' });
      await w.t.http().patch(`/api/districts/${d.id}`).set(w.city).set('Content-Type', 'text/plain').send('name=x').expect(415);
      expect(await auditCount(w.t)).toBe(before);
      expect((await w.t.http().get(`/api/districts/${d.id}`).set(w.city)).body.updatedAt).toBe(d.updatedAt);
    });

    it.each([
      ['NUL', 'a\u0000b', '0000'],
      ['ESC', 'a\u001b[31mb', '001B'],
      ['right-to-left override', '学校\u202e3', '202E'],
      ['first-strong isolate', '学校\u2068x', '2068'],
    ])('refuses %s in a free-text field, naming the field', async (_name, text, hex) => {
      const before = await auditCount(w.t);
      const res = await w.t.http().post('/api/districts').set(w.city).send({ code: `X${hex}`, name: text }).expect(400);
      expect(res.body.details).toEqual([{ field: 'name', rule: 'safeText', message: `name must not contain control or text-direction characters (U+${hex})` }]);
      expect(await auditCount(w.t)).toBe(before);
    });

    it('keeps tabs and line breaks in text', async () => {
      await w.t.http().post('/api/districts').set(w.city).send({ code: 'TABS', name: '东区\t一' }).expect(201);
    });

    it('refuses to reopen a list whose entrants sit on a panel (409 ENTRANTS_ON_PANEL), and changes nothing', async () => {
      await w.f.teacher({ schoolId: w.s1, idNumber: w.f.idNumber({ birth: '19950101' }) });
      const list = `/api/contests/${w.contestId}/entrant-lists/${w.s1}`;
      await w.t.http().post(`${list}/submit`).set(w.school1).expect(200);
      const [entrant] = await w.t.dataSource.query(`SELECT id, group_code FROM round_entrants WHERE school_id = ${w.s1} AND round = 'preliminary'`);
      const panel = await createPanel(w, w.school1, { code: 'REOPEN-1', round: 'preliminary', groupCode: entrant.group_code });
      await w.t.http().post(`/api/judging/panels/${panel.id}/contestants`).set(w.school1).send({ entrantIds: [Number(entrant.id)] }).expect(200);
      const before = await auditCount(w.t);
      const res = await w.t.http().post(`${list}/reopen`).set(w.school1).expect(409);
      expect(res.body.code).toBe('ENTRANTS_ON_PANEL');
      expect(await auditCount(w.t)).toBe(before);
      expect((await w.t.http().get(list).set(w.school1)).body.state).toBe('submitted');
      // Off the panel, the list reopens.
      await w.t.http().delete(`/api/judging/panels/${panel.id}/contestants/${entrant.id}`).set(w.school1).expect(200);
      await w.t.http().post(`${list}/reopen`).set(w.school1).expect(200);
    });
  });

  describe('accounts and tokens', () => {
    let t: TestApp;
    let f: Factory;
    let city: Record<string, string>;
    beforeAll(async () => {
      t = await createTestApp();
      f = new Factory(t);
      city = bearer(await f.loginAs('city_admin'));
    });
    afterAll(() => t.close());

    const login = async (username: string, password = TEST_PASSWORD) =>
      bearer((await t.http().post('/api/auth/login').send({ username, password }).expect(200)).body.accessToken);

    it('ends a token when its own password changes (a new login works)', async () => {
      await f.account('judge', {}, 'tv-self');
      const old = await login('tv-self');
      await t.http().post('/api/auth/password').set(old).send({ currentPassword: TEST_PASSWORD, newPassword: 'violet-harbor-71' }).expect(204);
      expect((await t.http().get('/api/auth/me').set(old).expect(401)).body.code).toBe('UNAUTHENTICATED');
      await t.http().get('/api/auth/me').set(await login('tv-self', 'violet-harbor-71')).expect(200);
    });

    it('ends a token when an administrator resets the password or disables the account', async () => {
      const a = await f.account('school_admin', { schoolId: (await f.school()).id }, 'tv-reset');
      const first = await login('tv-reset');
      await t.http().patch(`/api/accounts/${a.id}`).set(city).send({ password: 'amber-lantern-42' }).expect(200);
      await t.http().get('/api/auth/me').set(first).expect(401);
      const second = await login('tv-reset', 'amber-lantern-42');
      await t.http().patch(`/api/accounts/${a.id}`).set(city).send({ displayName: '改名' }).expect(200);
      await t.http().get('/api/auth/me').set(second).expect(200); // a rename keeps the token
      await t.http().patch(`/api/accounts/${a.id}`).set(city).send({ active: false }).expect(200);
      await t.http().get('/api/auth/me').set(second).expect(401);
      await t.http().patch(`/api/accounts/${a.id}`).set(city).send({ active: true }).expect(200);
      await t.http().get('/api/auth/me').set(second).expect(401); // re-enabling does not revive it
      await t.http().get('/api/auth/me').set(await login('tv-reset', 'amber-lantern-42')).expect(200);
    });

    it.each([
      ['short1!', 'minLength'],
      ['password-1', 'notCommon'],
      ['1234567890', 'notCommon'],
      ['contest-demo', 'notCommon'],
      ['pw-policy-user', 'notUsername'],
    ])('refuses the password %j (%s) on create, reset and change', async (password, rule) => {
      const before = await auditCount(t);
      const created = await t.http().post('/api/accounts').set(city).send({ username: 'pw-policy-user', password, role: 'judge', displayName: 'x' }).expect(400);
      expect(created.body.details[0]).toMatchObject({ field: 'password', rule });
      const a = await f.account('judge');
      const reset = await t.http().patch(`/api/accounts/${a.id}`).set(city).send({ password: password === 'pw-policy-user' ? a.username : password }).expect(400);
      expect(reset.body.details[0]).toMatchObject({ field: 'password' });
      const own = await login(a.username);
      const changed = await t.http().post('/api/auth/password').set(own).send({ currentPassword: TEST_PASSWORD, newPassword: password === 'pw-policy-user' ? a.username : password }).expect(400);
      expect(changed.body.details[0]).toMatchObject({ field: 'newPassword' });
      expect(await auditCount(t)).toBe(before + 1); // only the factory's account.create
    });
  });

  describe('login limits', () => {
    it('lets forty judges behind one router log in within a minute, and slows one account under attack (429 Retry-After)', async () => {
      const t = await createTestApp({ LOGIN_RATE_LIMIT: '60', LOGIN_USERNAME_RATE_LIMIT: '5' });
      try {
        const f = new Factory(t);
        const judges = [];
        for (let i = 0; i < 40; i++) judges.push(await f.account('judge', {}, `venue-judge-${i}`));
        for (const j of judges) await t.http().post('/api/auth/login').send({ username: j.username, password: TEST_PASSWORD }).expect(200);
        // One account attacked from many addresses: after 5 failures it is refused for a while, even with its password.
        t.clock.advance(61_000);
        const victim = judges[0].username;
        for (let i = 0; i < 5; i++) await t.http().post('/api/auth/login').send({ username: victim, password: `guess-${i}` }).expect(401);
        const limited = await t.http().post('/api/auth/login').send({ username: victim, password: TEST_PASSWORD }).expect(429);
        expect(limited.body).toMatchObject({ statusCode: 429, code: 'LOGIN_RATE_LIMITED' });
        expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
        expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(900);
        // Everyone else is not affected.
        await t.http().post('/api/auth/login').send({ username: judges[1].username, password: TEST_PASSWORD }).expect(200);
        t.clock.advance(15 * 60_000);
        await t.http().post('/api/auth/login').send({ username: victim, password: TEST_PASSWORD }).expect(200);
      } finally {
        await t.close();
      }
    }, 120_000);

    it('limits per client address; X-Forwarded-For counts only with TRUST_PROXY', async () => {
      for (const trust of ['false', 'true']) {
        const t = await createTestApp({ LOGIN_RATE_LIMIT: '3', TRUST_PROXY: trust });
        try {
          const attempt = (xff: string) => t.http().post('/api/auth/login').set('X-Forwarded-For', xff).send({ username: `nobody-${xff}`, password: 'whatever-it-is' });
          for (let i = 0; i < 3; i++) expect((await attempt('198.51.100.1')).status).toBe(401);
          const fourth = await attempt('198.51.100.1');
          expect(fourth.status).toBe(429);
          expect(fourth.headers['retry-after']).toBeDefined();
          // Another address behind the trusted proxy has its own budget; without TRUST_PROXY the header is ignored.
          expect((await attempt('198.51.100.2')).status).toBe(trust === 'true' ? 401 : 429);
        } finally {
          await t.close();
        }
      }
    }, 120_000);
  });

  describe('security headers', () => {
    it('sends Strict-Transport-Security only with BEHIND_HTTPS=true', async () => {
      const plain = await createTestApp();
      const https = await createTestApp({ BEHIND_HTTPS: 'true' });
      try {
        const a = await plain.http().get('/api/health');
        expect(a.headers['strict-transport-security']).toBeUndefined();
        expect(a.headers['content-security-policy']).toBeDefined();
        const b = await https.http().get('/api/health');
        expect(b.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      } finally {
        await plain.close();
        await https.close();
      }
    });
  });

  (usingPostgres ? describe.skip : describe)('SQLite files', () => {
    it('creates the database, its WAL and its folder owner-only, and reports wider modes', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'contest-perm-'));
      try {
        const path = join(dir, 'data', 'contest.sqlite');
        const t = await createTestApp({ SQLITE_PATH: path });
        const f = new Factory(t);
        await f.district();
        const mode = (p: string) => statSync(p).mode & 0o777;
        expect(mode(join(dir, 'data'))).toBe(0o700);
        expect(mode(path)).toBe(0o600);
        expect(mode(`${path}-wal`)).toBe(0o600);
        const config = t.app.get(AppConfig);
        expect(filePermissionProblems(config)).toEqual([]);
        chmodSync(path, 0o644);
        expect(filePermissionProblems(config)).toEqual([{ path, mode: '0644', advice: `chmod 600 ${path}` }]);
        await t.close();
        const secret = join(dir, 'jwt-secret');
        writeFileSync(secret, 's'.repeat(40), { mode: 0o644 });
        chmodSync(secret, 0o644);
        const fromFile = new AppConfig(loadEnvironment({ JWT_SECRET_FILE: secret, SQLITE_PATH: join(dir, 'none.sqlite') }));
        expect(filePermissionProblems(fromFile).map((p) => p.path)).toEqual([secret]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('demo passwords', () => {
    it('reports accounts with the demo password on a start that is not the embedded demo; a password change clears it', async () => {
      const t = await createTestApp();
      try {
        const a = await t.app.get(AccountsService).create('system:demo-seed', { username: 'demo-city', password: 'contest-demo', role: 'city_admin', displayName: '演示' }, { demoPassword: true });
        expect(await demoPasswordUsernames(t.dataSource)).toEqual(['demo-city']);
        const postgres = { embeddedDemo: false, production: false };
        expect(demoPasswordCheck(['demo-city'], postgres).lines[0]).toContain('1 account(s) still have the demo password');
        expect(demoPasswordCheck(['demo-city'], postgres).refuse).toBe(false);
        expect(demoPasswordCheck(['demo-city'], { embeddedDemo: false, production: true }).refuse).toBe(true);
        expect(demoPasswordCheck(['demo-city'], { embeddedDemo: true, production: false }).lines).toEqual([]);
        expect(demoPasswordCheck([], postgres).lines).toEqual(['Demo passwords: no account has the demo password.']);
        const token = bearer((await t.http().post('/api/auth/login').send({ username: 'demo-city', password: 'contest-demo' }).expect(200)).body.accessToken);
        await t.http().post('/api/auth/password').set(token).send({ currentPassword: 'contest-demo', newPassword: 'violet-harbor-71' }).expect(204);
        expect(await demoPasswordUsernames(t.dataSource)).toEqual([]);
        void a;
      } finally {
        await t.close();
      }
    });

    it('flags, when migrating, the accounts an earlier demo seed created and whose password never changed', async () => {
      const t = await createTestApp();
      try {
        const accounts = t.app.get(AccountsService);
        // As an earlier version seeded them: created by the demo seed, not flagged.
        const kept = await accounts.create('system:demo-seed', { username: 'old-demo-1', password: 'violet-harbor-71', role: 'judge', displayName: 'x' });
        const changed = await accounts.create('system:demo-seed', { username: 'old-demo-2', password: 'violet-harbor-71', role: 'judge', displayName: 'x' });
        await accounts.create(TEST_ACTOR, { username: 'not-demo', password: 'violet-harbor-71', role: 'judge', displayName: 'x' });
        const token = bearer((await t.http().post('/api/auth/login').send({ username: 'old-demo-2', password: 'violet-harbor-71' }).expect(200)).body.accessToken);
        await t.http().post('/api/auth/password').set(token).send({ currentPassword: 'violet-harbor-71', newPassword: 'amber-lantern-42' }).expect(204);
        const rows = await t.dataSource.query(`SELECT username FROM accounts WHERE ${DEMO_ACCOUNTS_CONDITION} ORDER BY id`);
        expect(rows.map((r: { username: string }) => r.username)).toEqual([kept.username]);
        void changed;
      } finally {
        await t.close();
      }
    });

    it('refuses to start with NODE_ENV=production while an account has the demo password', async () => {
      const db = freshDatabaseEnv();
      const dir = mkdtempSync(join(tmpdir(), 'contest-prod-'));
      const env = { JWT_SECRET: TEST_JWT_SECRET, ARGON2_MEMORY_KIB: '1024', ...db.env };
      try {
        const t = await createTestApp(env);
        await t.app.get(AccountsService).create('system:demo-seed', { username: 'city', password: 'contest-demo', role: 'city_admin', displayName: '演示' }, { demoPassword: true });
        await t.app.close();
        const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolveRun) => {
          const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
            cwd: ROOT,
            env: { PATH: process.env.PATH ?? '', TZ: 'UTC', LOG_LEVEL: 'silent', NODE_ENV: 'production', PORT: '3131', HOST: '127.0.0.1', JWT_SECRET_FILE: join(dir, 'jwt'), ...env },
          });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (d) => (stdout += d));
          child.stderr.on('data', (d) => (stderr += d));
          const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
          child.on('close', (code) => {
            clearTimeout(timer);
            resolveRun({ code, stdout, stderr });
          });
        });
        expect(result.code).toBe(1);
        expect(result.stderr).toContain('1 account(s) still have the demo password');
        expect(result.stderr).toContain('The service was not started');
      } finally {
        await db.cleanup();
        rmSync(dir, { recursive: true, force: true });
      }
    }, 120_000);
  });

  describe('create-admin', () => {
    const run = async (args: string[], env: Record<string, string>, stdin: string | null) => {
      const out: string[] = [];
      const err: string[] = [];
      const io: Io = { out: (s) => out.push(s), err: (s) => err.push(s) };
      const code = await createAdmin(args, io, () => stdin, { JWT_SECRET: TEST_JWT_SECRET, ARGON2_MEMORY_KIB: '1024', ...env });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };

    it('creates the first city administrator (password generated and printed once, or from stdin), then refuses', async () => {
      const db = freshDatabaseEnv();
      try {
        const weak = await run(['--username', 'bureau-admin'], db.env, 'password-1');
        expect(weak.code).toBe(2);
        expect(JSON.parse(weak.err)).toMatchObject({ code: 'WEAK_PASSWORD', field: 'password' });
        const first = await run(['--username', 'bureau-admin', '--display-name', '市教育局'], db.env, null);
        expect(first.code).toBe(0);
        const printed = JSON.parse(first.out);
        expect(printed).toMatchObject({ created: true, username: 'bureau-admin', role: 'city_admin' });
        expect(printed.password.length).toBeGreaterThanOrEqual(20);
        const again = await run(['--username', 'second-admin'], db.env, 'violet-harbor-71');
        expect(again.code).toBe(1);
        expect(JSON.parse(again.err).error).toBe('refused');
        // The administrator logs in to the service on that database; the creation is audited.
        const t = await createTestApp(db.env);
        try {
          await t.http().post('/api/auth/login').send({ username: 'bureau-admin', password: printed.password }).expect(200);
          const [entry] = await t.dataSource.query("SELECT actor, action FROM audit_entries WHERE action = 'account.create'");
          expect(entry).toEqual({ actor: 'system:create-admin', action: 'account.create' });
          expect(await demoPasswordUsernames(t.dataSource)).toEqual([]);
        } finally {
          await t.app.close();
        }
      } finally {
        await db.cleanup();
      }
    }, 120_000);

    it('reads the password from standard input', async () => {
      const db = freshDatabaseEnv();
      try {
        const res = await run(['--username', 'stdin-admin'], db.env, 'violet-harbor-71');
        expect(res.code).toBe(0);
        expect(JSON.parse(res.out).password).toBeUndefined();
        const t = await createTestApp(db.env);
        try {
          await t.http().post('/api/auth/login').send({ username: 'stdin-admin', password: 'violet-harbor-71' }).expect(200);
        } finally {
          await t.app.close();
        }
      } finally {
        await db.cleanup();
      }
    }, 120_000);
  });

});
