/**
 * The demo contest loaded on the first start: a city, 3 districts, at least 30
 * schools (central and not, one in each district seat), at least 600 teachers with valid ID
 * numbers across subjects and ages, one account per role that can log in; a second start keeps
 * the data and loads nothing again.
 */
import { DemoService } from '../../src/demo/demo.service';
import { verifyDraw } from '../../src/domain/draw';
import { DEMO_PASSWORD } from '../../src/demo/demo-data';
import { checkIdNumber } from '../../src/domain/id-number';
import { defaultPreset } from '../../src/domain/preset';
import { createTestApp, TestApp } from '../support/app';

/**
 * The draw ceremony journey of the demo: district2 logs in, finds its semi-final allocation ready
 * (every school's list final, every recommendation made) and runs the ceremony through the API
 * the draw page calls, to the published semi-finalists.
 */
async function runDemoCeremony(t: TestApp, day: string): Promise<void> {
  const login = await t.http().post('/api/auth/login').send({ username: 'district2', password: DEMO_PASSWORD });
  expect(login.status).toBe(200);
  const auth = { Authorization: `Bearer ${login.body.accessToken}` };
  const contest = (await t.http().get('/api/contests/current').set(auth)).body;
  expect(contest.code).toBe(`C${day.slice(0, 4)}`);
  const allocations = (await t.http().get(`/api/contests/${contest.id}/allocations`).set(auth)).body;
  expect(allocations).toHaveLength(1);
  const [a] = allocations;
  expect(a).toMatchObject({ round: 'semifinal', deadlinePassed: false, frozen: true, draw: null });
  expect(a.recommendationDeadline > day).toBe(true);
  expect(a.units.length).toBe(10);
  for (const u of a.units) expect(u.recommendedSoFar).toBe(u.recommended);
  expect(a.totals.drawn).toBeGreaterThan(0);
  // Every school's preliminary list of the district was announced days ago and is final now.
  const [{ n: lists }] = await t.dataSource.query(
    `SELECT COUNT(*) AS n FROM ann_notices WHERE contest_id = ${contest.id} AND kind = 'preliminary' AND closes_at < '${t.clock.nowIso()}' AND scope_key IN (SELECT 'school:' || id FROM schools WHERE district_id = ${a.districtId})`,
  );
  expect(Number(lists)).toBe(10);
  const step = async (path: string, body: object = {}) => {
    const res = await t.http().post(path).set(auth).send(body);
    expect({ path, status: res.status, body: res.status === 200 ? undefined : res.body }).toEqual({ path, status: 200, body: undefined });
    return res.body;
  };
  const frozen = await step(`/api/allocations/${a.id}/draw`);
  await step(`/api/draws/${frozen.id}/announce`, { sources: [{ name: '现场见证人抽取的数字', description: '三名见证人各自抽取的三位数，按抽取顺序以空格分隔' }] });
  await step(`/api/draws/${frozen.id}/entropy`, { values: ['417 082 655'] });
  await step(`/api/draws/${frozen.id}/run`);
  const published = await step(`/api/draws/${frozen.id}/publish`);
  expect(published.state).toBe('published');
  const [{ n: semi }] = await t.dataSource.query(`SELECT COUNT(*) AS n FROM round_entrants WHERE contest_id = ${contest.id} AND round = 'semifinal'`);
  expect(Number(semi)).toBe(a.totals.recommended + a.totals.drawn);
  const pub = await t.http().get(`/api/public/draws/${frozen.id}`);
  expect(pub.status).toBe(200);
}

/**
 * The completed earlier contest's draws, as a visitor finds them on the public draw page: each
 * district's semi-final draw and the city's final draw, published, their records recomputing to
 * MATCH, and the advanced lists the records name (recommended + drawn), each announced and final.
 */
