/**
 * The preliminary entrant list: derived from the registry, submitted (locks it, writes
 * round_entrants), reopened before the deadline, refused after it, extended by the district;
 * the district's overview and the printable copy. Every refusal is checked to change nothing.
 */
import { ContestsService } from '../../src/contests/contests.service';
import { auth, createWorld, expectRefused, HttpAnswer, id, setToday, World } from './entrants.support';
import { TEST_ACTOR } from '../support/factories';

describe('entrant lists', () => {
  let w: World;
  let ids: Record<string, number>;
  const listUrl = () => `/api/contests/${w.contestId}/entrant-lists/${w.schoolId}`;
  const get = (token: string, url = listUrl()) => w.t.http().get(url).set(auth(token));
  const post = (token: string, url: string, body?: object) => w.t.http().post(url).set(auth(token)).send(body ?? {});

  const refused = (req: () => Promise<HttpAnswer>, status: number, code: string) => expectRefused(w.t, req, status, code);

  beforeAll(async () => {
    w = await createWorld();
    const f = w.f;
    ids = {
      youth: (await f.teacher({ schoolId: w.schoolId, name: '青年甲', idNumber: id('19900315', 1), subject: 'chinese' })).id,
      cutoff: (await f.teacher({ schoolId: w.schoolId, name: '青年乙', idNumber: id('19800101', 2, false), subject: 'math' })).id,
      senior: (await f.teacher({ schoolId: w.schoolId, name: '中年丙', idNumber: id('19791231', 3), subject: 'math' })).id,
      transferred: (await f.teacher({ schoolId: w.schoolId, name: '调出丁', idNumber: id('19850101', 4), transferredToSeat: true })).id,
      prize: (
        await f.teacher({
          schoolId: w.schoolId,
          name: '获奖戊',
          idNumber: id('19880808', 5),
          priorAwards: [{ year: 2022, level: 'county', prize: 'first' }],
        })
      ).id,
      oldPrize: (
        await f.teacher({
          schoolId: w.schoolId,
          name: '旧奖己',
          idNumber: id('19880809', 6),
          priorAwards: [{ year: 2020, level: 'city', prize: 'first' }],
        })
      ).id,
    };
  });
  afterAll(() => w.t.close());

  it('derives the list from the registry: entrants with groups from the ID number, exclusions with their rule', async () => {
    const res = await get(w.schoolToken);
    expect(res.status).toBe(200);
    const byId = new Map(res.body.entries.map((e: { teacherId: number }) => [e.teacherId, e]));
    expect(byId.get(ids.youth)).toMatchObject({ status: 'entrant', group: 'primary-youth', groupName: '小学青年组', subject: 'chinese', subjectName: '语文', code: 'T' + String(ids.youth).padStart(6, '0') });
    // Born on the cut-off day 1980-01-01 is youth (inclusive); 1979-12-31 is not.
    expect(byId.get(ids.cutoff)).toMatchObject({ status: 'entrant', group: 'primary-youth' });
    expect(byId.get(ids.senior)).toMatchObject({ status: 'entrant', group: 'senior', groupName: '中老年组' });
    expect(byId.get(ids.transferred)).toMatchObject({ status: 'excluded', code: null, exclusions: [{ code: 'transferred-to-district-seat' }] });
    expect(byId.get(ids.prize)).toMatchObject({ status: 'excluded', exclusions: [{ code: 'recent-first-prize' }] });
    // A first prize of 2020 is outside the five years 2021–2025.
    expect(byId.get(ids.oldPrize)).toMatchObject({ status: 'entrant' });
    expect(res.body.counts).toEqual({
      teachers: 6,
      entrants: 4,
      excluded: 2,
      exempted: 0,
      notSubmitted: 0,
      byGroup: { 'primary-youth': 3, 'junior-youth': 0, senior: 1 },
    });
    expect(res.body).toMatchObject({ state: 'not-started', deadline: '2025-12-02', today: '2025-11-20', editable: true, deadlinePassed: false });
    // The school sees its own teachers' ID numbers in full.
    expect(byId.get(ids.youth)).toMatchObject({ idNumber: id('19900315', 1) });
  });

  it('excludes every teacher of a district-seat school, and groups junior and nine-year teachers by their stage', async () => {
    const seat = await w.f.school({ districtId: w.districtId, inDistrictSeat: true });
    await w.f.teacher({ schoolId: seat.id, idNumber: id('19920101', 7) });
    const junior = await w.f.school({ districtId: w.districtId, stage: 'junior' });
    await w.f.teacher({ schoolId: junior.id, idNumber: id('19920102', 8), subject: 'physics' });
    const nine = await w.f.school({ districtId: w.districtId, stage: 'nine-year' });
    await w.f.teacher({ schoolId: nine.id, idNumber: id('19920103', 9), stage: 'junior' });
    await w.f.teacher({ schoolId: nine.id, idNumber: id('19920104', 10), stage: 'primary' });

    const s = await get(w.districtToken, `/api/contests/${w.contestId}/entrant-lists/${seat.id}`);
    expect(s.body.entries).toEqual([expect.objectContaining({ status: 'excluded', exclusions: [expect.objectContaining({ code: 'district-seat-school', reason: '所在学校位于区政府所在地' })] })]);
    const j = await get(w.districtToken, `/api/contests/${w.contestId}/entrant-lists/${junior.id}`);
    expect(j.body.entries[0]).toMatchObject({ group: 'junior-youth', groupName: '初中青年组', subjectName: '物理' });
    const n = await get(w.districtToken, `/api/contests/${w.contestId}/entrant-lists/${nine.id}`);
    expect(n.body.counts.byGroup).toEqual({ 'primary-youth': 1, 'junior-youth': 1, senior: 0 });
  });

  it('shows lists only within scope', async () => {
    expect((await get(w.districtToken)).status).toBe(200);
    expect((await get(w.cityToken)).status).toBe(200);
    expect((await get(w.cityToken)).body.entries[0].idNumber).not.toContain('*');
    const other = await get(w.otherDistrictToken);
    expect([other.status, other.body.code]).toEqual([403, 'OUT_OF_SCOPE']);
    const otherSchool = await get(w.school2Token);
    expect([otherSchool.status, otherSchool.body.code]).toEqual([403, 'OUT_OF_SCOPE']);
    const judge = await get(w.judgeToken);
    expect([judge.status, judge.body.code]).toEqual([403, 'ROLE_FORBIDDEN']);
    expect((await w.t.http().get(listUrl())).status).toBe(401);
    const missing = await get(w.cityToken, `/api/contests/${w.contestId}/entrant-lists/9999`);
    expect([missing.status, missing.body.code]).toEqual([404, 'SCHOOL_NOT_FOUND']);
    const noContest = await get(w.cityToken, `/api/contests/999/entrant-lists/${w.schoolId}`);
    expect([noContest.status, noContest.body.code]).toEqual([404, 'CONTEST_NOT_FOUND']);
  });

  it('refuses to submit a school without teachers, and refuses submission by anyone but the school', async () => {
    await refused(() => post(w.school2Token, `/api/contests/${w.contestId}/entrant-lists/${w.otherSchoolId}/submit`), 409, 'LIST_EMPTY');
    await refused(() => post(w.districtToken, `${listUrl()}/submit`), 403, 'ROLE_FORBIDDEN');
    await refused(() => post(w.school2Token, `${listUrl()}/submit`), 403, 'OUT_OF_SCOPE');
    await refused(() => post(w.schoolToken, `${listUrl()}/reopen`), 409, 'LIST_NOT_SUBMITTED');
  });

  it('submits: writes the preliminary entrants, locks the list, audits', async () => {
    const res = await post(w.schoolToken, `${listUrl()}/submit`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'submitted', submissions: 1, editable: false, submittedAt: '2025-11-20T02:00:00.000Z' });
    const rows = await w.t.dataSource.query(
      `SELECT teacher_id, code, school_id, district_id, subject, group_code, source, status FROM round_entrants
       WHERE contest_id = ${w.contestId} AND round = 'preliminary' ORDER BY teacher_id`,
    );
    expect(rows.map((r: { teacher_id: number }) => Number(r.teacher_id))).toEqual([ids.youth, ids.cutoff, ids.senior, ids.oldPrize].sort((a, b) => a - b));
    expect(rows[0]).toMatchObject({ code: 'T' + String(ids.youth).padStart(6, '0'), subject: 'chinese', group_code: 'primary-youth', source: 'all-staff', status: 'active' });
    expect(Number(rows[0].district_id)).toBe(w.districtId);
    const audit = await w.t.dataSource.query("SELECT actor, after FROM audit_entries WHERE action = 'entrant_list.submit'");
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].after).entrants).toHaveLength(4);
  });

  it('refuses every change of a submitted list with LIST_LOCKED (registry edits by the school included)', async () => {
    await refused(() => post(w.schoolToken, `${listUrl()}/submit`), 409, 'LIST_LOCKED');
    await refused(
      () => post(w.schoolToken, '/api/teachers', { name: '新教师', idNumber: id('19950505', 11), subject: 'math', schoolId: w.schoolId }),
      409,
      'LIST_LOCKED',
    );
    await refused(() => w.t.http().patch(`/api/teachers/${ids.youth}`).set(auth(w.schoolToken)).send({ name: '改名' }), 409, 'LIST_LOCKED');
    await refused(
      () => post(w.schoolToken, `/api/contests/${w.contestId}/exemptions`, { teacherId: ids.senior, kind: 'health', note: '病休' }),
      409,
      'LIST_LOCKED',
    );
    // Another school of the district is not affected.
    const other = await post(w.school2Token, '/api/teachers', { name: '他校教师', idNumber: id('19950506', 12), subject: 'math', schoolId: w.otherSchoolId });
    expect(other.status).toBe(201);
  });

  it('reopens before the deadline (entrants removed) and resubmits (entrants rewritten)', async () => {
    const reopened = await post(w.schoolToken, `${listUrl()}/reopen`);
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ state: 'draft', editable: true });
    expect(await w.t.dataSource.query(`SELECT id FROM round_entrants WHERE school_id = ${w.schoolId}`)).toEqual([]);
    // Open again: the school changes a teacher's subject, then resubmits.
    const patched = await w.t.http().patch(`/api/teachers/${ids.senior}`).set(auth(w.schoolToken)).send({ subject: 'english' });
    expect(patched.status).toBe(200);
    const again = await post(w.schoolToken, `${listUrl()}/submit`);
    expect(again.body).toMatchObject({ state: 'submitted', submissions: 2 });
    const rows = await w.t.dataSource.query(`SELECT subject FROM round_entrants WHERE teacher_id = ${ids.senior}`);
    expect(rows).toEqual([{ subject: 'english' }]);
    const actions = await w.t.dataSource.query("SELECT action FROM audit_entries WHERE entity_type = 'entrant_list' ORDER BY seq");
    expect(actions.map((a: { action: string }) => a.action)).toEqual(['entrant_list.submit', 'entrant_list.reopen', 'entrant_list.submit']);
  });

  it('keeps the submitted entrants when the district changes the registry afterwards', async () => {
    // The district (the level above) is not bound by the school's lock; the submitted list stays as submitted.
    const added = await post(w.districtToken, '/api/teachers', { name: '区补录', idNumber: id('19960101', 13), subject: 'math', schoolId: w.schoolId });
    expect(added.status).toBe(201);
    const v = await get(w.schoolToken);
    expect(v.body.entries.find((e: { teacherId: number }) => e.teacherId === added.body.id)).toMatchObject({ status: 'not-submitted', code: null });
    expect(v.body.counts).toMatchObject({ entrants: 4, notSubmitted: 1 });
  });

  it('refuses to reopen a list that has preliminary results', async () => {
    const [entrant] = await w.t.dataSource.query(`SELECT id FROM round_entrants WHERE teacher_id = ${ids.youth}`);
    await w.t.dataSource.query(
      `INSERT INTO round_results (contest_id, round, entrant_id, total_hundredths, total, item_hundredths, item_keys, judges, method, panel_id, created_at, updated_at)
       VALUES (${w.contestId}, 'preliminary', ${entrant.id}, 8000, '80.00', '[]', '[]', 3, 'mean', NULL, 'x', 'x')`,
    );
    await refused(() => post(w.schoolToken, `${listUrl()}/reopen`), 409, 'RESULTS_EXIST');
    await w.t.dataSource.query(`DELETE FROM round_results WHERE entrant_id = ${entrant.id}`);
  });

  it('prints: entrants by group and subject, masked ID numbers, totals, the date', async () => {
    const res = await get(w.schoolToken, `${listUrl()}/printable`);
    expect(res.status).toBe(200);
    expect(res.body.date).toBe('2025-11-20');
    expect(res.body.groups.map((g: { groupName: string; total: number }) => [g.groupName, g.total])).toEqual([
      ['小学青年组', 3],
      ['初中青年组', 0],
      ['中老年组', 1],
    ]);
    const entrants = res.body.groups.flatMap((g: { subjects: { entrants: { idNumber: string }[] }[] }) => g.subjects.flatMap((s) => s.entrants));
    expect(entrants).toHaveLength(4);
    for (const e of entrants) expect(e.idNumber).toMatch(/^320102\*{8}[0-9X]{4}$/);
    expect(res.body.others.map((o: { name: string; note: string }) => o.name)).toEqual(expect.arrayContaining(['调出丁', '获奖戊']));
    expect(res.body.others.find((o: { name: string }) => o.name === '调出丁').note).toContain('已调入区政府所在地学校');
    expect(res.body.counts.entrants).toBe(4);
    const out = await get(w.otherDistrictToken, `${listUrl()}/printable`);
    expect(out.body.code).toBe('OUT_OF_SCOPE');
  });

  it('the deadline day is inclusive; after it, submission, reopening and changes are refused', async () => {
    // School S2 has a teacher (created above) and a draft list.
    const s2 = `/api/contests/${w.contestId}/entrant-lists/${w.otherSchoolId}`;
    setToday(w.t, '2025-12-02');
    expect((await post(w.schoolToken, `${listUrl()}/reopen`)).status).toBe(200);
    expect((await post(w.schoolToken, `${listUrl()}/submit`)).status).toBe(200);
    setToday(w.t, '2025-12-03');
    await refused(() => post(w.schoolToken, `${listUrl()}/reopen`), 409, 'DEADLINE_PASSED');
    await refused(() => post(w.school2Token, `${s2}/submit`), 409, 'DEADLINE_PASSED');
    await refused(
      () => post(w.school2Token, '/api/teachers', { name: '迟到', idNumber: id('19950507', 14), subject: 'math', schoolId: w.otherSchoolId }),
      409,
      'DEADLINE_PASSED',
    );
    const v = await get(w.school2Token, s2);
    expect(v.body).toMatchObject({ state: 'late', deadlinePassed: true, editable: false });
  });

  it('the district extends one school, with a reason; refusals change nothing', async () => {
    const ext = `/api/contests/${w.contestId}/entrant-lists/${w.otherSchoolId}/extension`;
    await refused(() => post(w.districtToken, ext, { deadline: '2025-12-02', reason: '太早' }), 400, 'INVALID_EXTENSION');
    await refused(() => post(w.districtToken, ext, { deadline: '2025-11-30', reason: '过去' }), 400, 'INVALID_EXTENSION');
    await refused(() => post(w.districtToken, ext, { deadline: '2025-12-09' }), 400, 'VALIDATION_FAILED');
    await refused(() => post(w.districtToken, ext, { deadline: '2025-02-30', reason: 'x' }), 400, 'VALIDATION_FAILED');
    await refused(() => post(w.otherDistrictToken, ext, { deadline: '2025-12-09', reason: 'x' }), 403, 'OUT_OF_SCOPE');
    await refused(() => post(w.school2Token, ext, { deadline: '2025-12-09', reason: 'x' }), 403, 'ROLE_FORBIDDEN');
    await refused(() => post(w.cityToken, ext, { deadline: '2025-12-09', reason: 'x' }), 403, 'ROLE_FORBIDDEN');

    const res = await post(w.districtToken, ext, { deadline: '2025-12-09', reason: '学校停电三天' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'extended', deadline: '2025-12-09', extension: { deadline: '2025-12-09', reason: '学校停电三天' } });
    const [audit] = await w.t.dataSource.query("SELECT after FROM audit_entries WHERE action = 'entrant_list.extend'");
    expect(JSON.parse(audit.after)).toMatchObject({ extendedTo: '2025-12-09', extensionReason: '学校停电三天' });

    // Only that school: school S is still past its deadline.
    await refused(() => post(w.schoolToken, `${listUrl()}/reopen`), 409, 'DEADLINE_PASSED');
    setToday(w.t, '2025-12-09');
    const submitted = await post(w.school2Token, `/api/contests/${w.contestId}/entrant-lists/${w.otherSchoolId}/submit`);
    expect(submitted.body).toMatchObject({ state: 'submitted' });
    setToday(w.t, '2025-12-10');
    await refused(() => post(w.school2Token, `/api/contests/${w.contestId}/entrant-lists/${w.otherSchoolId}/reopen`), 409, 'DEADLINE_PASSED');
  });

  it("gives the district each school's state and counts", async () => {
    setToday(w.t, '2025-12-03');
    const extra = await w.f.school({ districtId: w.districtId });
    await w.f.teacher({ schoolId: extra.id, idNumber: id('19930101', 15) });
    await post(w.districtToken, `/api/contests/${w.contestId}/entrant-lists/${extra.id}/extension`, { deadline: '2025-12-05', reason: '新建校' });
    const res = await get(w.districtToken, `/api/contests/${w.contestId}/entrant-lists`);
    expect(res.status).toBe(200);
    const state = new Map(res.body.schools.map((s: { school: { id: number }; state: string }) => [s.school.id, s.state]));
    expect(state.get(w.schoolId)).toBe('submitted');
    expect(state.get(w.otherSchoolId)).toBe('submitted');
    expect(state.get(extra.id)).toBe('extended');
    // The district-seat, junior and nine-year schools never acted: late.
    expect(res.body.byState).toEqual({ 'not-started': 0, draft: 0, submitted: 2, late: 3, extended: 1 });
    const s = res.body.schools.find((x: { school: { id: number } }) => x.school.id === w.schoolId);
    // Resubmitted on 2025-12-02: the teacher the district added is in the list now.
    expect(s.counts).toMatchObject({ teachers: 7, entrants: 5, excluded: 2, notSubmitted: 0 });
    expect(res.body.totals.teachers).toBe(7 + 1 + 1 + 1 + 2 + 1);

    expect((await get(w.cityToken, `/api/contests/${w.contestId}/entrant-lists?districtId=${w.districtId}`)).body.schools).toHaveLength(6);
    expect((await get(w.cityToken, `/api/contests/${w.contestId}/entrant-lists`)).body.schools).toHaveLength(7);
    const own = await get(w.otherDistrictToken, `/api/contests/${w.contestId}/entrant-lists`);
    expect(own.body.schools).toHaveLength(1);
    expect((await get(w.otherDistrictToken, `/api/contests/${w.contestId}/entrant-lists?districtId=${w.districtId}`)).body.code).toBe('OUT_OF_SCOPE');
    expect((await get(w.schoolToken, `/api/contests/${w.contestId}/entrant-lists`)).body.code).toBe('ROLE_FORBIDDEN');
  });

  it("refuses to enter a teacher already in another school's submitted list", async () => {
    setToday(w.t, '2025-12-04');
    // The district moves a submitted entrant of S to the extended school, which then submits.
    const extra = (await get(w.districtToken, `/api/contests/${w.contestId}/entrant-lists`)).body.schools.find(
      (s: { state: string }) => s.state === 'extended',
    ).school.id;
    const moved = await w.t.http().patch(`/api/teachers/${ids.youth}`).set(auth(w.districtToken)).send({ schoolId: extra });
    expect(moved.status).toBe(200);
    const token = await w.f.loginAs('school_admin', { schoolId: extra });
    await refused(() => post(token, `/api/contests/${w.contestId}/entrant-lists/${extra}/submit`), 409, 'ENTRANT_IN_OTHER_LIST');
    // S's submitted list still holds the moved teacher.
    const v = await get(w.schoolToken);
    expect(v.body.entries.find((e: { teacherId: number }) => e.teacherId === ids.youth)).toMatchObject({ status: 'entrant' });
  });

  it('refuses changes to the lists of a contest that is no longer current', async () => {
    setToday(w.t, '2025-11-25');
    await w.t.app.get(ContestsService).create(TEST_ACTOR, { code: 'C2026', name: '2026年比赛', year: 2026 });
    await refused(() => post(w.school2Token, `/api/contests/${w.contestId}/entrant-lists/${w.otherSchoolId}/reopen`), 409, 'CONTEST_NOT_CURRENT');
    expect((await get(w.schoolToken)).body).toMatchObject({ contest: { isCurrent: false }, editable: false });
  });
});
