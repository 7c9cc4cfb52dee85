/**
 * Exemptions (免赛): the school applies and reviews, the district approves or rejects
 * with a reason; near retirement is checked against birth date and gender; every step is audited;
 * every refusal changes nothing. Each test builds its own school (its list, its clerk) and teachers
 * in the one contest, so any test runs by itself.
 */
import { auth, createWorld, expectRefused, HttpAnswer, id, setToday, World } from './entrants.support';

describe('exemptions', () => {
  let w: World;
  const post = (token: string, url: string, body?: object) => w.t.http().post(url).set(auth(token)).send(body ?? {});
  const refused = (req: () => Promise<HttpAnswer>, status: number, code: string) => expectRefused(w.t, req, status, code);
  /** ID numbers never repeat across the tests' schools. */
  let serial = 0;

  /** A new school of the world's district with its clerk, and the teachers asked for. */
  async function school() {
    const s = await w.f.school({ districtId: w.districtId });
    const token = await w.f.token('school_admin', { schoolId: s.id });
    const t: Record<string, number> = {};
    const teacher = async (key: string, birth: string, male: boolean, extra: object = {}) =>
      (t[key] = (await w.f.teacher({ schoolId: s.id, name: key, idNumber: id(birth, ++serial, male), ...extra })).id);
    const listUrl = `/api/contests/${w.contestId}/entrant-lists/${s.id}`;
    return {
      id: s.id,
      token,
      t,
      teacher,
      listUrl,
      apply: (body: object, as = token) => post(as, `/api/contests/${w.contestId}/exemptions`, body),
      list: () => w.t.http().get(listUrl).set(auth(token)),
    };
  }
  type School = Awaited<ReturnType<typeof school>>;

  /** An application by the school, answered 201; its id. */
  async function applied(s: School, teacher: string, kind: string, note = '本人申请'): Promise<number> {
    const a = await s.apply({ teacherId: s.t[teacher], kind, note });
    expect(a.status).toBe(201);
    return a.body.id;
  }

  beforeAll(async () => {
    w = await createWorld();
  });
  beforeEach(() => setToday(w.t, '2025-11-20'));
  afterAll(() => w.t.close());

  it('refuses a near-retirement application for a teacher who does not qualify, with the reason in Chinese', async () => {
    const s = await school();
    await s.teacher('youngMan', '19700302', true);
    await s.teacher('manOnCutoff', '19650901', true); // on the cut-off day: does not qualify
    const res = await refused(() => s.apply({ teacherId: s.t.youngMan, kind: 'near-retirement', note: '申请免赛' }), 400, 'EXEMPTION_NOT_QUALIFIED');
    expect(res.body.details[0].messageZh).toContain('男教师须在1965-09-01之前出生，该教师出生于1970-03-02');
    const onCutoff = await refused(() => s.apply({ teacherId: s.t.manOnCutoff, kind: 'near-retirement', note: '申请免赛' }), 400, 'EXEMPTION_NOT_QUALIFIED');
    expect(onCutoff.body.details[0].message).toBe('男教师须在1965-09-01之前出生，该教师出生于1965-09-01');
  });

  it('refuses applications that are malformed, out of scope, by the wrong role or for an excluded teacher', async () => {
    const s = await school();
    const other = await school();
    await s.teacher('sick', '19880101', true);
    await s.teacher('excluded', '19600101', true, { transferredToSeat: true });
    await other.teacher('elsewhere', '19600101', true);
    await refused(() => s.apply({ teacherId: s.t.sick, kind: 'health' }), 400, 'VALIDATION_FAILED');
    await refused(() => s.apply({ teacherId: s.t.sick, kind: 'holiday', note: 'x' }), 400, 'VALIDATION_FAILED');
    await refused(() => s.apply({ teacherId: other.t.elsewhere, kind: 'health', note: 'x' }), 403, 'OUT_OF_SCOPE');
    await refused(() => s.apply({ teacherId: s.t.sick, kind: 'health', note: 'x' }, w.districtToken), 403, 'ROLE_FORBIDDEN');
    await refused(() => s.apply({ teacherId: 99999, kind: 'health', note: 'x' }), 404, 'TEACHER_NOT_FOUND');
    await refused(() => s.apply({ teacherId: s.t.excluded, kind: 'near-retirement', note: 'x' }), 409, 'TEACHER_EXCLUDED');
  });

  it('applies for qualifying teachers and for health reasons; a second open application is refused', async () => {
    const s = await school();
    await s.teacher('oldMan', '19650831', true); // before 1965-09-01: qualifies
    await s.teacher('woman1969', '19691231', false); // before 1970-09-01: qualifies
    await s.teacher('sick', '19880101', true);
    const a = await s.apply({ teacherId: s.t.oldMan, kind: 'near-retirement', note: '本人申请，距退休不足五年' });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ state: 'applied', stateName: '待学校审核', kind: 'near-retirement', kindName: '临近退休', teacherName: 'oldMan' });
    await applied(s, 'woman1969', 'near-retirement');
    await applied(s, 'sick', 'health', '长期病休，附医院证明');
    await refused(() => s.apply({ teacherId: s.t.oldMan, kind: 'health', note: '再次申请' }), 409, 'EXEMPTION_EXISTS');
    // Applied is not exempted yet: the teacher is still an entrant.
    const v = await s.list();
    expect(v.body.entries.find((e: { teacherId: number }) => e.teacherId === s.t.oldMan).status).toBe('entrant');
    expect(v.body.state).toBe('draft');
    expect(v.body.exemptions).toHaveLength(3);
  });

  it('refuses to submit while applications are open', async () => {
    const s = await school();
    await s.teacher('oldMan', '19650831', true);
    await s.teacher('sick', '19880101', true);
    await applied(s, 'oldMan', 'near-retirement');
    await applied(s, 'sick', 'health');
    const res = await refused(() => post(s.token, `${s.listUrl}/submit`), 409, 'EXEMPTIONS_PENDING');
    expect(res.body.details).toHaveLength(2);
  });

  it('the district decides only after the school has reviewed, and only in its own district', async () => {
    const s = await school();
    const neighbour = await school();
    await s.teacher('oldMan', '19650831', true);
    await s.teacher('woman1969', '19691231', false);
    const oldManApp = await applied(s, 'oldMan', 'near-retirement');
    const womanApp = await applied(s, 'woman1969', 'near-retirement');
    await refused(() => post(w.districtToken, `/api/exemptions/${oldManApp}/approve`, {}), 409, 'EXEMPTION_WRONG_STATE');
    const reviewed = await post(s.token, `/api/exemptions/${oldManApp}/review`, { note: '情况属实' });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body).toMatchObject({ state: 'school-reviewed', reviewNote: '情况属实', reviewedBy: expect.any(String) });
    await refused(() => post(s.token, `/api/exemptions/${oldManApp}/review`, {}), 409, 'EXEMPTION_WRONG_STATE');
    await refused(() => post(neighbour.token, `/api/exemptions/${womanApp}/review`, {}), 403, 'OUT_OF_SCOPE');
    await refused(() => post(w.otherDistrictToken, `/api/exemptions/${oldManApp}/approve`, {}), 403, 'OUT_OF_SCOPE');
    await refused(() => post(s.token, `/api/exemptions/${oldManApp}/approve`, {}), 403, 'ROLE_FORBIDDEN');
    await refused(() => post(w.cityToken, `/api/exemptions/${oldManApp}/approve`, {}), 403, 'ROLE_FORBIDDEN');
    await refused(() => post(w.districtToken, `/api/exemptions/999999/approve`, {}), 404, 'EXEMPTION_NOT_FOUND');

    const approved = await post(w.districtToken, `/api/exemptions/${oldManApp}/approve`, { reason: '符合条件' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ state: 'approved', decisionReason: '符合条件', decidedAt: expect.any(String) });
    await refused(() => post(w.districtToken, `/api/exemptions/${oldManApp}/reject`, { reason: '改判' }), 409, 'EXEMPTION_WRONG_STATE');

    // Pages name the decider by the account's display name (the stored field keeps the login).
    await w.t.dataSource.query(`UPDATE accounts SET display_name = '区教育局审批人' WHERE username = '${approved.body.decidedBy}'`);
    const v = await s.list();
    expect(v.body.exemptions.find((x: { id: number }) => x.id === oldManApp)).toMatchObject({ decidedBy: approved.body.decidedBy, decidedByName: '区教育局审批人', reviewedByName: expect.any(String) });
    expect(v.body.entries.find((e: { teacherId: number }) => e.teacherId === s.t.oldMan)).toMatchObject({ status: 'exempted', code: null, exemptionKindName: '临近退休' });
    expect(v.body.counts.exempted).toBe(1);
  });

  it('a rejection needs a reason and keeps the teacher an entrant', async () => {
    const s = await school();
    await s.teacher('sick', '19880101', true);
    const sickApp = await applied(s, 'sick', 'health', '长期病休，附医院证明');
    await post(s.token, `/api/exemptions/${sickApp}/review`, {});
    await refused(() => post(w.districtToken, `/api/exemptions/${sickApp}/reject`, {}), 400, 'VALIDATION_FAILED');
    await refused(() => post(w.districtToken, `/api/exemptions/${sickApp}/reject`, { reason: '   ' }), 400, 'VALIDATION_FAILED');
    const r = await post(w.districtToken, `/api/exemptions/${sickApp}/reject`, { reason: '缺少医院证明' });
    expect(r.body).toMatchObject({ state: 'rejected', stateName: '已驳回', decisionReason: '缺少医院证明' });
    const v = await s.list();
    expect(v.body.entries.find((e: { teacherId: number }) => e.teacherId === s.t.sick).status).toBe('entrant');
    // After a rejection the school may apply again.
    const again = await applied(s, 'sick', 'health', '补交证明');
    const withdrawn = await post(s.token, `/api/exemptions/${again}/withdraw`, { note: '本人放弃' });
    expect(withdrawn.body).toMatchObject({ state: 'withdrawn', decisionReason: '本人放弃' });
    await refused(() => post(s.token, `/api/exemptions/${again}/withdraw`, {}), 409, 'EXEMPTION_WRONG_STATE');
  });

  it('records every step in the audit log, with who made it', async () => {
    const s = await school();
    await s.teacher('oldMan', '19650831', true);
    const app = await applied(s, 'oldMan', 'near-retirement');
    await post(s.token, `/api/exemptions/${app}/review`, {});
    await post(w.districtToken, `/api/exemptions/${app}/approve`, {});
    const rows = await w.t.dataSource.query(`SELECT action, actor FROM audit_entries WHERE entity_type = 'exemption' AND entity_id = '${app}' ORDER BY seq`);
    expect(rows.map((r: { action: string }) => r.action)).toEqual(['exemption.apply', 'exemption.review', 'exemption.approve']);
    expect(rows[0].actor).toMatch(/^school_admin-/);
    expect(rows[2].actor).toMatch(/^district_admin-/);
  });

  it('lists applications within scope', async () => {
    const s = await school();
    const neighbour = await school();
    await s.teacher('oldMan', '19650831', true);
    await s.teacher('sick', '19880101', true);
    const reviewed = await applied(s, 'oldMan', 'near-retirement');
    const open = await applied(s, 'sick', 'health');
    await post(s.token, `/api/exemptions/${reviewed}/review`, {});
    const url = `/api/contests/${w.contestId}/exemptions`;
    const ids = (body: { id: number; schoolId?: number }[]) => body.map((x) => x.id);
    const mine = `${url}?schoolId=${s.id}`;
    expect(ids((await w.t.http().get(`${mine}&state=school-reviewed`).set(auth(w.districtToken))).body)).toEqual([reviewed]);
    expect(ids((await w.t.http().get(mine).set(auth(w.districtToken))).body).sort()).toEqual([reviewed, open].sort());
    expect(ids((await w.t.http().get(url).set(auth(s.token))).body).sort()).toEqual([reviewed, open].sort());
    expect((await w.t.http().get(url).set(auth(w.otherDistrictToken))).body).toEqual([]);
    expect((await w.t.http().get(`${url}?districtId=${w.districtId}`).set(auth(w.otherDistrictToken))).body.code).toBe('OUT_OF_SCOPE');
    expect((await w.t.http().get(url).set(auth(neighbour.token))).body).toEqual([]);
    expect((await w.t.http().get(mine).set(auth(neighbour.token))).body.code).toBe('OUT_OF_SCOPE');
    expect((await w.t.http().get(url).set(auth(w.judgeToken))).body.code).toBe('ROLE_FORBIDDEN');
  });

  it('after approval the submission leaves the exempted teacher out; a submitted list refuses applications', async () => {
    const s = await school();
    await s.teacher('oldMan', '19650831', true);
    await s.teacher('woman1969', '19691231', false);
    await s.teacher('youngMan', '19700302', true);
    const oldManApp = await applied(s, 'oldMan', 'near-retirement');
    await post(s.token, `/api/exemptions/${oldManApp}/review`, {});
    await post(w.districtToken, `/api/exemptions/${oldManApp}/approve`, {});
    const res = await post(s.token, `${s.listUrl}/submit`);
    expect(res.status).toBe(200);
    const rows = await w.t.dataSource.query(`SELECT teacher_id FROM round_entrants WHERE teacher_id IN (${s.t.oldMan}, ${s.t.woman1969}) ORDER BY teacher_id`);
    expect(rows.map((r: { teacher_id: number }) => Number(r.teacher_id))).toEqual([s.t.woman1969]);
    await refused(() => s.apply({ teacherId: s.t.woman1969, kind: 'near-retirement', note: 'x' }), 409, 'LIST_LOCKED');
    await post(s.token, `${s.listUrl}/reopen`);
    const open = await applied(s, 'woman1969', 'near-retirement', '再次申请');
    await post(s.token, `/api/exemptions/${open}/review`, {});
    setToday(w.t, '2025-12-03');
    await refused(() => s.apply({ teacherId: s.t.youngMan, kind: 'health', note: 'x' }), 409, 'DEADLINE_PASSED');
    await refused(() => post(s.token, `/api/exemptions/${open}/withdraw`, {}), 409, 'DEADLINE_PASSED');
    // The district (the level above) still decides after the school's deadline.
    const decided = await post(w.districtToken, `/api/exemptions/${open}/approve`, {});
    expect(decided.body.state).toBe('approved');
  });
});
