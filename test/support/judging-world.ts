/**
 * Worlds of the judging tests, built per test in the file's one app: a contest whose rounds are
 * held around the clock's day, two districts with schools, the organisers' logins; then judges,
 * round entrants and panels (with judges and contestants, sheets submitted, results locked and
 * announced) as a test needs them. The contest and the registry rows are new for every world, so
 * a test sees only what it built (tables shared by every contest, such as the audit log, are read
 * from a mark; see auditMark).
 */
import { randomUUID } from 'crypto';
import { RoundEntrant } from '../../src/contestants/round-entrant.entity';
import type { GroupCode, RoundCode } from '../../src/domain/preset';
import { TestApp } from './app';
import { bearer, factory, Factory } from './factories';

export type Headers = Record<string, string>;

/** The clock's start in every world (Shanghai 10:00 of 2025-11-20). */
export const JUDGING_START = '2025-11-20T02:00:00.000Z';

export interface JWorld {
  t: TestApp;
  f: Factory;
  contestId: number;
  contestCode: string;
  d1: number;
  d2: number;
  s1: number;
  s2: number;
  s3: number;
  city: Headers;
  district1: Headers;
  district2: Headers;
  school1: Headers;
  school2: Headers;
}

/** Round dates that contain the test FakeClock's day (2025-11-20) for every round. */
export const ROUND_DATES_AROUND_CLOCK = (['preliminary', 'semifinal', 'final'] as RoundCode[]).map((code) => ({
  code,
  startsOn: '2025-11-17',
  endsOn: '2025-11-28',
  deadline: code === 'preliminary' ? '2025-12-02' : code === 'semifinal' ? '2025-12-15' : '2025-12-31',
}));

/** The organisers' logins a world can carry besides the city's. */
export type JudgingLogin = 'district1' | 'district2' | 'school1' | 'school2';
const ALL_LOGINS: JudgingLogin[] = ['district1', 'district2', 'school1', 'school2'];

/**
 * A new contest (scoring is accepted on the round's dates only: every round is held around the
 * clock's day), districts d1 (schools s1, s2) and d2 (school s3), the city's login and the
 * organisers' logins asked for (default: all; a login not asked for throws when read, so that a
 * test names what it uses and a world stays cheap). The clock is set back to JUDGING_START.
 */
export async function judgingWorld(t: TestApp, opts: { contestCode?: string; logins?: JudgingLogin[] } = {}): Promise<JWorld> {
  t.clock.set(JUDGING_START);
  const f = factory(t);
  const contest = await f.contest({ rounds: ROUND_DATES_AROUND_CLOCK, ...(opts.contestCode ? { code: opts.contestCode } : {}) });
  const d1 = (await f.district()).id;
  const d2 = (await f.district()).id;
  const s1 = (await f.school({ districtId: d1 })).id;
  const s2 = (await f.school({ districtId: d1 })).id;
  const s3 = (await f.school({ districtId: d2 })).id;
  const scopes: Record<JudgingLogin, { role: 'district_admin' | 'school_admin'; scope: { districtId?: number; schoolId?: number } }> = {
    district1: { role: 'district_admin', scope: { districtId: d1 } },
    district2: { role: 'district_admin', scope: { districtId: d2 } },
    school1: { role: 'school_admin', scope: { schoolId: s1 } },
    school2: { role: 'school_admin', scope: { schoolId: s2 } },
  };
  const w = { t, f, contestId: contest.id, contestCode: contest.code, d1, d2, s1, s2, s3, city: bearer(await f.shared('city_admin')) } as unknown as JWorld;
  const wanted = opts.logins ?? ALL_LOGINS;
  for (const login of ALL_LOGINS) {
    if (wanted.includes(login)) {
      w[login] = bearer(await f.token(scopes[login].role, scopes[login].scope));
    } else {
      Object.defineProperty(w, login, {
        get() {
          throw new Error(`this judging world was built without the ${login} login: add it to judgingWorld's logins`);
        },
      });
    }
  }
  return w;
}

/** A teacher of the school entered in the world's contest (a round_entrants row). */
export function entrant(
  w: JWorld,
  schoolId: number,
  opts: { round?: RoundCode; group?: GroupCode; subject?: string; name?: string } = {},
): Promise<RoundEntrant> {
  return w.f.roundEntrant(w.contestId, schoolId, opts);
}

/** `n` entrants of the school (same options). */
export async function entrants(w: JWorld, schoolId: number, n: number, opts: Parameters<typeof entrant>[2] = {}): Promise<RoundEntrant[]> {
  const out: RoundEntrant[] = [];
  for (let i = 0; i < n; i++) out.push(await entrant(w, schoolId, opts));
  return out;
}

