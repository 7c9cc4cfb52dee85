/**
 * Set-up of the advancement tests (issue 6): a contest at 50% / 60% (so that small schools give
 * real draws), districts with schools and teachers, submitted preliminary lists, results inserted
 * as RoundResult rows (judging is another feature), logins, and a snapshot of every table the
 * feature writes.
 */
import { spawnSync } from 'child_process';
import { join } from 'path';
import { ContestsService } from '../../src/contests/contests.service';
import { RoundResult } from '../../src/contestants/round-result.entity';
import { createTestApp, TestApp } from '../support/app';
import { bearer, Factory, TEST_ACTOR } from '../support/factories';
import { announcePreliminary, announceSemifinalists, passAllWindows } from '../support/notices';
import { expectRefusedUnchanged, HttpAnswer } from '../support/refusals';

export { setToday } from '../support/refusals';
export type { HttpAnswer } from '../support/refusals';

export const auth = bearer;

export interface SchoolW {
  id: number;
  code: string;
  token: string;
}
export interface DistrictW {
  id: number;
  code: string;
  token: string;
  schools: SchoolW[];
}

export interface World {
  t: TestApp;
  f: Factory;
  contestId: number;
  cityToken: string;
  judgeToken: string;
  districts: DistrictW[];
}

/**
 * A contest of 2025 (advancement 50%/60% for both rounds) and districts with schools of the given
 * sizes (teachers per school). Today: 2025-11-20 (Shanghai).
 */
export async function createWorld(sizes: number[][], env: Record<string, string> = {}): Promise<World> {
  const t = await createTestApp(env);
  const f = new Factory(t);
  const contest = await t.app.get(ContestsService).create(TEST_ACTOR, { code: 'c2025', name: '2025年全员培训·教学技能比赛', year: 2025 });
  const cityToken = await f.loginAs('city_admin');
  const patch = await t
    .http()
    .patch(`/api/contests/${contest.id}`)
    .set(bearer(cityToken))
    .send({ advancement: { semifinal: { rate: 50, recommendedShare: 60 }, final: { rate: 50, recommendedShare: 60 } } });
  if (patch.status !== 200) throw new Error(`patch contest: ${patch.status} ${JSON.stringify(patch.body)}`);
  const districts: DistrictW[] = [];
  for (const [k, schoolSizes] of sizes.entries()) {
    // Codes whose byte order is the creation order (units are listed by code).
    const d = await f.district({ code: `D${String.fromCharCode(65 + k)}` });
    const schools: SchoolW[] = [];
    for (const [j, n] of schoolSizes.entries()) {
      const s = await f.school({ districtId: d.id, code: `${d.code}S${j}` });
      for (let i = 0; i < n; i++) await f.teacher({ schoolId: s.id });
      schools.push({ id: s.id, code: s.code, token: await f.loginAs('school_admin', { schoolId: s.id }) });
    }
    districts.push({ id: d.id, code: d.code, token: await f.loginAs('district_admin', { districtId: d.id }), schools });
  }
  return { t, f, contestId: contest.id, cityToken, judgeToken: await f.loginAs('judge'), districts };
}

/** The school submits its preliminary list (issue 4's endpoint). */
export async function submitList(w: World, s: SchoolW): Promise<void> {
  const res = await w.t.http().post(`/api/contests/${w.contestId}/entrant-lists/${s.id}/submit`).set(bearer(s.token));
  if (res.status !== 200) throw new Error(`submit: ${res.status} ${JSON.stringify(res.body)}`);
}

/**
 * Every submitted preliminary list of the world announced by its school, and the clock moved past
 * the windows (RULES §6: the semi-final allocation waits for the lists to be final).
 */
export async function finalisePreliminaryLists(w: World): Promise<void> {
  const submitted = new Set<number>(
    (await w.t.dataSource.query(`SELECT school_id FROM entrant_lists WHERE contest_id = ${w.contestId} AND state = 'submitted'`)).map((r: { school_id: unknown }) => Number(r.school_id)),
  );
  const announced = new Set<string>((await w.t.dataSource.query(`SELECT scope_key FROM ann_notices WHERE contest_id = ${w.contestId}`)).map((r: { scope_key: string }) => r.scope_key));
  for (const d of w.districts) for (const s of d.schools) if (submitted.has(s.id) && !announced.has(`school:${s.id}`)) await announcePreliminary(w.t, w.contestId, s);
  await passAllWindows(w.t);
}

/** Every published semi-final draw's list announced by its district, and the clock moved past the windows. */
export async function finaliseSemifinalistLists(w: World): Promise<void> {
  const draws: { id: unknown; scope_key: string }[] = await w.t.dataSource.query(`SELECT id, scope_key FROM adv_draws WHERE contest_id = ${w.contestId} AND round = 'semifinal' AND state = 'published'`);
  const announced = new Set<string>((await w.t.dataSource.query(`SELECT scope_key FROM ann_notices WHERE contest_id = ${w.contestId} AND kind = 'semifinalists'`)).map((r: { scope_key: string }) => r.scope_key));
  for (const d of draws) {
    const district = w.districts.find((x) => `district:${x.id}` === d.scope_key)!;
    if (!announced.has(d.scope_key)) await announceSemifinalists(w.t, Number(d.id), district.token);
  }
  await passAllWindows(w.t);
}

/** Results for entrants of a round (what a locked judging panel writes), except the codes in `skip`. */
export async function giveResults(w: World, round: 'preliminary' | 'semifinal', skip: string[] = []): Promise<void> {
  const rows: { id: number; code: string }[] = await w.t.dataSource.query(
    `SELECT id, code FROM round_entrants WHERE contest_id = ${w.contestId} AND round = '${round}' ORDER BY id`,
  );
  const now = '2025-12-01T00:00:00.000Z';
  const repo = w.t.dataSource.getRepository(RoundResult);
  let k = 0;
  for (const r of rows) {
    if (skip.includes(r.code)) continue;
    const h = 6000 + ((k++ * 37) % 3000);
    await repo.insert({
      contestId: w.contestId,
      round,
      entrantId: r.id,
      totalHundredths: h,
      total: (h / 100).toFixed(2),
      itemHundredths: [h],
      itemKeys: ['total'],
      judges: 5,
      method: 'trimmed-mean',
      panelId: null,
      createdAt: now,
      updatedAt: now,
    });
  }
}

/** Every row the feature can change, plus the audit length. */
export async function snapshot(t: TestApp): Promise<string> {
  const q = (sql: string) => t.dataSource.query(sql);
  return JSON.stringify({
    allocations: await q('SELECT * FROM adv_allocations ORDER BY id'),
    recommendations: await q('SELECT * FROM adv_recommendations ORDER BY id'),
    draws: await q('SELECT * FROM adv_draws ORDER BY id'),
    replacements: await q('SELECT * FROM adv_replacements ORDER BY id'),
    entrants: await q('SELECT * FROM round_entrants ORDER BY id'),
    audit: await q('SELECT COUNT(*) AS n FROM audit_entries'),
  });
}

/** Expects the request to be refused with the status and code, and that nothing changed. */
export const expectRefused = (t: TestApp, req: () => PromiseLike<HttpAnswer>, status: number, code: string): Promise<HttpAnswer> =>
  expectRefusedUnchanged(() => snapshot(t), req, status, code);


const ROOT = join(__dirname, '..', '..');
/** The auditor's command line, run as a user would. */
export function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync('npm', ['run', '-s', 'cli', '--', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'silent' } });
  return { code: r.status, out: r.stdout, err: r.stderr.split('\n').filter((l) => l && !l.includes('npm warn')).join('\n') };
}
