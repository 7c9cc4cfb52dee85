/**
 * Shared set-up of the judging tests (issue 5): a contest, two districts with schools, teachers
 * entered as round entrants, judge accounts (with their schools), logins, and helpers.
 */
import { randomUUID } from 'crypto';
import { ContestsService } from '../../src/contests/contests.service';
import { entrantCode, RoundEntrant } from '../../src/contestants/round-entrant.entity';
import { Transactions } from '../../src/database/transactions';
import type { GroupCode, RoundCode } from '../../src/domain/preset';
import { createTestApp, TestApp } from '../support/app';
import { bearer, Factory, TEST_ACTOR, TEST_PASSWORD } from '../support/factories';

export type Headers = Record<string, string>;

export interface JWorld {
  t: TestApp;
  f: Factory;
  contestId: number;
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

export async function createJudgingWorld(): Promise<JWorld> {
  const t = await createTestApp();
  const f = new Factory(t);
  // Scoring is accepted on the round's dates only: every round is held around the FakeClock's day (2025-11-20).
  const contest = await t.app.get(ContestsService).create(TEST_ACTOR, {
    code: 'c2025',
    name: '2025年全员培训·教学技能比赛',
    year: 2025,
    rounds: ROUND_DATES_AROUND_CLOCK,
  });
  const d1 = (await f.district()).id;
  const d2 = (await f.district()).id;
  const s1 = (await f.school({ districtId: d1 })).id;
  const s2 = (await f.school({ districtId: d1 })).id;
  const s3 = (await f.school({ districtId: d2 })).id;
  return {
    t,
    f,
    contestId: contest.id,
    d1,
    d2,
    s1,
    s2,
    s3,
    city: bearer(await f.loginAs('city_admin')),
    district1: bearer(await f.loginAs('district_admin', { districtId: d1 })),
    district2: bearer(await f.loginAs('district_admin', { districtId: d2 })),
    school1: bearer(await f.loginAs('school_admin', { schoolId: s1 })),
    school2: bearer(await f.loginAs('school_admin', { schoolId: s2 })),
  };
}

/** A teacher of the school entered in the round (a round_entrants row, as the entrant lists / advancement write them). */
export async function entrant(
  w: JWorld,
  schoolId: number,
  opts: { round?: RoundCode; group?: GroupCode; subject?: string; name?: string } = {},
): Promise<RoundEntrant> {
  const teacher = await w.f.teacher({ schoolId, subject: opts.subject ?? 'math', ...(opts.name ? { name: opts.name } : {}) });
  const [school] = await w.t.dataSource.query(`SELECT district_id FROM schools WHERE id = ${schoolId}`);
  return w.t.app.get(Transactions).run(async (em) => {
    const repo = em.getRepository(RoundEntrant);
    return repo.save(
      repo.create({
        contestId: w.contestId,
        round: opts.round ?? 'preliminary',
        teacherId: teacher.id,
        code: entrantCode(teacher.id),
        schoolId,
        districtId: Number(school.district_id),
        subject: opts.subject ?? 'math',
        groupCode: opts.group ?? 'primary-youth',
        source: 'all-staff',
        status: 'active',
        createdAt: '2025-11-20T02:00:00.000Z',
        updatedAt: '2025-11-20T02:00:00.000Z',
      }),
    );
  });
}

export interface Judge {
  id: number;
  username: string;
  displayName: string;
  h: Headers;
}

/** A judge account (optionally of a school or district) and its login. */
export async function judge(w: JWorld, scope: { schoolId?: number; districtId?: number } = {}): Promise<Judge> {
  const a = await w.f.account('judge', scope);
  const res = await w.t.http().post('/api/auth/login').send({ username: a.username, password: TEST_PASSWORD });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  return { id: a.id, username: a.username, displayName: a.displayName, h: bearer(res.body.accessToken) };
}

export async function createPanel(w: JWorld, h: Headers, body: Record<string, unknown>) {
  const res = await w.t.http().post('/api/judging/panels').set(h).send({ contestId: w.contestId, groupCode: 'primary-youth', session: '第一场', ...body });
  if (res.status !== 201) throw new Error(`panel: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: number; code: string };
}

/** A panel with judges (the first is the head judge) and contestants, ready for scoring. */
export async function readyPanel(
  w: JWorld,
  h: Headers,
  body: Record<string, unknown>,
  judges: Judge[],
  entrants: RoundEntrant[],
): Promise<number> {
  const p = await createPanel(w, h, body);
  for (const [i, j] of judges.entries()) {
    const r = await w.t.http().post(`/api/judging/panels/${p.id}/judges`).set(h).send({ accountId: j.id, isHead: i === 0 });
    if (r.status !== 200) throw new Error(`judge: ${r.status} ${JSON.stringify(r.body)}`);
  }
  if (entrants.length) {
    const r = await w.t.http().post(`/api/judging/panels/${p.id}/contestants`).set(h).send({ entrantIds: entrants.map((e) => e.id) });
    if (r.status !== 200) throw new Error(`contestants: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return p.id;
}

export function enter(w: JWorld, h: Headers, panelId: number, entrantId: number, scores: (number | string | null)[], submit = true, clientId: string = randomUUID()) {
  return w.t.http().put(`/api/judging/panels/${panelId}/sheets/${entrantId}`).set(h).send({ clientId, scores, submit });
}

/** Every row the feature can change, plus the audit length (a refusal must leave it as it was). */
export async function judgingSnapshot(t: TestApp): Promise<string> {
  const q = (sql: string) => t.dataSource.query(sql);
  const tables = ['school_sheets', 'panels', 'panel_judges', 'panel_contestants', 'judge_links', 'score_sheets', 'score_sheet_versions', 'round_results'];
  const out: Record<string, unknown> = {};
  for (const table of tables) out[table] = await q(`SELECT * FROM ${table} ORDER BY id`);
  out.audit = await q('SELECT COUNT(*) AS n FROM audit_entries');
  return JSON.stringify(out);
}