async function checkPastDraws(t: TestApp, code: string): Promise<void> {
  const [past] = await t.dataSource.query(`SELECT id FROM contests WHERE code = '${code}'`);
  const list = (await t.http().get('/api/public/draws')).body as { id: number; contestId: number; round: string; state: string; scopeName: string }[];
  const mine = list.filter((d) => d.contestId === past.id);
  expect(mine.map((d) => [d.round, d.state]).sort()).toEqual([['final', 'published'], ['semifinal', 'published'], ['semifinal', 'published'], ['semifinal', 'published']]);
  expect(mine.map((d) => d.scopeName).sort()).toEqual(['宿城区', '宿豫区', '市级决赛', '沭阳县'].sort());
  // Each names its contest, so a visitor tells last year's draws from this year's.
  expect(new Set(list.map((d) => (d as { contestName?: string }).contestName))).toContain(`${code.slice(1)}年全员培训·教学技能比赛`);
  for (const d of mine) expect((d as { contestName?: string }).contestName).toBe(`${code.slice(1)}年全员培训·教学技能比赛`);
  for (const d of mine) {
    const view = (await t.http().get(`/api/public/draws/${d.id}`)).body;
    expect(view.announcement.entropySources).toHaveLength(1);
    expect(view.auditHead).not.toBeNull();
    // Announced before the entropy was entered, before the draw ran, all in that autumn.
    expect(view.announcement.announcedAt < view.entropyAt && view.entropyAt < view.runAt && view.runAt < view.publishedAt).toBe(true);
    expect(view.publishedAt.slice(0, 4)).toBe(code.slice(1));
    const record = await t.http().get(`/api/public/draws/${d.id}/record.json`);
    expect(record.status).toBe(200);
    const parsed = JSON.parse(record.text);
    expect(parsed.contestCode).toBe(code);
    expect(verifyDraw(parsed)).toEqual({ match: true });
    // The record's drawn entrants are the advanced list's drawn ones.
    const advanced = (await t.http().get(`/api/public/draws/${d.id}/entrants`)).body as { code: string; source: string }[];
    const drawn = parsed.units.flatMap((u: { drawn: string[] }) => u.drawn).sort();
    expect(drawn.length).toBeGreaterThan(0);
    expect(advanced.filter((e) => e.source === 'drawn').map((e) => e.code).sort()).toEqual(drawn);
    expect(advanced.some((e) => e.source === 'recommended')).toBe(true);
  }
  // The semi-finalists (per district) and finalists (per district) announced; every list of that contest is final.
  const kinds = await t.dataSource.query(`SELECT kind, COUNT(*) AS n FROM ann_notices WHERE contest_id = ${past.id} GROUP BY kind ORDER BY kind`);
  expect(kinds.map((k: { kind: string; n: unknown }) => [k.kind, Number(k.n)])).toEqual([['final-awards', 1], ['finalists', 3], ['preliminary', 30], ['semifinal-awards', 3], ['semifinalists', 3]]);
  const [{ n: open }] = await t.dataSource.query(`SELECT COUNT(*) AS n FROM ann_notices WHERE contest_id = ${past.id} AND closes_at >= '${t.clock.nowIso()}'`);
  expect(Number(open)).toBe(0);
}

