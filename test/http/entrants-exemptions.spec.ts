/**
 * Exemptions (免赛): the school applies and reviews, the district approves or rejects
 * with a reason; near retirement is checked against birth date and gender; every step is audited;
 * every refusal changes nothing.
 */
import { auth, createWorld, expectRefused, HttpAnswer, id, setToday, World } from './entrants.support';

describe('exemptions', () => {
  let w: World;
  const t: Record<string, number> = {};
  const post = (token: string, url: string, body?: object) => w.t.http().post(url).set(auth(token)).send(body ?? {});
  const apply = (token: string, body: object) => post(token, `/api/contests/${w.contestId}/exemptions`, body);
  const listUrl = () => `/api/contests/${w.contestId}/entrant-lists/${w.schoolId}`;

  const refused = (req: () => Promise<HttpAnswer>, status: number, code: string) => expectRefused(w.t, req, status, code);

  beforeAll(async () => {
    w = await createWorld();
    const mk = async (key: string, birth: string, n: number, male: boolean, extra: object = {}) =>
      (t[key] = (await w.f.teacher({ schoolId: w.schoolId, name: key, idNumber: id(birth, n, male), ...extra })).id);
    await mk('oldMan', '19650831', 1, true); // before 1965-09-01: qualifies
    await mk('manOnCutoff', '19650901', 2, true); // on the cut-off day: does not qualify
    await mk('woman1969', '19691231', 3, false); // before 1970-09-01: qualifies
    await mk('youngMan', '19700302', 4, true);
    await mk('sick', '19880101', 5, true);
    await mk('excluded', '19600101', 6, true, { transferredToSeat: true });
    t.otherSchool = (await w.f.teacher({ schoolId: w.otherSchoolId, idNumber: id('19600101', 7) })).id;
  });
  afterAll(() => w.t.close());

  it('refuses a near-retirement application for a teacher who does not qualify, with the reason in Chinese', async () => {
    const res = await refused(() => apply(w.schoolToken, { teacherId: t.youngMan, kind: 'near-retirement', note: '申请免赛' }), 400, 'EXEMPTION_NOT_QUALIFIED');
    expect(res.body.details[0].messageZh).toContain('男教师须在1965-09-01之前出生，该教师出生于1970-03-02');
    const onCutoff = await refused(
      () => apply(w.schoolToken, { teacherId: t.manOnCutoff, kind: 'near-retirement', note: '申请免赛' }),
      400,
      'EXEMPTION_NOT_QUALIFIED',
    );
    expect(onCutoff.body.details[0].message).toBe('男教师须在1965-09-01之前出生，该教师出生于1965-09-01');
  });

  it('refuses applications that are malformed, out of scope, by the wrong role or for an excluded teacher', async () => {
    await refused(() => apply(w.schoolToken, { teacherId: t.sick, kind: 'health' }), 400, 'VALIDATION_FAILED');
    await refused(() => apply(w.schoolToken, { teacherId: t.sick, kind: 'holiday', note: 'x' }), 400, 'VALIDATION_FAILED');
    await refused(() => apply(w.schoolToken, { teacherId: t.otherSchool, kind: 'health', note: 'x' }), 403, 'OUT_OF_SCOPE');
    await refused(() => apply(w.districtToken, { teacherId: t.sick, kind: 'health', note: 'x' }), 403, 'ROLE_FORBIDDEN');
    await refused(() => apply(w.schoolToken, { teacherId: 99999, kind: 'health', note: 'x' }), 404, 'TEACHER_NOT_FOUND');
    await refused(() => apply(w.schoolToken, { teacherId: t.excluded, kind: 'near-retirement', note: 'x' }), 409, 'TEACHER_EXCLUDED');
  });

  let oldManApp: number;
  let womanApp: number;
  let sickApp: number;

  it('applies for qualifying teachers and for health reasons; a second open application is refused', async () => {
    const a = await apply(w.schoolToken, { teacherId: t.oldMan, kind: 'near-retirement', note: '本人申请，距退休不足五年' });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ state: 'applied', stateName: '待学校审核', kind: 'near-retirement', kindName: '临近退休', teacherName: 'oldMan' });
    oldManApp = a.body.id;
    womanApp = (await apply(w.schoolToken, { teacherId: t.woman1969, kind: 'near-retirement', note: '本人申请' })).body.id;
    const s = await apply(w.schoolToken, { teacherId: t.sick, kind: 'health', note: '长期病休，附医院证明' });
    expect(s.status).toBe(201);
    sickApp = s.body.id;
    await refused(() => apply(w.schoolToken, { teacherId: t.oldMan, kind: 'health', note: '再次申请' }), 409, 'EXEMPTION_EXISTS');
    // Applied is not exempted yet: the teacher is still an entrant.
    const v = await w.t.http().get(listUrl()).set(auth(w.schoolToken));
    expect(v.body.entries.find((e: { teacherId: number }) => e.teacherId === t.oldMan).status).toBe('entrant');
    expect(v.body.state).toBe('draft');
    expect(v.body.exemptions).toHaveLength(3);
  });

  it('refuses to submit while applications are open', async () => {
    const res = await refused(() => post(w.schoolToken, `${listUrl()}/submit`), 409, 'EXEMPTIONS_PENDING');
    expect(res.body.details).toHaveLength(3);
  });

  it('the district decides only after the school has reviewed, and only in its own district', async () => {
    await refused(() => post(w.districtToken, `/api/exemptions/${oldManApp}/approve`, {}), 409, 'EXEMPTION_WRONG_STATE');
    const reviewed = await post(w.schoolToken, `/api/exemptions/${oldManApp}/review`, { note: '情况属实' });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body).toMatchObject({ state: 'school-reviewed', reviewNote: '情况属实', reviewedBy: expect.any(String) });
    await refused(() => post(w.schoolToken, `/api/exemptions/${oldManApp}/review`, {}), 409, 'EXEMPTION_WRONG_STATE');
    await refused(() => post(w.school2Token, `/api/exemptions/${womanApp}/review`, {}), 403, 'OUT_OF_SCOPE');
    await refused(() => post(w.otherDistrictToken, `/api/exemptions/${oldManApp}/approve`, {}), 403, 'OUT_OF_SCOPE');
    await refused(() => post(w.schoolToken, `/api/exemptions/${oldManApp}/approve`, {}), 403, 'ROLE_FORBIDDEN');
    await refused(() => post(w.cityToken, `/api/exemptions/${oldManApp}/approve`, {}), 403, 'ROLE_FORBIDDEN');
    await refused(() => post(w.districtToken, `/api/exemptions/9999/approve`, {}), 404, 'EXEMPTION_NOT_FOUND');

    const approved = await post(w.districtToken, `/api/exemptions/${oldManApp}/approve`, { reason: '符合条件' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ state: 'approved', decisionReason: '符合条件', decidedAt: expect.any(String) });
    await refused(() => post(w.districtToken, `/api/exemptions/${oldManApp}/reject`, { reason: '改判' }), 409, 'EXEMPTION_WRONG_STATE');

    // Pages name the decider by the account's display name (the stored field keeps the login).
    await w.t.dataSource.query(`UPDATE accounts SET display_name = '区教育局审批人' WHERE username = '${approved.body.decidedBy}'`);
    const v = await w.t.http().get(listUrl()).set(auth(w.schoolToken));
    expect(v.body.exemptions.find((x: { id: number }) => x.id === oldManApp)).toMatchObject({ decidedBy: approved.body.decidedBy, decidedByName: '区教育局审批人', reviewedByName: expect.any(String) });
    expect(v.body.entries.find((e: { teacherId: number }) => e.teacherId === t.oldMan)).toMatchObject({ status: 'exempted', code: null, exemptionKindName: '临近退休' });
    expect(v.body.counts.exempted).toBe(1);
  });

  it('a rejection needs a reason and keeps the teacher an entrant', async () => {
    await post(w.schoolToken, `/api/exemptions/${sickApp}/review`, {});
    await refused(() => post(w.districtToken, `/api/exemptions/${sickApp}/reject`, {}), 400, 'VALIDATION_FAILED');
    await refused(() => post(w.districtToken, `/api/exemptions/${sickApp}/reject`, { reason: '   ' }), 400, 'VALIDATION_FAILED');
    const r = await post(w.districtToken, `/api/exemptions/${sickApp}/reject`, { reason: '缺少医院证明' });
    expect(r.body).toMatchObject({ state: 'rejected', stateName: '已驳回', decisionReason: '缺少医院证明' });
    const v = await w.t.http().get(listUrl()).set(auth(w.schoolToken));
    expect(v.body.entries.find((e: { teacherId: number }) => e.teacherId === t.sick).status).toBe('entrant');
    // After a rejection the school may apply again.
    const again = await apply(w.schoolToken, { teacherId: t.sick, kind: 'health', note: '补交证明' });
    expect(again.status).toBe(201);
    const withdrawn = await post(w.schoolToken, `/api/exemptions/${again.body.id}/withdraw`, { note: '本人放弃' });
    expect(withdrawn.body).toMatchObject({ state: 'withdrawn', decisionReason: '本人放弃' });
    await refused(() => post(w.schoolToken, `/api/exemptions/${again.body.id}/withdraw`, {}), 409, 'EXEMPTION_WRONG_STATE');
  });

  it('records every step in the audit log, with who made it', async () => {
    const rows = await w.t.dataSource.query(`SELECT action, actor FROM audit_entries WHERE entity_type = 'exemption' AND entity_id = '${oldManApp}' ORDER BY seq`);
    expect(rows.map((r: { action: string }) => r.action)).toEqual(['exemption.apply', 'exemption.review', 'exemption.approve']);
    expect(rows[0].actor).toMatch(/^school_admin-/);
    expect(rows[2].actor).toMatch(/^district_admin-/);
  });

  it('lists applications within scope', async () => {
    const url = `/api/contests/${w.contestId}/exemptions`;
    const district = await w.t.http().get(`${url}?state=school-reviewed`).set(auth(w.districtToken));
    expect(district.body.map((x: { id: number }) => x.id)).toEqual([]);
    expect((await w.t.http().get(url).set(auth(w.districtToken))).body).toHaveLength(4);
    expect((await w.t.http().get(url).set(auth(w.otherDistrictToken))).body).toEqual([]);
    expect((await w.t.http().get(`${url}?districtId=${w.districtId}`).set(auth(w.otherDistrictToken))).body.code).toBe('OUT_OF_SCOPE');
    expect((await w.t.http().get(url).set(auth(w.school2Token))).body).toEqual([]);
    expect((await w.t.http().get(`${url}?schoolId=${w.schoolId}`).set(auth(w.school2Token))).body.code).toBe('OUT_OF_SCOPE');
    expect((await w.t.http().get(url).set(auth(w.judgeToken))).body.code).toBe('ROLE_FORBIDDEN');
  });

  it('after approval the submission leaves the exempted teacher out; a submitted list refuses applications', async () => {
    await post(w.schoolToken, `/api/exemptions/${womanApp}/withdraw`, {});
    const res = await post(w.schoolToken, `${listUrl()}/submit`);
    expect(res.status).toBe(200);
    const rows = await w.t.dataSource.query(`SELECT teacher_id FROM round_entrants WHERE teacher_id = ${t.oldMan}`);
    expect(rows).toEqual([]);
    await refused(() => apply(w.schoolToken, { teacherId: t.woman1969, kind: 'near-retirement', note: 'x' }), 409, 'LIST_LOCKED');
    await post(w.schoolToken, `${listUrl()}/reopen`);
    const open = await apply(w.schoolToken, { teacherId: t.woman1969, kind: 'near-retirement', note: '再次申请' });
    expect(open.status).toBe(201);
    await post(w.schoolToken, `/api/exemptions/${open.body.id}/review`, {});
    setToday(w.t, '2025-12-03');
    await refused(() => apply(w.schoolToken, { teacherId: t.youngMan, kind: 'health', note: 'x' }), 409, 'DEADLINE_PASSED');
    await refused(() => post(w.schoolToken, `/api/exemptions/${open.body.id}/withdraw`, {}), 409, 'DEADLINE_PASSED');
    // The district (the level above) still decides after the school's deadline.
    const decided = await post(w.districtToken, `/api/exemptions/${open.body.id}/approve`, {});
    expect(decided.body.state).toBe('approved');
  });
});
