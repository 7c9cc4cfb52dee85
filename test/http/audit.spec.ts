/**
 * The audit log: an entry per change, in the same transaction, hash-chained; the command-line
 * verifier reads the database directly and names the first entry edited or removed.
 */
import { spawnSync } from 'child_process';
import { join } from 'path';
import { auditVerify } from '../../src/cli/audit-verify';
import { Io } from '../../src/cli/io';
import { canonicalJson, entryHash, GENESIS_HASH } from '../../src/domain/audit-chain';
import { createTestApp, TestApp, usingPostgres } from '../support/app';
import { bearer, Factory } from '../support/factories';

/** A positional SQL parameter on either driver. */
const param = (i: number) => (usingPostgres ? `$${i}` : '?');

function captureIo(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (s) => stdout.push(s), err: (s) => stderr.push(s) };
}

describe('audit log', () => {
  let t: TestApp;
  let f: Factory;
  let city: Record<string, string>;
  let args: string[];

  const verify = async () => {
    const io = captureIo();
    const code = await auditVerify(args, io);
    return { code, out: io.stdout.length ? JSON.parse(io.stdout.join('\n')) : null, err: io.stderr.join('\n') };
  };

  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    city = bearer(await f.loginAs('city_admin'));
    args = usingPostgres
      ? ['--database-url', t.env.DATABASE_URL, '--schema', t.env.DATABASE_SCHEMA]
      : ['--sqlite', t.env.SQLITE_PATH];
  });
  afterAll(() => t.close());

  it('records who changed what, with the entity before and after', async () => {
    const teacher = await f.teacher({ name: '审计前' });
    t.clock.set('2025-11-21T08:30:00.000Z');
    await t.http().patch(`/api/teachers/${teacher.id}`).set(city).send({ name: '审计后' }).expect(200);
    const res = await t.http().get(`/api/audit?entityType=teacher&entityId=${teacher.id}`).set(city).expect(200);
    const [update, create] = res.body.items;
    expect(create).toMatchObject({ action: 'teacher.create', actor: 'system:test', before: null });
    expect(update).toMatchObject({ action: 'teacher.update', at: '2025-11-21T08:30:00.000Z', entityType: 'teacher', entityId: String(teacher.id) });
    expect(update.actor).toMatch(/^city_admin-/);
    expect(JSON.parse(update.before).name).toBe('审计前');
    expect(JSON.parse(update.after).name).toBe('审计后');
    // before/after are canonical JSON, and the hash covers them.
    expect(update.after).toBe(canonicalJson(JSON.parse(update.after)));
    expect(update.prevHash).toBe(create.hash);
    expect(entryHash(update, update.prevHash)).toBe(update.hash);
  });

  it('the chain starts at the genesis hash and links every entry', async () => {
    const rows = await t.dataSource.query('SELECT seq, prev_hash, hash FROM audit_entries ORDER BY seq');
    expect(rows[0].prev_hash).toBe(GENESIS_HASH);
    rows.forEach((r: { seq: number; prev_hash: string }, i: number) => {
      expect(Number(r.seq)).toBe(i + 1);
      if (i > 0) expect(r.prev_hash).toBe(rows[i - 1].hash);
    });
  });

  it('audit-verify says intact (exit 0) for an untouched database', async () => {
    const result = await verify();
    expect(result.code).toBe(0);
    expect(result.out).toMatchObject({ intact: true, entries: expect.any(Number), head: { seq: expect.any(Number) } });
  });

  it('names an entry edited directly in the database (exit 1)', async () => {
    await f.teacher();
    const [{ seq }] = await t.dataSource.query("SELECT seq FROM audit_entries WHERE action = 'teacher.create' ORDER BY seq LIMIT 1");
    const [{ after }] = await t.dataSource.query(`SELECT after FROM audit_entries WHERE seq = ${Number(seq)}`);
    await t.dataSource.query(`UPDATE audit_entries SET after = ${param(1)} WHERE seq = ${Number(seq)}`, [
      after.replace('"transferredToSeat":false', '"transferredToSeat":true'),
    ]);
    const result = await verify();
    expect(result.code).toBe(1);
    expect(result.out).toMatchObject({ intact: false, firstBadEntry: Number(seq), problem: 'edited' });
    // Put it back: intact again.
    await t.dataSource.query(`UPDATE audit_entries SET after = ${param(1)} WHERE seq = ${Number(seq)}`, [after]);
    expect((await verify()).code).toBe(0);
  });

  it('names an entry edited together with its own hash (exit 1)', async () => {
    const [row] = await t.dataSource.query("SELECT * FROM audit_entries WHERE action = 'teacher.update' ORDER BY seq LIMIT 1");
    const forged = { seq: Number(row.seq), at: row.at, actor: 'someone-else', action: row.action, entityType: row.entity_type, entityId: row.entity_id, before: row.before, after: row.after };
    await t.dataSource.query(`UPDATE audit_entries SET actor = ${param(1)}, hash = ${param(2)} WHERE seq = ${Number(row.seq)}`, [
      'someone-else',
      entryHash(forged, row.prev_hash),
    ]);
    const result = await verify();
    expect(result.out).toMatchObject({ intact: false, firstBadEntry: Number(row.seq), problem: 'edited' });
    await t.dataSource.query(`UPDATE audit_entries SET actor = ${param(1)}, hash = ${param(2)} WHERE seq = ${Number(row.seq)}`, [row.actor, row.hash]);
    expect((await verify()).code).toBe(0);
  });

  it('names an entry deleted from the database (exit 1), also through `npm run -s cli -- audit-verify`', async () => {
    const [{ n }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM audit_entries');
    const victim = Math.floor(Number(n) / 2);
    await t.dataSource.query(`DELETE FROM audit_entries WHERE seq = ${victim}`);
    const result = await verify();
    expect(result.code).toBe(1);
    expect(result.out).toMatchObject({ intact: false, firstBadEntry: victim, problem: 'removed', message: expect.stringContaining(`entry ${victim} is missing`) });

    const cli = spawnSync('npm', ['run', '-s', 'cli', '--', 'audit-verify', ...args], {
      cwd: join(__dirname, '..', '..'),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TZ: 'UTC' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(cli.status).toBe(1);
    expect(JSON.parse(cli.stdout)).toMatchObject({ intact: false, firstBadEntry: victim, problem: 'removed' });
  }, 60_000);

  it('refuses bad input with exit 2', async () => {
    const io = captureIo();
    expect(await auditVerify(['--sqlite', '/nonexistent/x.sqlite'], io)).toBe(2);
    expect(io.stderr.join('')).toContain('no database at /nonexistent/x.sqlite');
    expect(await auditVerify(['--what'], captureIo())).toBe(2);
  });
});