describe('demo contest', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 120_000);
  afterAll(async () => t?.close());

  const count = async (sql: string): Promise<number> => Number((await t.dataSource.query(sql))[0].n);

  it('loads a whole contest into an empty database, once', async () => {
    t.clock.set('2026-11-20T04:00:00.000Z');
    const first = await t.app.get(DemoService).seedIfEmpty();
    expect(first?.seededNow).toBe(true);

    expect(await count('SELECT COUNT(*) AS n FROM cities')).toBe(1);
    expect(await count('SELECT COUNT(*) AS n FROM districts')).toBe(3);
    expect(await count('SELECT COUNT(*) AS n FROM schools')).toBeGreaterThanOrEqual(30);
    expect(await count('SELECT COUNT(*) AS n FROM schools WHERE is_central = true')).toBeGreaterThan(0);
    expect(await count('SELECT COUNT(*) AS n FROM schools WHERE is_central = false')).toBeGreaterThan(0);
    expect(await count('SELECT COUNT(DISTINCT district_id) AS n FROM schools WHERE in_district_seat = true')).toBe(3);
    // The current contest and last year's completed one (prizes, awards, certificates).
    expect(await count('SELECT COUNT(*) AS n FROM contests')).toBe(2);
    expect(await count('SELECT COUNT(*) AS n FROM contest_rounds')).toBe(6);

    const teachers: { id_number: string; subject: string; birth_date: string }[] = await t.dataSource.query(
      'SELECT id_number, subject, birth_date FROM teachers',
    );
    expect(teachers.length).toBeGreaterThanOrEqual(600);
    for (const row of teachers) expect(checkIdNumber(row.id_number)).toMatchObject({ valid: true });
    const subjects = new Set(teachers.map((r) => r.subject));
    const known = new Set(defaultPreset().subjects.map((s) => s.code));
    for (const s of subjects) expect(known.has(s)).toBe(true);
    expect(subjects.size).toBeGreaterThanOrEqual(8);
    const years = teachers.map((r) => Number(r.birth_date.slice(0, 4)));
    expect(Math.min(...years)).toBeLessThan(1966); // near-retirement ages occur
    expect(Math.max(...years)).toBeGreaterThan(1990); // and young teachers

    // One account per role, each able to log in with the printed password.
    for (const role of ['city_admin', 'district_admin', 'school_admin', 'judge']) {
      const login = first!.logins.find((l) => l.role === role)!;
      expect(login).toBeDefined();
      const res = await t.http().post('/api/auth/login').send({ username: login.username, password: DEMO_PASSWORD });
      expect(res.status).toBe(200);
      expect(res.body.account.role).toBe(role);
    }

    // A panel ready for the tablet page: judge1 (head), judge2, judge3, none from the contestants'
    // school, and contestants of one group of a school whose list is submitted.
    expect(first!.panel).toMatchObject({ judges: ['judge1', 'judge2', 'judge3'], head: 'judge1', contestants: 6 });
    const judge1 = await t.http().post('/api/auth/login').send({ username: 'judge1', password: DEMO_PASSWORD });
    const mine = await t.http().get('/api/judging/my/panels').set('Authorization', `Bearer ${judge1.body.accessToken}`);
    expect(mine.status).toBe(200);
    expect(mine.body.map((p: { code: string }) => p.code)).toEqual([first!.panel!.code]);
    const view = await t.http().get(`/api/judging/panels/${mine.body[0].id}/mine`).set('Authorization', `Bearer ${judge1.body.accessToken}`);
    expect(view.status).toBe(200);
    expect(view.body.judge.isHead).toBe(true);
    expect(view.body.contestants).toHaveLength(6);
    const [{ n: conflicts }] = await t.dataSource.query(
      `SELECT COUNT(*) AS n FROM panel_contestants pc JOIN round_entrants e ON e.id = pc.entrant_id
         JOIN panel_judges pj ON pj.panel_id = pc.panel_id JOIN accounts a ON a.id = pj.account_id WHERE a.school_id = e.school_id`,
    );
    expect(Number(conflicts)).toBe(0);
    // The demo's panel above, a second school's planned preliminary (below) and the ten schools of
    // district2, ready for its draw ceremony.
    expect(await count("SELECT COUNT(*) AS n FROM entrant_lists l JOIN contests c ON c.id = l.contest_id WHERE l.state = 'submitted' AND c.code = 'C2026'")).toBe(12);
    expect(first!.drawReady).toMatchObject({ login: 'district2', district: '宿豫区', schools: 10 });
    expect(first!.openList).toMatchObject({ login: 'school-S32130204', school: '东湖镇初级中学' });

    // A planned preliminary: panels by subject × group with room and session, judge4, judge5 and
    // judge6 assigned (three a panel, a head each), and its judge cards printable by its clerk.
    const planned: { id: number; school_id: number; subject: string; room: string; session_date: string }[] = await t.dataSource.query(
      "SELECT id, school_id, subject, room, session_date FROM panels WHERE plan_id IS NOT NULL ORDER BY id",
    );
    expect(planned.length).toBeGreaterThan(0);
    for (const p of planned) {
      expect(p.subject).toBeTruthy();
      expect(p.room).toBe('第一考场');
      expect(p.session_date >= '2026-11-20' && p.session_date <= '2026-11-28').toBe(true);
      expect(await count(`SELECT COUNT(*) AS n FROM panel_judges WHERE panel_id = ${p.id}`)).toBe(3);
      expect(await count(`SELECT COUNT(*) AS n FROM panel_judges WHERE panel_id = ${p.id} AND is_head = true`)).toBe(1);
    }
    const clerk = await t.http().post('/api/auth/login').send({ username: (await t.dataSource.query(`SELECT username FROM accounts WHERE role = 'school_admin' AND school_id = ${planned[0].school_id}`))[0].username, password: DEMO_PASSWORD });
    const cards = await t.http().post('/api/planning/cards').set('Authorization', `Bearer ${clerk.body.accessToken}`).send({ contestId: (await t.dataSource.query('SELECT id FROM contests ORDER BY year DESC'))[0].id, round: 'preliminary', baseUrl: 'http://localhost:3000' });
    expect(cards.status).toBe(200);
    expect(cards.body.cards.length).toBe(planned.length * 3);
    expect(cards.body.cards[0].qrSvg).toMatch(/^<svg/);

    // Last year's completed contest: prizes and awards final, certificates anyone can verify.
    expect(first!.awards).toMatchObject({ contestCode: 'C2025' });
    expect(first!.awards!.certificates).toBeGreaterThan(10);
    expect(await count("SELECT COUNT(*) AS n FROM award_rounds WHERE state = 'final'")).toBe(4);
    expect(await count("SELECT COUNT(*) AS n FROM awards WHERE kind = 'team'")).toBeGreaterThan(0);
    const verified = await t.http().get(`/api/public/certificates/${first!.awards!.example}/verification`);
    expect(verified.status).toBe(200);
    expect(verified.body.contest).toBe('2025年全员培训·教学技能比赛');

    await checkPastDraws(t, 'C2025');

    await runDemoCeremony(t, '2026-11-20');

    // A second start: nothing loaded again, the same data.
    const teachersBefore = await count('SELECT COUNT(*) AS n FROM teachers');
    const auditBefore = await count('SELECT COUNT(*) AS n FROM audit_entries');
    const second = await t.app.get(DemoService).seedIfEmpty();
    expect(second?.seededNow).toBe(false);
    expect(await count('SELECT COUNT(*) AS n FROM teachers')).toBe(teachersBefore);
    expect(await count('SELECT COUNT(*) AS n FROM audit_entries')).toBe(auditBefore);
  }, 300_000);

  // The demo is relative to the day of its first start: on any date a school's list is open before
  // its deadline and the judges' panel is ready to score (the round's scoring days include today).
  it.each(['2026-12-03', '2026-12-31', '2027-01-04', '2027-03-01', '2027-10-09'])('is ready on any date: started on %s', async (day) => {
    const t2 = await createTestApp();
    try {
      t2.clock.set(`${day}T01:00:00.000Z`);
      const summary = await t2.app.get(DemoService).seedIfEmpty();
      expect(summary?.panel).toMatchObject({ judges: ['judge1', 'judge2', 'judge3'], head: 'judge1', contestants: 6 });
      const [round] = await t2.dataSource.query(
        `SELECT r.starts_on AS "startsOn", r.ends_on AS "endsOn", r.deadline FROM contest_rounds r JOIN contests c ON c.id = r.contest_id WHERE c.code = 'C${day.slice(0, 4)}' AND r.code = 'preliminary'`,
      );
      expect(round.startsOn <= day && day <= round.endsOn && day < round.deadline).toBe(true);
      const login = await t2.http().post('/api/auth/login').send({ username: summary!.openList!.login, password: DEMO_PASSWORD });
      const contest = (await t2.http().get('/api/contests/current').set('Authorization', `Bearer ${login.body.accessToken}`)).body;
      const list = await t2.http().get(`/api/contests/${contest.id}/entrant-lists/${login.body.account.schoolId}`).set('Authorization', `Bearer ${login.body.accessToken}`);
      expect(list.status).toBe(200);
      expect(list.body).toMatchObject({ editable: true, deadlinePassed: false });
      // judge1 sees the demo panel only, ready to score today.
      const judge1 = await t2.http().post('/api/auth/login').send({ username: 'judge1', password: DEMO_PASSWORD });
      const mine = await t2.http().get('/api/judging/my/panels').set('Authorization', `Bearer ${judge1.body.accessToken}`);
      expect(mine.body.map((p: { code: string; state: string }) => [p.code, p.state])).toEqual([[summary!.panel!.code, 'open']]);
      // The completed earlier contest to browse.
      expect(summary?.awards?.contestCode).toBe(`C${Number(day.slice(0, 4)) - 1}`);
      await checkPastDraws(t2, summary!.awards!.contestCode);
      // district2 runs its draw ceremony now.
      await runDemoCeremony(t2, day);
    } finally {
      await t2.close();
    }
  }, 300_000);
});
