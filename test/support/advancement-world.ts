/**
 * Worlds of the advancement tests, built per test in the file's one app: a contest at 50% / 60%
 * (so that small schools give real draws) over districts with schools and their logins (made per
 * world by advancementWorld, or once per app by advancementRegistry and shared, read-only, by
 * every world of registryWorld/semifinalWorld); then, as far as a test needs, the preliminary lists submitted, results (one entrant
 * absent), the lists announced and final, a district's allocation, its recommendations and its
 * ceremony at a given step (frozen, announced, entropy, run, published), replacements after it.
 * The contest is new for every world; the steps go through the HTTP API
 * as the bodies would (results are inserted as a locked judging panel writes them).
 */
import { RoundResult } from '../../src/contestants/round-result.entity';
import { TestApp } from './app';
import { bearer, factory, Factory } from './factories';
import { announcePreliminary, announceSemifinalists, passAllWindows } from './notices';

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
  contestCode: string;
  cityToken: string;
  judgeToken: string;
  districts: DistrictW[];
}

/** The clock's start in every world (Shanghai 10:00 of 2025-11-20). */
export const ADVANCEMENT_START = '2025-11-20T02:00:00.000Z';

/** The entropy sources and values every ceremony of the tests announces and enters. */
export const SOURCES = [
  { name: '双色球第2025142期开奖号码', description: '2025年12月11日开奖的中国福利彩票双色球号码，按开奖公告原文' },
  { name: '现场见证人抽取的数字', description: '抽签仪式上由三名见证人各自抽取的三位数，按抽取顺序以空格分隔' },
];
export const ENTROPY = ['03 08 15 21 27 31 + 09', ' 417 082 655 '];

/** When the first district's ceremony is announced (its record carries it). */
export const ANNOUNCED_AT = '2025-12-05T01:00:00.000Z';

async function ok<T = any>(what: string, req: PromiseLike<{ status: number; body: any }>, status = 200): Promise<T> {
  const res = await req;
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as T;
}

/**
 * A new contest of 2025 (advancement 50%/60% for both rounds) and districts with schools of the
 * given sizes (teachers per school), with the logins of every body. District codes sort in the
 * order given (units are listed by code); `codePrefix` (default: unique in the app) starts them.
 * The clock is set back to ADVANCEMENT_START.
 */
export async function advancementWorld(t: TestApp, sizes: number[][], opts: { contestCode?: string; codePrefix?: string } = {}): Promise<World> {
  t.clock.set(ADVANCEMENT_START);
  const f = factory(t);
  const rates = { rate: 50, recommendedShare: 60 };
  const contest = await f.contest({ advancement: { semifinal: rates, final: rates }, ...(opts.contestCode ? { code: opts.contestCode } : {}) });
  const prefix = opts.codePrefix ?? `X${f.unique()}`;
  const districts: DistrictW[] = [];
  for (const [k, schoolSizes] of sizes.entries()) {
    const d = await f.district({ code: `${prefix}${String.fromCharCode(65 + k)}` });
    const schools: SchoolW[] = [];
    for (const [j, n] of schoolSizes.entries()) {
      const s = await f.school({ districtId: d.id, code: `${d.code}S${j}` });
      for (let i = 0; i < n; i++) await f.teacher({ schoolId: s.id });
      schools.push({ id: s.id, code: s.code, token: await f.token('school_admin', { schoolId: s.id }) });
    }
    districts.push({ id: d.id, code: d.code, token: await f.token('district_admin', { districtId: d.id }), schools });
  }
  return { t, f, contestId: contest.id, contestCode: contest.code, cityToken: await f.shared('city_admin'), judgeToken: await f.shared('judge'), districts };
}

/** The school submits its preliminary list. */
export async function submitList(w: World, s: SchoolW): Promise<void> {
  await ok('submit', w.t.http().post(`/api/contests/${w.contestId}/entrant-lists/${s.id}/submit`).set(bearer(s.token)));
}

/** Every school of the world that has teachers submits its list. */
export async function submitLists(w: World): Promise<void> {
  const withTeachers = new Set<number>((await w.t.dataSource.query('SELECT DISTINCT school_id AS id FROM teachers')).map((r: { id: unknown }) => Number(r.id)));
  for (const d of w.districts) for (const s of d.schools) if (withTeachers.has(s.id)) await submitList(w, s);
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
  await passAllWindows(w.t, w.contestId);
}

