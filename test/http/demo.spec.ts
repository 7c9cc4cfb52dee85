/**
 * The demo contest loaded on the first start: a city, 3 districts, at least 30
 * schools (central and not, one in each district seat), at least 600 teachers with valid ID
 * numbers across subjects and ages, one account per role that can log in; a second start keeps
 * the data and loads nothing again.
 */
import { DemoService } from '../../src/demo/demo.service';
import { DEMO_PASSWORD } from '../../src/demo/demo-data';
import { checkIdNumber } from '../../src/domain/id-number';
import { defaultPreset } from '../../src/domain/preset';
import { createTestApp, TestApp } from '../support/app';

describe('demo contest', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 120_000);
  afterAll(async () => t?.close());

  const count = async (sql: string): Promise<number> => Number((await t.dataSource.query(sql))[0].n);

  it('loads a whole contest into an empty database, once', async () => {
    t.clock.set('2026-11-20T04:00:00.000Z'); // before the demo's preliminary deadline (2 December)
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
    expect(await count("SELECT COUNT(*) AS n FROM entrant_lists WHERE state = 'submitted'")).toBe(1);

    // Last year's completed contest: prizes and awards final, certificates anyone can verify.
    expect(first!.awards).toMatchObject({ contestCode: 'C2025' });
    expect(first!.awards!.certificates).toBeGreaterThan(10);
    expect(await count("SELECT COUNT(*) AS n FROM award_rounds WHERE state = 'final'")).toBe(4);
    expect(await count("SELECT COUNT(*) AS n FROM awards WHERE kind = 'team'")).toBeGreaterThan(0);
    const verified = await t.http().get(`/api/public/certificates/${first!.awards!.example}/verification`);
    expect(verified.status).toBe(200);
    expect(verified.body.contest).toBe('2025年全员培训·教学技能比赛');

    // A second start: nothing loaded again, the same data.
    const teachersBefore = await count('SELECT COUNT(*) AS n FROM teachers');
    const auditBefore = await count('SELECT COUNT(*) AS n FROM audit_entries');
    const second = await t.app.get(DemoService).seedIfEmpty();
    expect(second?.seededNow).toBe(false);
    expect(await count('SELECT COUNT(*) AS n FROM teachers')).toBe(teachersBefore);
    expect(await count('SELECT COUNT(*) AS n FROM audit_entries')).toBe(auditBefore);
  }, 120_000);

  it('skips the demo panel once the preliminary deadline has passed', async () => {
    const late = await createTestApp();
    try {
      late.clock.set('2026-12-10T04:00:00.000Z');
      const summary = await late.app.get(DemoService).seedIfEmpty();
      expect(summary?.seededNow).toBe(true);
      expect(summary?.panel).toBeNull();
      expect(Number((await late.dataSource.query('SELECT COUNT(*) AS n FROM panels p JOIN contests c ON c.id = p.contest_id WHERE c.year = 2026'))[0].n)).toBe(0);
    } finally {
      await late.close();
    }
  }, 120_000);
});
