/**
 * Round planning: plan preview and accept (replacing, refused after a score), judge pools (Excel
 * import all or nothing, scoped judge-account creation), automatic assignment, judge cards with
 * QR codes, scoring only on the round's dates (then after an extension), progress and problems.
 */
import ExcelJS from 'exceljs';
import { belongsOnPanel, conflictOf } from '../../src/domain/panels';
import { bearer, TEST_PASSWORD } from '../support/factories';
import { createJudgingWorld, enter, entrant, Headers, judge, JWorld } from './judging.support';

jest.setTimeout(120_000);

describe('round planning', () => {
  let w: JWorld;
  beforeAll(async () => {
    w = await createJudgingWorld();
  });
  afterAll(() => w.t.close());
  const http = () => w.t.http();

  /** A district of its own with two schools and its admin's login (each test plans its own). */
  async function district() {
    const d = (await w.f.district()).id;
    const a = (await w.f.school({ districtId: d })).id;
    const b = (await w.f.school({ districtId: d })).id;
    const c = (await w.f.school({ districtId: d })).id;
    return { d, a, b, c, h: bearer(await w.f.loginAs('district_admin', { districtId: d })) };
  }

  const sessions = [
    { date: '2025-11-20', time: '08:30', label: '上午' },
    { date: '2025-11-20', time: '14:00', label: '下午' },
  ];
  const planBody = (extra: Record<string, unknown>) => ({ contestId: w.contestId, round: 'semifinal', maxPanelSize: 4, sessions, rooms: ['101', '102'], ...extra });

  async function snapshot(): Promise<string> {
    const q = (s: string) => w.t.dataSource.query(s);
    const out: Record<string, unknown> = {};
    for (const t of ['panels', 'panel_judges', 'panel_contestants', 'round_plans', 'judge_pool_members', 'accounts', 'judge_links']) out[t] = await q(`SELECT * FROM ${t} ORDER BY id`);
    out.audit = await q('SELECT COUNT(*) AS n FROM audit_entries');
    return JSON.stringify(out);
  }

  async function refused(req: () => Promise<{ status: number; body: any }>, status: number, code: string) {
    const before = await snapshot();
    const res = await req();
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(await snapshot()).toEqual(before);
    return res.body;
  }

  it('a panel made by hand gets its subject, group, room and session on creation and by editing until its first score; its contestants follow the eligibility rule', async () => {
    const D = await district();
    const maths = [await entrant(w, D.a, { round: 'semifinal', subject: 'math' }), await entrant(w, D.b, { round: 'semifinal', subject: 'math' })];
    const chinese = await entrant(w, D.a, { round: 'semifinal', subject: 'chinese' });
    const senior = await entrant(w, D.a, { round: 'semifinal', subject: 'math', group: 'senior' });
    await entrant(w, w.s3, { round: 'semifinal', subject: 'math' }); // another district
    const create = (h: Headers, extra: Record<string, unknown>) =>
      http().post('/api/judging/panels').set(h).send({ contestId: w.contestId, code: `H-${D.d}-1`, round: 'semifinal', groupCode: 'primary-youth', session: '上午第一场', ...extra });
    const details = { subject: 'math', room: '301教室', sessionDate: '2025-11-20', sessionTime: '08:30' };

    // Bad details are refused naming the field; nothing is created.
    expect((await refused(() => create(D.h, { ...details, subject: 'astrology' }), 400, 'VALIDATION_FAILED')).details[0].field).toBe('subject');
    expect((await refused(() => create(D.h, { ...details, sessionDate: '2025-12-30' }), 400, 'SESSION_OUTSIDE_ROUND')).details[0].messageZh).toBe(
      '场次日期2025年12月30日不在复赛比赛日期（2025年11月17日至2025年11月28日）内',
    );
    expect((await refused(() => create(D.h, { subject: 'math', sessionTime: '08:30' }), 400, 'VALIDATION_FAILED')).details[0].field).toBe('sessionTime');
    await refused(() => create(D.h, { ...details, sessionTime: '25:00' }), 400, 'VALIDATION_FAILED');

    const made = await create(D.h, details);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ ...details, groupCode: 'primary-youth', session: '上午第一场', planId: null });
    const id = made.body.id;
    // Its contestants: exactly the round's entrants of that subject and group, in its district.
    const cands = await http().get(`/api/judging/panels/${id}/candidates`).set(D.h);
    expect(cands.body.map((c: { entrantId: number }) => c.entrantId).sort()).toEqual(maths.map((e) => e.id).sort());
    const wrong = await refused(() => http().post(`/api/judging/panels/${id}/contestants`).set(D.h).send({ entrantIds: [chinese.id] }), 409, 'ENTRANT_NOT_ELIGIBLE');
    expect(wrong.message).toContain('the panel judges math');
    await refused(() => http().post(`/api/judging/panels/${id}/contestants`).set(D.h).send({ entrantIds: [senior.id] }), 409, 'ENTRANT_NOT_ELIGIBLE');
    expect((await http().post(`/api/judging/panels/${id}/contestants`).set(D.h).send({ entrantIds: maths.map((e) => e.id) })).status).toBe(200);

    // Edited by its organiser only, before any score.
    const patch = (h: Headers, body: object) => http().patch(`/api/judging/panels/${id}`).set(h).send(body);
    await refused(() => patch(w.district2, { room: '302教室' }), 403, 'OUT_OF_SCOPE');
    // A school admin organises only its own preliminary panels: a district's panel is out of its scope.
    await refused(() => patch(w.school1, { room: '302教室' }), 403, 'OUT_OF_SCOPE');
    await refused(() => patch(D.h, {}), 400, 'NOTHING_TO_CHANGE');
    await refused(() => patch(D.h, { room: '301教室' }), 400, 'NOTHING_TO_CHANGE');
    await refused(() => patch(D.h, { sessionDate: '2025-11-29' }), 400, 'SESSION_OUTSIDE_ROUND');
    // Another subject or group would leave its two contestants on a panel they do not belong on.
    const misfit = await refused(() => patch(D.h, { subject: 'chinese' }), 409, 'ENTRANT_NOT_ELIGIBLE');
    expect(misfit.details.map((d: { message: string }) => d.message)).toEqual(maths.map((e) => expect.stringContaining(e.code)));
    await refused(() => patch(D.h, { groupCode: 'senior' }), 409, 'ENTRANT_NOT_ELIGIBLE');
    const edited = await patch(D.h, { room: '302教室', sessionDate: '2025-11-21', sessionTime: '14:00', session: '下午第一场' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ subject: 'math', room: '302教室', sessionDate: '2025-11-21', sessionTime: '14:00', session: '下午第一场' });
    const [entry] = await w.t.dataSource.query("SELECT before, after FROM audit_entries WHERE action = 'panel.update' ORDER BY seq DESC LIMIT 1");
    expect(JSON.parse(entry.after)).toEqual({ room: '302教室', sessionDate: '2025-11-21', sessionTime: '14:00', session: '下午第一场' });
    expect(JSON.parse(entry.before)).toEqual({ room: '301教室', sessionDate: '2025-11-20', sessionTime: '08:30', session: '上午第一场' });
    // The list shows it too.
    const listed = (await http().get(`/api/judging/panels?contestId=${w.contestId}&round=semifinal`).set(D.h)).body.find((p: { id: number }) => p.id === id);
    expect(listed).toMatchObject({ subject: 'math', room: '302教室', sessionDate: '2025-11-21', sessionTime: '14:00' });

    // After the first score: refused with a clear 409.
    const jd = await judge(w, { schoolId: D.c });
    expect((await http().post(`/api/judging/panels/${id}/judges`).set(D.h).send({ accountId: jd.id, isHead: true })).status).toBe(200);
    expect((await enter(w, jd.h, id, maths[0].id, [5, 5, 20, 40])).status).toBe(200);
    const late = await refused(() => patch(D.h, { room: '303教室' }), 409, 'PANEL_SCORED');
    expect(late.message).toMatch(/score sheet.*can no longer change/);
  });

  it('refuses a plan while entrants of its scope (withdrawn ones too) sit on panels made by hand, naming each in code order; other scopes’ do not count', async () => {
    const D = await district();
    const other = await district();
    /** Two math entrants of the school on a hand-made panel of the district; each with the panel's code. */
    const onHand = async (o: typeof D, schoolId: number, code: string) => {
      const es = [await entrant(w, schoolId, { round: 'semifinal', subject: 'math' }), await entrant(w, schoolId, { round: 'semifinal', subject: 'math' })];
      const made = await http().post('/api/judging/panels').set(o.h).send({ contestId: w.contestId, code, round: 'semifinal', groupCode: 'primary-youth', session: '上午第一场', subject: 'math' });
      expect(made.status).toBe(201);
      expect((await http().post(`/api/judging/panels/${made.body.id}/contestants`).set(o.h).send({ entrantIds: es.map((e) => e.id) })).status).toBe(200);
      return es.map((e) => ({ id: e.id, code: e.code, panel: code }));
    };
    const mine = [...(await onHand(D, D.a, `H-${D.d}-A`)), ...(await onHand(D, D.b, `H-${D.d}-B`))];
    await onHand(other, other.a, `H-${other.d}-A`);
    await entrant(w, D.c, { round: 'semifinal', subject: 'chinese' });
    // A withdrawn entrant still sits on his hand-made panel: the plan is refused for him too.
    await w.t.dataSource.query(`UPDATE round_entrants SET status = 'withdrawn' WHERE id = ${mine[3].id}`);
    const inOrder = [...mine].sort((x, y) => (x.code < y.code ? -1 : 1));
    const body = await refused(() => http().post('/api/planning/plan/accept').set(D.h).send(planBody({})), 409, 'ENTRANTS_ON_PANELS');
    expect(body.message).toBe(`Entrants of this scope already sit on panels made outside this plan: ${inOrder.map((e) => `${e.code} (${e.panel})`).join(', ')}`);
    expect(body.details.map((d: { rule: string; message: string }) => `${d.rule} ${d.message}`)).toEqual(inOrder.map((e) => `not-on-panel Entrant ${e.code} is on panel ${e.panel}`));
  });

  it('a plan’s panel keeps the plan’s subject and group (replanned instead); its room and session may change before a score', async () => {
    const D = await district();
    await entrant(w, D.a, { round: 'semifinal', subject: 'math' });
    expect((await http().post('/api/planning/plan/accept').set(D.h).send(planBody({}))).status).toBe(200);
    const [p] = await w.t.dataSource.query(`SELECT id FROM panels WHERE district_id = ${D.d} AND round = 'semifinal'`);
    const id = Number(p.id);
    await refused(() => http().patch(`/api/judging/panels/${id}`).set(D.h).send({ subject: 'chinese' }), 409, 'PANEL_PLANNED');
    const ok = await http().patch(`/api/judging/panels/${id}`).set(D.h).send({ room: '大会议室' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ subject: 'math', room: '大会议室', sessionDate: '2025-11-20', sessionTime: '08:30' });
  });

  it("the contest's merge rule: off by default (every group its own panel); the city sets it, the organisers see it; the preview shows the merged groups", async () => {
    const D = await district();
    for (let i = 0; i < 2; i++) await entrant(w, D.a, { round: 'semifinal', subject: 'math', group: 'primary-youth' });
    await entrant(w, D.b, { round: 'semifinal', subject: 'math', group: 'junior-youth' });
    for (let i = 0; i < 5; i++) await entrant(w, D.b, { round: 'semifinal', subject: 'math', group: 'senior' });
    const rule = (h: Headers) => http().get(`/api/planning/contests/${w.contestId}/merge-rule`).set(h);
    const setRule = (h: Headers, body: object) => http().put(`/api/planning/contests/${w.contestId}/merge-rule`).set(h).send(body);
    const groupsOf = async () => {
      const pv = await http().post('/api/planning/plan/preview').set(D.h).send(planBody({ maxPanelSize: 10 }));
      expect(pv.status).toBe(200);
      return pv.body.panels.map((p: { groupCodes: string[]; groupName: string; size: number }) => [p.groupCodes, p.groupName, p.size]);
    };

    const def = await rule(D.h);
    expect(def.status).toBe(200);
    expect(def.body).toMatchObject({ allowed: false, groups: [], editable: false });
    expect(def.body.contestGroups.map((g: { name: string }) => g.name)).toEqual(['小学青年组', '初中青年组', '中老年组']);
    expect((await rule(w.school1)).body.editable).toBe(false);
    expect((await rule(w.city)).body.editable).toBe(true);
    expect(await groupsOf()).toEqual([
      [['primary-youth'], '小学青年组', 2],
      [['junior-youth'], '初中青年组', 1],
      [['senior'], '中老年组', 5],
    ]);

    // Only the city sets it; bad rules are refused naming the field; nothing changes.
    const on = { allowed: true, below: 3, groups: [['primary-youth', 'junior-youth']] };
    await refused(() => setRule(D.h, on), 403, 'ROLE_FORBIDDEN');
    await refused(() => setRule(w.school1, on), 403, 'ROLE_FORBIDDEN');
    const badGroup = await refused(() => setRule(w.city, { allowed: true, below: 3, groups: [['primary-youth', 'kindergarten']] }), 400, 'VALIDATION_FAILED');
    expect(badGroup.details[0].field).toBe('groups.0.1');
    await refused(() => setRule(w.city, { allowed: true, below: 3, groups: [['senior']] }), 400, 'VALIDATION_FAILED');
    await refused(() => setRule(w.city, { allowed: true, below: 3, groups: [['senior', 'junior-youth'], ['junior-youth', 'primary-youth']] }), 400, 'VALIDATION_FAILED');
    await refused(() => setRule(w.city, { allowed: true, below: 3 }), 400, 'VALIDATION_FAILED');
    await refused(() => setRule(w.city, { allowed: true, below: 1, groups: [['primary-youth', 'junior-youth']] }), 400, 'VALIDATION_FAILED');
    await refused(() => setRule(w.city, { allowed: 'yes' }), 400, 'VALIDATION_FAILED');
    await refused(() => setRule(w.city, { allowed: true, below: 3, groups: 'primary-youth' }), 400, 'VALIDATION_FAILED');
    try {
      const set = await setRule(w.city, on);
      expect(set.status).toBe(200);
      expect(set.body).toMatchObject({ allowed: true, below: 3, groups: on.groups, groupNames: [['小学青年组', '初中青年组']] });
      const audit = await w.t.dataSource.query("SELECT after FROM audit_entries WHERE action = 'contest.merge-rule' ORDER BY seq DESC LIMIT 1");
      expect(JSON.parse(audit[0].after)).toEqual(on);
      await refused(() => setRule(w.city, on), 400, 'NOTHING_TO_CHANGE');
      expect((await rule(D.h)).body).toMatchObject({ allowed: true, below: 3, groupNames: [['小学青年组', '初中青年组']] });
      // The district's preview now merges the two small groups of mathematics; the senior group stays alone.
      expect(await groupsOf()).toEqual([
        [['primary-youth', 'junior-youth'], '小学青年组、初中青年组', 3],
        [['senior'], '中老年组', 5],
      ]);
    } finally {
      expect((await setRule(w.city, { allowed: false, below: 0, groups: [] })).status).toBe(200);
    }
    expect(await groupsOf()).toHaveLength(3);
  });

  it('previews a plan by subject × group with sizes and sessions (nothing stored), accepts it, and replaces it before any score', async () => {
    const D = await district();
    for (let i = 0; i < 7; i++) await entrant(w, i % 2 ? D.a : D.b, { round: 'semifinal', subject: 'math', group: 'primary-youth' });
    for (let i = 0; i < 3; i++) await entrant(w, D.a, { round: 'semifinal', subject: 'chinese', group: 'senior' });
    await entrant(w, D.a, { round: 'preliminary', subject: 'chinese', group: 'senior' }); // another round
    await entrant(w, w.s3, { round: 'semifinal', subject: 'math', group: 'primary-youth' }); // another district

    const before = await snapshot();
    const pv = await http().post('/api/planning/plan/preview').set(D.h).send(planBody({}));
    expect(pv.status).toBe(200);
    expect(await snapshot()).toEqual(before);
    expect(pv.body.entrants).toBe(10);
    expect(pv.body.problems).toEqual([]);
    expect(pv.body.panels.map((p: any) => [p.subjectName, p.groupName, p.size, p.session, p.room])).toEqual([
      ['语文', '中老年组', 3, '11月20日 08:30 上午', '101'],
      ['数学', '小学青年组', 4, '11月20日 14:00 下午', '101'],
      ['数学', '小学青年组', 3, '11月20日 08:30 上午', '102'],
    ]);
    expect(pv.body.replaces).toBe(false);

    const ok = await http().post('/api/planning/plan/accept').set(D.h).send(planBody({}));
    expect(ok.status).toBe(200);
    expect(ok.body.panels.map((p: any) => p.size)).toEqual([3, 4, 3]);
    const rows = await w.t.dataSource.query(`SELECT * FROM panels WHERE plan_id = ${ok.body.planId} ORDER BY code`);
    expect(rows.map((r: any) => [r.subject, r.group_code, r.room, r.session_date, r.session_time, Number(r.district_id)])).toEqual([
      ['chinese', 'senior', '101', '2025-11-20', '08:30', D.d],
      ['math', 'primary-youth', '101', '2025-11-20', '14:00', D.d],
      ['math', 'primary-youth', '102', '2025-11-20', '08:30', D.d],
    ]);
    // Every contestant is exactly an entrant of the panel's subject and group (the domain's eligibility rule).
    const placed = await w.t.dataSource.query(
      `SELECT p.subject AS ps, p.group_code AS pg, e.subject, e.group_code, e.district_id FROM panel_contestants pc JOIN panels p ON p.id = pc.panel_id JOIN round_entrants e ON e.id = pc.entrant_id WHERE p.plan_id = ${ok.body.planId}`,
    );
    expect(placed).toHaveLength(10);
    for (const r of placed) expect([r.subject, r.group_code, Number(r.district_id)]).toEqual([r.ps, r.pg, D.d]);
    const audit = await w.t.dataSource.query("SELECT action FROM audit_entries WHERE action LIKE 'round_plan.%'");
    expect(audit.map((a: any) => a.action)).toContain('round_plan.accept');

    // Replanning before any score replaces the plan.
    const again = await http().post('/api/planning/plan/accept').set(D.h).send(planBody({ maxPanelSize: 10 }));
    expect(again.status).toBe(200);
    expect(again.body.replaced).toBe(3);
    expect(again.body.panels.map((p: any) => p.size)).toEqual([3, 7]);
    expect((await w.t.dataSource.query(`SELECT id FROM panels WHERE id IN (${ok.body.panels.map((p: any) => p.id).join(',')})`)).length).toBe(0);
  });

  it('a panel’s candidates (SQL) are exactly the entrants the domain’s eligibility rule admits', async () => {
    const D = await district();
    await entrant(w, D.a, { round: 'semifinal', subject: 'math', group: 'primary-youth' });
    const acc = await http().post('/api/planning/plan/accept').set(D.h).send(planBody({}));
    const pid = acc.body.panels[0].id;
    const groups = ['primary-youth', 'senior'] as const;
    for (const school of [D.a, D.b, w.s3]) {
      for (const subject of ['math', 'chinese']) {
        for (const group of groups) for (const round of ['semifinal', 'preliminary'] as const) await entrant(w, school, { round, subject, group });
      }
    }
    await w.t.dataSource.query(`UPDATE round_entrants SET status = 'withdrawn' WHERE id = (SELECT MAX(id) FROM round_entrants WHERE school_id = ${D.b} AND round = 'semifinal' AND subject = 'math' AND group_code = 'primary-youth')`);
    const [p] = await w.t.dataSource.query(`SELECT * FROM panels WHERE id = ${pid}`);
    const scope = { contestId: w.contestId, round: 'semifinal' as const, subject: p.subject, groupCode: p.group_code, schoolId: null, districtId: Number(p.district_id) };
    const all = await w.t.dataSource.query('SELECT e.*, pc.id AS pc FROM round_entrants e LEFT JOIN panel_contestants pc ON pc.entrant_id = e.id');
    const expected = all
      .filter((e: any) => e.pc === null && belongsOnPanel(scope, { contestId: Number(e.contest_id), round: e.round, subject: e.subject, groupCode: e.group_code, status: e.status, schoolId: Number(e.school_id), districtId: Number(e.district_id) }))
      .map((e: any) => Number(e.id))
      .sort((a: number, b: number) => a - b);
    const got = await http().get(`/api/judging/panels/${pid}/candidates`).set(D.h);
    expect(got.status).toBe(200);
    expect(got.body.map((c: any) => c.entrantId).sort((a: number, b: number) => a - b)).toEqual(expected);
    expect(expected).toHaveLength(1); // the new math primary-youth semi-finalist of D.a (D.b's withdrew)
  });

  it('refuses plans outside the organiser’s scope, sessions outside the round’s dates and too few rooms, changing nothing', async () => {
    const D = await district();
    await entrant(w, D.a, { round: 'semifinal' });
    await refused(() => http().post('/api/planning/plan/accept').set(w.school1).send(planBody({ districtId: D.d })), 403, 'OUT_OF_SCOPE');
    await refused(() => http().post('/api/planning/plan/accept').set(w.district1).send(planBody({ districtId: D.d })), 403, 'OUT_OF_SCOPE');
    await refused(() => http().post('/api/planning/plan/accept').set(D.h).send(planBody({ round: 'final' })), 403, 'OUT_OF_SCOPE');
    const out = await refused(() => http().post('/api/planning/plan/accept').set(D.h).send(planBody({ sessions: [{ date: '2025-12-01', time: '08:30' }] })), 400, 'SESSION_OUTSIDE_ROUND');
    expect(out.details[0].field).toBe('sessions.0.date');
    expect(out.message).toContain('2025-11-17 to 2025-11-28');
    await refused(() => http().post('/api/planning/plan/accept').set(D.h).send(planBody({ sessions: [{ date: '2025-11-20', time: '25:00' }] })), 400, 'VALIDATION_FAILED');
    for (let i = 0; i < 9; i++) await entrant(w, D.b, { round: 'semifinal' });
    const rooms = await refused(() => http().post('/api/planning/plan/accept').set(D.h).send(planBody({ maxPanelSize: 2, sessions: [sessions[0]], rooms: ['101'] })), 400, 'INVALID_PLAN');
    expect(rooms.details[0].rule).toBe('rooms');
  });

  it('imports a judge pool from Excel all or nothing, every bad row named; then auto-assigns without conflicts, a head each', async () => {
    const D = await district();
    for (let i = 0; i < 8; i++) await entrant(w, i % 2 ? D.a : D.b, { round: 'semifinal', subject: 'math' });
    expect((await http().post('/api/planning/plan/accept').set(D.h).send(planBody({}))).status).toBe(200);
    const schoolCode = (await w.t.dataSource.query(`SELECT code FROM schools WHERE id = ${D.a}`))[0].code;
    const schoolName = (await w.t.dataSource.query(`SELECT name FROM schools WHERE id = ${D.c}`))[0].name;

    const sheet = async (rows: (string | number)[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('评委名单');
      ws.addRow(['姓名', '手机号', '学校', '可评学科']);
      rows.forEach((r) => ws.addRow(r));
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const upload = (buf: Buffer) =>
      http().post(`/api/planning/pool/upload?contestId=${w.contestId}&round=semifinal&districtId=${D.d}`).set(D.h).attach('file', buf, 'judges.xlsx');
    const bad = await refused(
      async () =>
        upload(
          await sheet([
            ['王评委', '13900000001', schoolCode, '数学'],
            ['', '13900000002', '', ''],
            ['李评委', '1390000', '', ''],
            ['赵评委', '13900000001', '', ''],
            ['钱评委', '13900000005', '不存在的学校', ''],
            ['孙评委', '13900000006', '', '天文'],
          ]),
        ),
      400,
      'INVALID_ROWS',
    );
    expect(bad.details.map((d: any) => [d.row, d.column])).toEqual([
      [3, '姓名'],
      [4, '手机号'],
      [5, '手机号'],
      [6, '学校'],
      [7, '可评学科'],
    ]);
    expect(bad.details[2].messageZh).toContain('第2行');

    const good: (string | number)[][] = [['王评委', 13900000001, schoolCode, '数学']];
    for (let i = 2; i <= 11; i++) good.push([`评委${i}`, `139000000${String(i).padStart(2, '0')}`, i % 3 ? '' : schoolName, i % 2 ? '数学、语文' : '']);
    const imported = await upload(await sheet(good));
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ rows: 11, created: 11, updated: 0 });
    const pool = await http().get(`/api/planning/pool?contestId=${w.contestId}&round=semifinal&districtId=${D.d}`).set(D.h);
    expect(pool.body.members).toHaveLength(11);
    expect(pool.body.members[0]).toMatchObject({ displayName: '王评委', phone: '13900000001', schoolId: D.a, subjects: ['math'] });
    // A second import updates the same accounts.
    expect((await upload(await sheet(good.slice(0, 2)))).body).toMatchObject({ created: 0, updated: 2 });

    const a = await http().post('/api/planning/assign').set(D.h).send({ contestId: w.contestId, round: 'semifinal', districtId: D.d });
    expect(a.status).toBe(200);
    expect(a.body.panelSize).toBe(5);
    expect(a.body.unfilled).toEqual([]);
    const seats = await w.t.dataSource.query(
      `SELECT pj.panel_id, pj.is_head, a.school_id, a.district_id FROM panel_judges pj JOIN panels p ON p.id = pj.panel_id JOIN accounts a ON a.id = pj.account_id WHERE p.district_id = ${D.d}`,
    );
    const panels = await w.t.dataSource.query(`SELECT id FROM panels WHERE district_id = ${D.d} AND round = 'semifinal'`);
    for (const p of panels) {
      const mine = seats.filter((s: any) => Number(s.panel_id) === Number(p.id));
      expect(mine).toHaveLength(5);
      expect(mine.filter((s: any) => !!s.is_head)).toHaveLength(1);
      const es = await w.t.dataSource.query(`SELECT e.school_id, e.district_id FROM panel_contestants pc JOIN round_entrants e ON e.id = pc.entrant_id WHERE pc.panel_id = ${p.id}`);
      for (const s of mine) {
        for (const e of es) {
          const judgeParty = { schoolId: s.school_id === null ? null : Number(s.school_id), districtId: s.district_id === null ? null : Number(s.district_id) };
          expect(conflictOf(judgeParty, { schoolId: Number(e.school_id), districtId: Number(e.district_id) }, 'semifinal')).toBeNull();
        }
      }
    }
  });

  it('reports a panel that a pool too small cannot fill, with the reason', async () => {
    const D = await district();
    await entrant(w, D.a, { round: 'semifinal', subject: 'english' });
    expect((await http().post('/api/planning/plan/accept').set(D.h).send(planBody({}))).status).toBe(200);
    const j1 = await w.f.account('judge', { schoolId: D.a });
    const j2 = await w.f.account('judge', { schoolId: D.b });
    expect((await http().post('/api/planning/pool/accounts').set(D.h).send({ contestId: w.contestId, round: 'semifinal', accountIds: [j1.id, j2.id] })).status).toBe(200);
    const a = await http().post('/api/planning/assign').set(D.h).send({ contestId: w.contestId, round: 'semifinal' });
    expect(a.body.seated).toBe(1);
    expect(a.body.unfilled).toHaveLength(1);
    expect(a.body.unfilled[0]).toMatchObject({ needed: 5, found: 1 });
    expect(a.body.unfilled[0].messageZh).toContain('1人需回避');
  });

  it('creates judge accounts only in the organiser’s own scope', async () => {
    const body = (extra: Record<string, unknown>) => ({ contestId: w.contestId, username: `j-${Math.random().toString(36).slice(2, 10)}`, displayName: '评委', password: TEST_PASSWORD, ...extra });
    const mk = (h: Headers, extra: Record<string, unknown>) => http().post('/api/planning/pool/judges').set(h).send(body(extra));
    const own = await mk(w.school1, { round: 'preliminary' });
    expect(own.status).toBe(201);
    const login = await http().post('/api/auth/login').send({ username: own.body.username, password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    expect((await http().get('/api/auth/me').set(bearer(login.body.accessToken))).body.role).toBe('judge');
    expect((await mk(w.district1, { round: 'semifinal', judgeSchoolId: w.s3 })).status).toBe(201);
    expect((await mk(w.city, { round: 'final' })).status).toBe(201);
    expect((await mk(w.city, { round: 'preliminary', schoolId: w.s2 })).status).toBe(201);

    await refused(() => mk(w.school1, { round: 'semifinal' }), 403, 'OUT_OF_SCOPE');
    await refused(() => mk(w.school1, { round: 'preliminary', schoolId: w.s2 }), 403, 'OUT_OF_SCOPE');
    await refused(() => mk(w.district1, { round: 'final' }), 403, 'OUT_OF_SCOPE');
    await refused(() => mk(w.district1, { round: 'semifinal', districtId: w.d2 }), 403, 'OUT_OF_SCOPE');
    await refused(() => mk(w.district1, { round: 'preliminary', schoolId: w.s1 }), 403, 'OUT_OF_SCOPE');
    const j = await judge(w);
    await refused(() => mk(j.h, { round: 'preliminary', schoolId: w.s1 }), 403, 'ROLE_FORBIDDEN');
    await refused(() => mk(w.school1, { round: 'preliminary', password: 'short' }), 400, 'VALIDATION_FAILED');
  });

  it('scores only on the round’s dates; the organiser extends with a reason; replanning is refused after the first score; cards carry working links', async () => {
    const D = await district();
    const es = [];
    for (let i = 0; i < 3; i++) es.push(await entrant(w, D.a, { round: 'semifinal', subject: 'math' }));
    expect((await http().post('/api/planning/plan/accept').set(D.h).send(planBody({}))).status).toBe(200);
    const judges = [];
    for (let i = 0; i < 5; i++) judges.push(await judge(w, { schoolId: i < 4 ? D.b : D.c }));
    expect((await http().post('/api/planning/pool/accounts').set(D.h).send({ contestId: w.contestId, round: 'semifinal', accountIds: judges.map((j) => j.id) })).status).toBe(200);
    expect((await http().post('/api/planning/assign').set(D.h).send({ contestId: w.contestId, round: 'semifinal' })).body.unfilled).toEqual([]);
    const [panel] = await w.t.dataSource.query(`SELECT id FROM panels WHERE district_id = ${D.d} AND round = 'semifinal'`);
    const pid = Number(panel.id);

    // Cards: one per judge with the link and its QR code.
    const cards = await http().post('/api/planning/cards').set(D.h).send({ contestId: w.contestId, round: 'semifinal', baseUrl: 'http://127.0.0.1:3180' });
    expect(cards.status).toBe(200);
    expect(cards.body.cards).toHaveLength(5);
    const card = cards.body.cards[0];
    expect(card).toMatchObject({ subjectName: '数学', groupName: '小学青年组', room: '101', session: '2025年11月20日 08:30', isHead: true });
    expect(card.qrSvg).toMatch(/^<svg/);
    const token = card.url.split('#k=')[1];
    const L = { 'X-Judge-Link': token };

    // Outside the round's dates: refused, naming the window.
    w.t.clock.set('2025-11-29T02:00:00.000Z');
    const late = await enter(w, L, pid, es[0].id, [5, 5, 20, 40]);
    expect({ status: late.status, code: late.body.code }).toEqual({ status: 409, code: 'OUTSIDE_ROUND_DATES' });
    expect(late.body.message).toContain('from 2025-11-17 to 2025-11-28');
    expect(late.body.details[0].message).toBe('复赛评分日期为2025年11月17日至2025年11月28日，今天不在其中');
    await refused(() => http().post('/api/planning/scoring-extension').set(w.district2).send({ contestId: w.contestId, round: 'semifinal', districtId: D.d, until: '2025-11-30', reason: '停电' }), 403, 'OUT_OF_SCOPE');
    await refused(() => http().post('/api/planning/scoring-extension').set(D.h).send({ contestId: w.contestId, round: 'semifinal', until: '2025-11-28', reason: '停电' }), 400, 'INVALID_SCORING_EXTENSION');
    await refused(() => http().post('/api/planning/scoring-extension').set(D.h).send({ contestId: w.contestId, round: 'semifinal', until: '2025-11-30' }), 400, 'VALIDATION_FAILED');
    const ext = await http().post('/api/planning/scoring-extension').set(D.h).send({ contestId: w.contestId, round: 'semifinal', until: '2025-11-30', reason: '停电顺延' });
    expect(ext.status).toBe(200);
    expect(ext.body.panelIds).toEqual([pid]);
    const audit = await w.t.dataSource.query("SELECT after FROM audit_entries WHERE action = 'panel.scoring.extend'");
    expect(audit[audit.length - 1].after).toContain('停电顺延');
    expect((await enter(w, L, pid, es[0].id, [5, 5, 20, 40])).status).toBe(200);
    w.t.clock.set('2025-12-01T02:00:00.000Z');
    expect((await enter(w, L, pid, es[1].id, [5, 5, 20, 40])).body.code).toBe('OUTSIDE_ROUND_DATES');
    w.t.clock.set('2025-11-20T02:00:00.000Z');

    // After the first score the plan can no longer be replaced.
    const pv = await http().post('/api/planning/plan/preview').set(D.h).send(planBody({}));
    expect(pv.body.started).toBe(true);
    await refused(() => http().post('/api/planning/plan/accept').set(D.h).send(planBody({ maxPanelSize: 1 })), 409, 'PLAN_STARTED');

    // Progress: the panel with its sheets, the judges who have not started; a problem until handled.
    const prob = await http().post(`/api/planning/panels/${pid}/problems`).set(L).send({ kind: 'device', note: '平板没电' });
    expect(prob.status).toBe(201);
    const prog = await http().get(`/api/planning/progress?contestId=${w.contestId}&round=semifinal&districtId=${D.d}`).set(D.h);
    expect(prog.status).toBe(200);
    expect(prog.body.panels[0]).toMatchObject({ panelId: pid, judges: 5, contestants: 3, expected: 15, submitted: 1, locked: false, openProblems: 1 });
    expect(prog.body.panels[0].notStarted).toHaveLength(4);
    expect(prog.body.problems[0]).toMatchObject({ kindName: '设备故障', note: '平板没电' });
    const headProblems = await http().get(`/api/planning/panels/${pid}/problems`).set(L);
    expect(headProblems.body).toHaveLength(1);
    const other = { 'X-Judge-Link': cards.body.cards[1].url.split('#k=')[1] };
    expect((await http().get(`/api/planning/panels/${pid}/problems`).set(other)).body.code).toBe('NOT_HEAD_JUDGE');
    expect((await http().post(`/api/planning/problems/${prob.body.id}/handled`).set(D.h)).status).toBe(200);
    expect((await http().get(`/api/planning/progress?contestId=${w.contestId}&round=semifinal&districtId=${D.d}`).set(D.h)).body.problems).toEqual([]);

    // Revoking a card's link invalidates the card; printing again revokes the earlier cards.
    expect((await http().post(`/api/judging/links/${cards.body.cards[1].linkId}/revoke`).set(D.h)).status).toBe(200);
    expect((await http().get('/api/judging/my/panels').set(other)).status).toBe(401);
    const reprint = await http().post('/api/planning/cards').set(D.h).send({ contestId: w.contestId, round: 'semifinal', baseUrl: 'http://127.0.0.1:3180' });
    expect(reprint.status).toBe(200);
    expect((await http().get('/api/judging/my/panels').set(L)).status).toBe(401);
    expect((await http().get('/api/judging/my/panels').set({ 'X-Judge-Link': reprint.body.cards[0].url.split('#k=')[1] })).status).toBe(200);
  });

  it('changes one panel’s judges in one call, refusing a conflict; the city sees every district’s stage', async () => {
    const D = await district();
    await entrant(w, D.a, { round: 'semifinal', subject: 'math' });
    const acc = await http().post('/api/planning/plan/accept').set(D.h).send(planBody({}));
    const pid = acc.body.panels[0].id;
    const ok = [await w.f.account('judge', { schoolId: D.b }), await w.f.account('judge', { schoolId: D.c })];
    const bad = await w.f.account('judge', { schoolId: D.a });
    const res = await http().put(`/api/planning/panels/${pid}/judges`).set(D.h).send({ add: [{ accountId: ok[0].id, isHead: true }, { accountId: ok[1].id }] });
    expect(res.status).toBe(200);
    expect(res.body.judges.map((j: any) => [j.accountId, j.isHead])).toEqual([
      [ok[0].id, true],
      [ok[1].id, false],
    ]);
    await refused(() => http().put(`/api/planning/panels/${pid}/judges`).set(D.h).send({ add: [{ accountId: bad.id }] }), 409, 'JUDGE_CONFLICT');
    await refused(() => http().put(`/api/planning/panels/${pid}/judges`).set(D.h).send({ add: [{ accountId: bad.id }], remove: [ok[0].id] }), 409, 'JUDGE_CONFLICT');
    await refused(() => http().put(`/api/planning/panels/${pid}/judges`).set(w.district2).send({ remove: [ok[0].id] }), 403, 'OUT_OF_SCOPE');
    const rm = await http().put(`/api/planning/panels/${pid}/judges`).set(D.h).send({ remove: [ok[0].id, ok[1].id] });
    expect(rm.body.judges).toEqual([]);

    const city = await http().get(`/api/planning/contests/${w.contestId}/districts`).set(w.city);
    expect(city.status).toBe(200);
    const row = city.body.districts.find((d: any) => d.districtId === D.d);
    expect(row).toMatchObject({ schools: 3, semifinalPanels: 1, stage: '复赛评分中' });
    expect(row.districtName).toMatch(/^区/);
    expect((await http().get(`/api/planning/contests/${w.contestId}/districts`).set(D.h)).status).toBe(403);
  });

  it('plan accept, replacement and auto-assignment twice at once: one wins; on PostgreSQL the other gets 409 and writes nothing', async () => {
    const D = await district();
    for (let i = 0; i < 3; i++) await entrant(w, D.a, { round: 'semifinal', subject: 'math' });
    const audit = async (action: string) => Number((await w.t.dataSource.query(`SELECT COUNT(*) AS n FROM audit_entries WHERE action = '${action}'`))[0].n);
    const pg = w.t.dataSource.options.type === 'postgres';
    const twice = async (send: () => Promise<{ status: number; body: any }>) => (await Promise.all([send(), send()])).sort((a, b) => a.status - b.status);
    const [acc0, replace0] = [await audit('round_plan.accept'), await audit('round_plan.replace')];
    const accept = () => http().post('/api/planning/plan/accept').set(D.h).send(planBody({}));
    // Either the two overlap (PostgreSQL: the loser's plan changed under it, 409 PLAN_CHANGED, and it
    // writes nothing; SQLite runs them one after the other), or the machine serialises them and the
    // second replaces the first: in both cases one accept, and a 200 only for a write audited.
    const expectOneWins = async (pair: { status: number; body: any }[], accepts: number, replaces: number) => {
      expect(pair[0].status).toBe(200);
      if (pair[1].status === 409) {
        expect(pg).toBe(true);
        expect(pair[1].body.code).toBe('PLAN_CHANGED');
        expect([await audit('round_plan.accept'), await audit('round_plan.replace')]).toEqual([accepts, replaces]);
      } else {
        expect(pair[1].status).toBe(200);
        expect([await audit('round_plan.accept'), await audit('round_plan.replace')]).toEqual([accepts, replaces + 1]);
      }
    };
    const first = await twice(accept);
    await expectOneWins(first, acc0 + 1, replace0);
    const replaced = await audit('round_plan.replace');
    const again = await twice(accept);
    // Both are replacements now: one at least (the other one too when they did not overlap).
    await expectOneWins(again, acc0 + 1, replaced + 1);
    const panels = await w.t.dataSource.query(`SELECT id FROM panels WHERE district_id = ${D.d} AND round = 'semifinal'`);
    expect(panels).toHaveLength(1);
    const judges = [];
    for (let i = 0; i < 5; i++) judges.push(await judge(w, { schoolId: D.b }));
    expect((await http().post('/api/planning/pool/accounts').set(D.h).send({ contestId: w.contestId, round: 'semifinal', accountIds: judges.map((j) => j.id) })).status).toBe(200);
    const assigned0 = await audit('panel.judges.auto_assign');
    const assign = await twice(() => http().post('/api/planning/assign').set(D.h).send({ contestId: w.contestId, round: 'semifinal' }));
    expect(assign.map((r) => r.status)).toEqual([200, 409]);
    expect(assign[1].body.code).toBe('ALREADY_ASSIGNED');
    expect(await audit('panel.judges.auto_assign')).toBe(assigned0 + 1);
    const seats = await w.t.dataSource.query(`SELECT pj.account_id, pj.is_head FROM panel_judges pj WHERE pj.panel_id = ${Number(panels[0].id)}`);
    expect(seats).toHaveLength(5);
    expect(seats.filter((s: any) => !!s.is_head)).toHaveLength(1);
  });
});