export interface Judge {
  id: number;
  username: string;
  displayName: string;
  h: Headers;
}

/** A judge account (optionally of a school or district) and its login. */
export async function judge(w: JWorld, scope: { schoolId?: number; districtId?: number } = {}): Promise<Judge> {
  const a = await w.f.login('judge', scope);
  return { id: a.id, username: a.username, displayName: a.displayName, h: bearer(a.token) };
}

/** `n` judges of the same scope. */
export async function judges(w: JWorld, n: number, scope: { schoolId?: number; districtId?: number } = {}): Promise<Judge[]> {
  const out: Judge[] = [];
  for (let i = 0; i < n; i++) out.push(await judge(w, scope));
  return out;
}

/** A panel of the world's contest, created through the API by the organiser `h`. */
export async function createPanel(w: JWorld, h: Headers, body: Record<string, unknown>) {
  const res = await w.t.http().post('/api/judging/panels').set(h).send({ contestId: w.contestId, groupCode: 'primary-youth', session: '第一场', ...body });
  if (res.status !== 201) throw new Error(`panel: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: number; code: string };
}

/** A panel with judges (the first is the head judge) and contestants, ready for scoring. */
export async function readyPanel(w: JWorld, h: Headers, body: Record<string, unknown>, judgeList: Judge[], entrantList: RoundEntrant[]): Promise<number> {
  const p = await createPanel(w, h, body);
  for (const [i, j] of judgeList.entries()) {
    const r = await w.t.http().post(`/api/judging/panels/${p.id}/judges`).set(h).send({ accountId: j.id, isHead: i === 0 });
    if (r.status !== 200) throw new Error(`judge: ${r.status} ${JSON.stringify(r.body)}`);
  }
  if (entrantList.length) {
    const r = await w.t.http().post(`/api/judging/panels/${p.id}/contestants`).set(h).send({ entrantIds: entrantList.map((e) => e.id) });
    if (r.status !== 200) throw new Error(`contestants: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return p.id;
}

/** A judge's entry of a sheet (submitted unless `submit` is false). */
export function enter(w: JWorld, h: Headers, panelId: number, entrantId: number, scores: (number | string | null)[], submit = true, clientId: string = randomUUID()) {
  return w.t.http().put(`/api/judging/panels/${panelId}/sheets/${entrantId}`).set(h).send({ clientId, scores, submit });
}

/** Every judge submits the scores `scoresOf(judgeIndex, entrantIndex)` for every contestant. */
export async function submitSheets(w: JWorld, panelId: number, judgeList: Judge[], entrantList: RoundEntrant[], scoresOf: (j: number, e: number) => (number | string)[]): Promise<void> {
  for (const [k, j] of judgeList.entries()) {
    for (const [i, e] of entrantList.entries()) {
      const r = await enter(w, j.h, panelId, e.id, scoresOf(k, i));
      if (r.status !== 200) throw new Error(`sheet: ${r.status} ${JSON.stringify(r.body)}`);
    }
  }
}

/** The organiser locks the panel (its results are computed and stored), and announces them if asked. */
export async function lockPanel(w: JWorld, h: Headers, panelId: number, opts: { announce?: boolean } = {}): Promise<void> {
  for (const step of opts.announce ? ['lock', 'announce'] : ['lock']) {
    const r = await w.t.http().post(`/api/judging/panels/${panelId}/${step}`).set(h);
    if (r.status !== 200) throw new Error(`${step}: ${r.status} ${JSON.stringify(r.body)}`);
  }
}

/** The organiser's private link for a judge of the panel: the header that carries it. */
export async function judgeLink(w: JWorld, h: Headers, panelId: number, judgeId: number): Promise<{ id: number; token: string; header: Headers }> {
  const r = await w.t.http().post(`/api/judging/panels/${panelId}/judges/${judgeId}/links`).set(h);
  if (r.status !== 201) throw new Error(`link: ${r.status} ${JSON.stringify(r.body)}`);
  return { id: r.body.id, token: r.body.token, header: { 'X-Judge-Link': r.body.token } };
}

/** Every row the feature can change (in every contest), plus the audit length (a refusal must leave it as it was). */
export async function judgingSnapshot(t: TestApp): Promise<string> {
  const q = (sql: string) => t.dataSource.query(sql);
  const tables = ['school_sheets', 'panels', 'panel_judges', 'panel_contestants', 'judge_links', 'score_sheets', 'score_sheet_versions', 'round_results'];
  const out: Record<string, unknown> = {};
  for (const table of tables) out[table] = await q(`SELECT * FROM ${table} ORDER BY id`);
  out.audit = await q('SELECT COUNT(*) AS n FROM audit_entries');
  return JSON.stringify(out);
}