/** Every published semi-final draw's list announced by its district, and the clock moved past the windows. */
export async function finaliseSemifinalistLists(w: World): Promise<void> {
  const draws: { id: unknown; scope_key: string }[] = await w.t.dataSource.query(`SELECT id, scope_key FROM adv_draws WHERE contest_id = ${w.contestId} AND round = 'semifinal' AND state = 'published'`);
  const announced = new Set<string>((await w.t.dataSource.query(`SELECT scope_key FROM ann_notices WHERE contest_id = ${w.contestId} AND kind = 'semifinalists'`)).map((r: { scope_key: string }) => r.scope_key));
  for (const d of draws) {
    const district = w.districts.find((x) => `district:${x.id}` === d.scope_key)!;
    if (!announced.has(d.scope_key)) await announceSemifinalists(w.t, Number(d.id), district.token);
  }
  await passAllWindows(w.t, w.contestId);
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

export interface Candidate {
  entrantId: number;
  code: string;
  tookPart: boolean;
  recommended: boolean;
  idNumber: string;
  status: string;
}

/** A unit's candidates of an allocation, as its admin reads them. */
export async function candidates(w: World, allocationId: number, unitId: number, token: string): Promise<Candidate[]> {
  return ok('candidates', w.t.http().get(`/api/allocations/${allocationId}/units/${unitId}/candidates`).set(bearer(token)));
}

/** The steps of a ceremony, in order; a world "at" a step has done it and every step before. */
export const CEREMONY_STEPS = ['lists-final', 'allocated', 'recommended', 'frozen', 'announced', 'entropy', 'run', 'published'] as const;
export type CeremonyStep = (typeof CEREMONY_STEPS)[number];
const reached = (until: CeremonyStep, step: CeremonyStep) => CEREMONY_STEPS.indexOf(until) >= CEREMONY_STEPS.indexOf(step);

export interface SemifinalWorld {
  w: World;
  /** District D (schools of 10, 7, 4 teachers), whose ceremony the world runs, and district E (6, 5). */
  D: DistrictW;
  E: DistrictW;
  /** The preliminary entrant of D's first school without a result (did not take part); null when D's lists are not submitted. */
  absent: string | null;
  /** D's semi-final allocation and draw, once made. */
  allocationId: number;
  drawId: number;
}

const registries = new WeakMap<TestApp, Promise<DistrictW[]>>();
/**
 * The advancement registry of the app, made once and shared by the worlds of its tests: district
 * D with schools of 10, 7 and 4 teachers, district E with schools of 6 and 5, and the logins of
 * every body. No test changes it (districts, schools, teachers and accounts are not contest data):
 * each world is a contest of its own over it, so a test sees only what it built.
 */
export function advancementRegistry(t: TestApp): Promise<DistrictW[]> {
  let r = registries.get(t);
  if (!r) {
    r = (async () => {
      const f = factory(t);
      const prefix = `R${f.unique()}`;
      const out: DistrictW[] = [];
      for (const [k, sizes] of [[10, 7, 4], [6, 5]].entries()) {
        const d = await f.district({ code: `${prefix}${String.fromCharCode(65 + k)}` });
        const schools: SchoolW[] = [];
        for (const [j, n] of sizes.entries()) {
          const s = await f.school({ districtId: d.id, code: `${d.code}S${j}` });
          for (let i = 0; i < n; i++) await f.teacher({ schoolId: s.id });
          schools.push({ id: s.id, code: s.code, token: await f.token('school_admin', { schoolId: s.id }) });
        }
        out.push({ id: d.id, code: d.code, token: await f.token('district_admin', { districtId: d.id }), schools });
      }
      return out;
    })();
    registries.set(t, r);
  }
  return r;
}

/**
 * A new contest of 2025 (advancement 50%/60% for both rounds) over the app's advancement registry
 * (districts D and E, see advancementRegistry), nothing of it done yet. The clock is set back to
 * ADVANCEMENT_START.
 */
export async function registryWorld(t: TestApp): Promise<{ w: World; D: DistrictW; E: DistrictW }> {
  const districts = await advancementRegistry(t);
  t.clock.set(ADVANCEMENT_START);
  const f = factory(t);
  const rates = { rate: 50, recommendedShare: 60 };
  const contest = await f.contest({ advancement: { semifinal: rates, final: rates } });
  const w: World = { t, f, contestId: contest.id, contestCode: contest.code, cityToken: await f.shared('city_admin'), judgeToken: await f.shared('judge'), districts };
  return { w, D: districts[0], E: districts[1] };
}

/**
 * A world (registryWorld) where the lists of the districts `lists` names are submitted, every
 * preliminary entrant has a result but the first (by code) of D's first school, and the lists are
 * final; then district D's semi-final up to `until`: the allocation (deadline 2025-12-10), each
 * school's recommendations (the last r who took part), the pools frozen, the ceremony announced
 * at ANNOUNCED_AT with SOURCES, ENTROPY entered, the draw run and published.
 */
export async function semifinalWorld(t: TestApp, until: CeremonyStep, lists: 'D' | 'E' | 'DE' = 'D'): Promise<SemifinalWorld> {
  const { w, D, E } = await registryWorld(t);
  for (const d of lists === 'DE' ? [D, E] : lists === 'D' ? [D] : [E]) for (const s of d.schools) await submitList(w, s);
  const [first] = await t.dataSource.query(`SELECT code FROM round_entrants WHERE contest_id = ${w.contestId} AND school_id = ${D.schools[0].id} ORDER BY code LIMIT 1`);
  const absent: string | null = first ? first.code : null;
  await giveResults(w, 'preliminary', absent ? [absent] : []);
  await finalisePreliminaryLists(w);
  const world: SemifinalWorld = { w, D, E, absent, allocationId: 0, drawId: 0 };
  if (!reached(until, 'allocated')) return world;
  const alloc = await allocate(w, D, '2025-12-10');
  world.allocationId = alloc.id;
  world.drawId = await ceremony(w, D.token, alloc, D.schools, until, { announceAt: ANNOUNCED_AT, pick: 'last' });
  return world;
}

/** A semi-final allocation of the district (or, with null, the city's final), by its organiser. */
export async function allocate(w: World, district: DistrictW | null, recommendationDeadline: string): Promise<{ id: number; units: { unitId: number; recommended: number }[] }> {
  const body = district ? { round: 'semifinal', districtId: district.id, recommendationDeadline } : { round: 'final', recommendationDeadline };
  return ok('allocation', w.t.http().post(`/api/contests/${w.contestId}/allocations`).set(bearer(district ? district.token : w.cityToken)).send(body), 201);
}

/**
 * The allocation's ceremony by its organiser, from the recommendations of each unit (its admin
 * recommends r of those who took part: the first r, or the last with `pick: 'last'`) up to `until`;
 * answers the draw's id (0 before the freeze). `announceAt` sets the clock before announcing.
 */
export async function ceremony(
  w: World,
  organiser: string,
  alloc: { id: number; units: { unitId: number; recommended: number }[] },
  units: { id: number; token: string }[],
  until: CeremonyStep = 'published',
  opts: { announceAt?: string; pick?: 'first' | 'last' } = {},
): Promise<number> {
  if (!reached(until, 'recommended')) return 0;
  for (const u of units) {
    const r = alloc.units.find((x) => x.unitId === u.id)!.recommended;
    const took = (await candidates(w, alloc.id, u.id, u.token)).filter((x) => x.tookPart && x.status === 'active').map((x) => x.entrantId);
    const ids = opts.pick === 'last' ? took.slice(took.length - r) : took.slice(0, r);
    await ok('recommend', w.t.http().put(`/api/allocations/${alloc.id}/units/${u.id}/recommendations`).set(bearer(u.token)).send({ entrantIds: ids }));
  }
  if (!reached(until, 'frozen')) return 0;
  const drawId = (await ok<{ id: number }>('freeze', w.t.http().post(`/api/allocations/${alloc.id}/draw`).set(bearer(organiser)))).id;
  const step = (name: string, body: object = {}) => ok(name, w.t.http().post(`/api/draws/${drawId}/${name}`).set(bearer(organiser)).send(body));
  if (!reached(until, 'announced')) return drawId;
  if (opts.announceAt) w.t.clock.set(opts.announceAt);
  await step('announce', { sources: SOURCES });
  if (reached(until, 'entropy')) await step('entropy', { values: ENTROPY });
  if (reached(until, 'run')) await step('run');
  if (reached(until, 'published')) await step('publish');
  return drawId;
}
