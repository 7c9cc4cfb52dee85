/**
 * Set-up of the award tests: a contest of 2025, districts with schools and teachers, round entrants
 * with results written as a locked judging panel writes them (judging is another feature), logins,
 * and a snapshot of every table the feature writes.
 */
import { RoundEntrant } from '../../src/contestants/round-entrant.entity';
import { RoundResult } from '../../src/contestants/round-result.entity';
import { ContestsService } from '../../src/contests/contests.service';
import { GroupCode } from '../../src/domain/preset';
import { Panel } from '../../src/judging/judging.entity';
import { createTestApp, TestApp } from '../support/app';
import { bearer, Factory, TEST_ACTOR } from '../support/factories';
import { expectRefusedUnchanged, HttpAnswer } from '../support/refusals';

export const auth = bearer;
export type { HttpAnswer };

export interface AwardWorld {
  t: TestApp;
  f: Factory;
  contestId: number;
  contestCode: string;
  cityToken: string;
  districts: { id: number; code: string; token: string; schools: { id: number; code: string; name: string; central: boolean; token: string }[] }[];
}

/** Districts DA, DB… each with schools of the given centrality (true = 中心校). */
export async function createAwardWorld(schools: boolean[][] = [[true, false]]): Promise<AwardWorld> {
  const t = await createTestApp();
  const f = new Factory(t);
  const contest = await t.app.get(ContestsService).create(TEST_ACTOR, { code: 'c2025', name: '2025年全员培训·教学技能比赛', year: 2025 });
  const districts: AwardWorld['districts'] = [];
  for (const [k, list] of schools.entries()) {
    const d = await f.district({ code: `D${String.fromCharCode(65 + k)}`, name: `${['宿城', '宿豫', '沭阳'][k] ?? '某'}区` });
    const ss: AwardWorld['districts'][number]['schools'] = [];
    for (const [j, central] of list.entries()) {
      const s = await f.school({ districtId: d.id, code: `${d.code}S${j}`, name: `${d.name}第${j + 1}${central ? '中心' : ''}小学`, isCentral: central });
      ss.push({ id: s.id, code: s.code, name: s.name, central, token: await f.loginAs('school_admin', { schoolId: s.id }) });
    }
    districts.push({ id: d.id, code: d.code, token: await f.loginAs('district_admin', { districtId: d.id }), schools: ss });
  }
  return { t, f, contestId: contest.id, contestCode: contest.code, cityToken: await f.loginAs('city_admin'), districts };
}

export interface Contestant {
  schoolId: number;
  subject?: string;
  group?: GroupCode;
  /** Total in whole points, or null: entered, no result. */
  total: number | null;
  name?: string;
}

let panelNo = 0;
/**
 * Entrants of a round with their results, on one panel per (round, district) that is locked and
 * announced unless `panel` says otherwise. Semi-final entrants are also preliminary entrants.
 */
export async function giveRound(
  w: AwardWorld,
  round: 'semifinal' | 'final',
  districtId: number | null,
  contestants: Contestant[],
  panel: { locked?: boolean; announced?: boolean } = {},
): Promise<{ entrantIds: number[]; teacherIds: number[]; panelId: number }> {
  const now = '2025-12-20T00:00:00.000Z';
  const ds = w.t.dataSource;
  const p = await ds.getRepository(Panel).save({
    contestId: w.contestId,
    code: `P${++panelNo}`,
    round,
    groupCode: 'senior',
    session: '上午',
    schoolId: null,
    districtId,
    state: panel.locked === false ? 'open' : 'locked',
    announced: panel.announced !== false && panel.locked !== false,
    orderSource: null,
    drawRecord: null,
    lockedAt: panel.locked === false ? null : now,
    lockedBy: panel.locked === false ? null : 'x',
    announcedAt: null,
    createdAt: now,
    updatedAt: now,
  });
  const entrantIds: number[] = [];
  const teacherIds: number[] = [];
  for (const c of contestants) {
    const school = w.districts.flatMap((d) => d.schools.map((s) => ({ ...s, districtId: d.id }))).find((s) => s.id === c.schoolId)!;
    const teacher = await w.f.teacher({ schoolId: c.schoolId, subject: c.subject ?? 'math', ...(c.name ? { name: c.name } : {}) });
    teacherIds.push(teacher.id);
    const rounds: ('preliminary' | 'semifinal' | 'final')[] = round === 'final' ? ['preliminary', 'semifinal', 'final'] : ['preliminary', 'semifinal'];
    let last = 0;
    for (const r of rounds) {
      const e = await ds.getRepository(RoundEntrant).save({
        contestId: w.contestId,
        round: r,
        teacherId: teacher.id,
        code: `T${String(teacher.id).padStart(6, '0')}`,
        schoolId: c.schoolId,
        districtId: school.districtId,
        subject: c.subject ?? 'math',
        groupCode: c.group ?? 'primary-youth',
        source: r === 'preliminary' ? 'all-staff' : 'recommended',
        status: 'active',
        createdAt: now,
        updatedAt: now,
      });
      last = e.id;
    }
    entrantIds.push(last);
    if (c.total !== null) {
      const h = Math.round(c.total * 100);
      await ds.getRepository(RoundResult).insert({
        contestId: w.contestId,
        round,
        entrantId: last,
        totalHundredths: h,
        total: (h / 100).toFixed(2),
        itemHundredths: round === 'final' ? [1000, 1000, h - 2000] : [800, 800, 2000, h - 3600],
        itemKeys: round === 'final' ? ['featured', 'qa', 'micro-lesson'] : ['handwriting', 'classic-case', 'design-tech', 'classroom'],
        judges: 5,
        method: 'trimmed-mean',
        panelId: p.id,
        createdAt: now,
        updatedAt: now,
      });
    }
  }
  return { entrantIds, teacherIds, panelId: p.id };
}

export async function snapshot(t: TestApp): Promise<string> {
  const q = (sql: string) => t.dataSource.query(sql);
  return JSON.stringify({
    settings: await q('SELECT * FROM award_settings ORDER BY id'),
    rounds: await q('SELECT * FROM award_rounds ORDER BY id'),
    awards: await q('SELECT * FROM awards ORDER BY id'),
    cases: await q('SELECT * FROM award_school_cases ORDER BY id'),
    audit: await q('SELECT COUNT(*) AS n FROM audit_entries'),
  });
}

export const expectRefused = (t: TestApp, req: () => PromiseLike<HttpAnswer>, status: number, code: string): Promise<HttpAnswer> =>
  expectRefusedUnchanged(() => snapshot(t), req, status, code);

/** Ten totals 90, 89, … 81 (distinct). */
export const tenDistinct = (schoolId: number, subject = 'math'): Contestant[] => Array.from({ length: 10 }, (_, i) => ({ schoolId, subject, total: 90 - i }));
