/**
 * Publishing an award list (RULES §6), an upheld objection removing an award, the certificates once
 * the list is final, and their public verification (SQLite, and PostgreSQL with TEST_DATABASE_URL).
 */
import { auth, AwardWorld, createAwardWorld, expectRefused, giveRound, snapshot, tenDistinct } from './awards.support';

jest.setTimeout(120_000);

describe('awards: publication, objection, certificates', () => {
  let w: AwardWorld;
  beforeEach(async () => {
    w = await createAwardWorld([[true, false], [true]]);
    // Monday 2025-12-22, Beijing time.
    w.t.clock.set('2025-12-22T02:00:00.000Z');
  });
  afterEach(() => w.t.close());

  async function computed() {
    const [d] = w.districts;
    await giveRound(w, 'semifinal', d.id, [...tenDistinct(d.schools[0].id), ...tenDistinct(d.schools[1].id, 'chinese')]);
    const res = await w.t.http().post(`/api/contests/${w.contestId}/award-rounds`).set(auth(d.token)).send({ round: 'semifinal' });
    expect(res.status).toBe(200);
    return res.body;
  }

  it('publishes the list as a notice; an upheld objection removes one award without recomputing; certificates once final', async () => {
    const [d, other] = w.districts;
    const v = await computed();
    // first 15% of 20 = 3 (1.5 + 1.5 → 1 + 1 + the leftover to chinese by code), second 20% = 4.
    expect(v.awards).toHaveLength(7);

    await expectRefused(w.t, () => w.t.http().post(`/api/award-rounds/${v.id}/publish`).set(auth(other.token)), 403, 'AWARDS_WRONG_BODY');
    await expectRefused(w.t, () => w.t.http().post(`/api/award-rounds/${v.id}/finalise`).set(auth(d.token)), 409, 'AWARDS_NOT_PUBLISHED');
    const pub = await w.t.http().post(`/api/award-rounds/${v.id}/publish`).set(auth(d.token));
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({ state: 'published' });
    const noticeId = pub.body.noticeId;

    // Recomputing after publication is refused, and so is publishing twice.
    await expectRefused(w.t, () => w.t.http().post(`/api/contests/${w.contestId}/award-rounds`).set(auth(d.token)).send({ round: 'semifinal' }), 409, 'AWARDS_PUBLISHED');
    await expectRefused(w.t, () => w.t.http().post(`/api/award-rounds/${v.id}/publish`).set(auth(d.token)), 409, 'AWARDS_PUBLISHED');
    // Certificates wait for the list to be final.
    await expectRefused(w.t, () => w.t.http().post(`/api/award-rounds/${v.id}/finalise`).set(auth(d.token)), 409, 'LISTS_NOT_FINAL');

    // The public notice: the award as the note, masked ID numbers.
    const notice = await w.t.http().get(`/api/public/notices/${noticeId}`);
    expect(notice.status).toBe(200);
    expect(notice.body.kind).toBe('semifinal-awards');
    expect(notice.body.rows.map((r: { note: string }) => r.note)).toEqual(v.awards.map((a: { label: string }) => a.label));
    expect(notice.body.rows[0].maskedId).toMatch(/\*{8}/);

    // An objection against the third award (a first prize), upheld by the district.
    const target = notice.body.rows[2];
    const lodged = await w.t.http().post(`/api/public/notices/${noticeId}/objections`).send({ name: '李四', contact: '13812345678', rowId: target.id, grounds: '该教师的参赛材料系他人代写。' });
    expect(lodged.status).toBe(200);
    const objections = await w.t.http().get(`/api/contests/${w.contestId}/objections`).set(auth(d.token));
    const objection = objections.body.find((o: { noticeId: number }) => o.noticeId === noticeId);
    const resolved = await w.t.http().post(`/api/objections/${objection.id}/resolve`).set(auth(d.token)).send({ decision: 'upheld', reason: '经核实，材料确系他人代写', falsified: true });
    expect(resolved.status).toBe(200);

    // The removal is announced in a supplementary notice of the list, with its own window.
    const suppId = resolved.body.resolution.supplementaryNoticeId;
    expect(suppId).toEqual(expect.any(Number));
    const supp = (await w.t.http().get(`/api/public/notices/${suppId}`)).body;
    expect(supp).toMatchObject({ kind: 'semifinal-awards', supplements: { id: noticeId }, window: { opens: '2025-12-22', closes: '2025-12-29' } });
    expect(supp.title).toMatch(/获奖名单补充公示$/);
    expect(supp.rows).toHaveLength(1);
    expect(supp.rows[0]).toMatchObject({ teacherName: target.teacherName, note: `撤销${target.note}：异议成立` });

    const after = (await w.t.http().get(`/api/award-rounds/${v.id}`).set(auth(d.token))).body;
    const removed = after.awards[2];
    expect(removed.correctionNoticeId).toBe(suppId);
    expect(removed).toMatchObject({ status: 'revoked', revokedReason: '经核实，材料确系他人代写', label: v.awards[2].label });
    // Counts are not recomputed: nobody moves up, the other six stay as they were.
    expect(after.awards.filter((a: { status: string }) => a.status === 'active')).toHaveLength(6);
    expect(after.report).toEqual(v.report);
    const cases = await w.t.dataSource.query('SELECT school_id FROM award_school_cases');
    expect(cases.map((c: { school_id: number }) => Number(c.school_id))).toEqual([removed.schoolId]);

    // After the window (5 working days after Monday 22 December: closes Monday 29 December 24:00 Beijing time).
    w.t.clock.set('2025-12-30T02:00:00.000Z');
    const fin = await w.t.http().post(`/api/award-rounds/${v.id}/finalise`).set(auth(d.token));
    expect(fin.status).toBe(200);
    expect(fin.body.state).toBe('final');
    const numbers = fin.body.awards.filter((a: { status: string }) => a.status === 'active').map((a: { certificateNo: string }) => a.certificateNo);
    expect(numbers).toEqual(['c2025-semifinal_DA-0001', 'c2025-semifinal_DA-0002', 'c2025-semifinal_DA-0003', 'c2025-semifinal_DA-0004', 'c2025-semifinal_DA-0005', 'c2025-semifinal_DA-0006']);
    expect(fin.body.awards[2].certificateNo).toBeNull();

    // Public verification: a real number shows the holder, school, award, contest and never the ID number.
    const first = fin.body.awards[0];
    const real = await w.t.http().get(`/api/public/certificates/${numbers[0]}/verification`);
    expect(real.status).toBe(200);
    expect(real.body).toMatchObject({ number: numbers[0], holderName: first.holderName, schoolName: first.schoolName, award: '一等奖', round: '复赛', contest: '2025年全员培训·教学技能比赛', issuingBody: '宿城区教育局' });
    const ids: string[] = (await w.t.dataSource.query('SELECT id_number FROM teachers')).map((t: { id_number: string }) => t.id_number);
    for (const id of ids) expect(real.text).not.toContain(id);
    expect(real.text).not.toMatch(/\*{8}/);
    const fake = await w.t.http().get('/api/public/certificates/c2025-semifinal_DA-9999/verification');
    expect(fake.status).toBe(404);
    expect(fake.body.code).toBe('CERTIFICATE_NOT_FOUND');
    // The page at the address the QR code carries.
    const page = await w.t.http().get(`/public/certificates/${numbers[0]}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('证书查验');

    // The school sees its teachers' prizes and certificates, with the QR code of the verification page.
    const school = d.schools.find((s) => s.id === first.schoolId)!;
    const mine = await w.t.http().get(`/api/schools/${school.id}/awards?contestId=${w.contestId}`).set(auth(school.token));
    expect(mine.status).toBe(200);
    const cert = mine.body.awards.find((a: { id: number }) => a.id === first.id).certificate;
    expect(cert.verifyUrl).toMatch(new RegExp(`/public/certificates/${numbers[0]}$`));
    expect(cert.qrSvg).toContain('<svg');
    // Another school does not see them; the certificate page refuses it too.
    const stranger = d.schools.find((s) => s.id !== first.schoolId)!;
    expect((await w.t.http().get(`/api/schools/${school.id}/awards?contestId=${w.contestId}`).set(auth(stranger.token))).status).toBe(403);
    expect((await w.t.http().get(`/api/certificates/${numbers[0]}`).set(auth(stranger.token))).status).toBe(403);
    expect((await w.t.http().get(`/api/certificates/${numbers[0]}`).set(auth(school.token))).status).toBe(200);
    // The round's certificates for printing.
    const all = await w.t.http().get(`/api/award-rounds/${v.id}/certificates`).set(auth(d.token));
    expect(all.body.map((c: { number: string }) => c.number)).toEqual(numbers);
    // Finalising again changes nothing.
    const before = await snapshot(w.t);
    expect((await w.t.http().post(`/api/award-rounds/${v.id}/finalise`).set(auth(d.token))).status).toBe(200);
    expect(await snapshot(w.t)).toEqual(before);
  });

  it('a correction of the published list is a supplementary notice by its organiser, with its own window; the changed awards’ certificates wait for it', async () => {
    const [d, other] = w.districts;
    const v = await computed();
    const [a0, a1, a2, a3] = v.awards;
    const correct = (token: string, body: object) => w.t.http().post(`/api/award-rounds/${v.id}/corrections`).set(auth(token)).send(body);
    // Before publication there is nothing to correct (the list is computed again instead).
    await expectRefused(w.t, () => correct(d.token, { awardId: a1.id, action: 'revoke', reason: '成绩录入有误' }), 409, 'AWARDS_NOT_PUBLISHED');
    const pub = await w.t.http().post(`/api/award-rounds/${v.id}/publish`).set(auth(d.token));
    const noticeId = pub.body.noticeId;

    // Only the body that announced the list corrects it; bad requests change nothing.
    await expectRefused(w.t, () => correct(other.token, { awardId: a1.id, action: 'revoke', reason: '成绩录入有误' }), 403, 'AWARDS_WRONG_BODY');
    await expectRefused(w.t, () => correct(w.cityToken, { awardId: a1.id, action: 'revoke', reason: '成绩录入有误' }), 403, 'AWARDS_WRONG_BODY');
    await expectRefused(w.t, () => correct(d.schools[0].token, { awardId: a1.id, action: 'revoke', reason: '成绩录入有误' }), 403, 'ROLE_FORBIDDEN');
    await expectRefused(w.t, () => correct(d.token, { awardId: 999999, action: 'revoke', reason: '成绩录入有误' }), 404, 'AWARD_NOT_FOUND');
    await expectRefused(w.t, () => correct(d.token, { awardId: a1.id, action: 'recompute', reason: '成绩录入有误' }), 400, 'VALIDATION_FAILED');
    await expectRefused(w.t, () => correct(d.token, { awardId: a1.id, action: 'revoke', reason: '' }), 400, 'VALIDATION_FAILED');
    await expectRefused(w.t, () => correct(d.token, { awardId: a1.id, action: 'revoke', reason: '长'.repeat(61) }), 400, 'VALIDATION_FAILED');
    await expectRefused(w.t, () => correct(d.token, { awardId: a1.id, action: 'amend', reason: '姓名有误' }), 400, 'VALIDATION_FAILED');
    await expectRefused(w.t, () => correct(d.token, { awardId: a1.id, action: 'amend', reason: '姓名有误', holderName: a1.holderName }), 400, 'NOTHING_TO_CHANGE');
    await expectRefused(w.t, () => correct(d.token, { awardId: a1.id, action: 'reinstate', reason: '误撤销' }), 400, 'NOTHING_TO_CHANGE');
    // Recomputing stays refused.
    await expectRefused(w.t, () => w.t.http().post(`/api/contests/${w.contestId}/award-rounds`).set(auth(d.token)).send({ round: 'semifinal' }), 409, 'AWARDS_PUBLISHED');

    // Wednesday 24 December: the district removes an award given in error and corrects a misspelt name.
    w.t.clock.set('2025-12-24T02:00:00.000Z');
    const revoked = await correct(d.token, { awardId: a1.id, action: 'revoke', reason: '成绩录入有误，经复核不应获奖' });
    expect(revoked.status).toBe(200);
    const r1 = revoked.body.awards.find((a: { id: number }) => a.id === a1.id);
    expect(r1).toMatchObject({ status: 'revoked', revokedReason: '成绩录入有误，经复核不应获奖', correctionNoticeId: expect.any(Number) });
    expect(revoked.body.report).toEqual(v.report);
    const amended = await correct(d.token, { awardId: a0.id, action: 'amend', reason: '姓名录入错字', holderName: '王晓明' });
    expect(amended.status).toBe(200);
    const r0 = amended.body.awards.find((a: { id: number }) => a.id === a0.id);
    expect(r0).toMatchObject({ status: 'active', holderName: '王晓明', schoolName: a0.schoolName });
    await expectRefused(w.t, () => correct(d.token, { awardId: a1.id, action: 'amend', reason: '姓名有误', holderName: '某某' }), 409, 'AWARD_NOT_ACTIVE');

    // Each correction is its own supplementary notice naming the list's notice, with its own window
    // (five working days after Wednesday 24 December: closes Wednesday 31 December 24:00).
    for (const [sid, note, name] of [
      [r1.correctionNoticeId, `撤销${a1.label}：成绩录入有误，经复核不应获奖`, a1.holderName],
      [r0.correctionNoticeId, `更正${a0.label}：姓名录入错字`, '王晓明'],
    ]) {
      const n = (await w.t.http().get(`/api/public/notices/${sid}`)).body;
      expect(n).toMatchObject({ kind: 'semifinal-awards', issuerName: '宿城区教育局', supplements: { id: noticeId }, window: { opens: '2025-12-24', closes: '2025-12-31' } });
      expect(n.title).toMatch(/获奖名单补充公示$/);
      expect(n.rows.map((r: { teacherName: string; note: string }) => [r.teacherName, r.note])).toEqual([[name, note]]);
    }
    const audit = await w.t.dataSource.query("SELECT entity_id FROM audit_entries WHERE action = 'award.correct' ORDER BY seq");
    expect(audit.map((x: { entity_id: string }) => Number(x.entity_id))).toEqual([a1.id, a0.id]);

    // Tuesday 30 December: the first window has closed, the supplementary notices' have not.
    w.t.clock.set('2025-12-30T02:00:00.000Z');
    const waiting = await expectRefused(w.t, () => w.t.http().post(`/api/award-rounds/${v.id}/finalise`).set(auth(d.token)), 409, 'LISTS_NOT_FINAL');
    expect(waiting.body.message).toContain(`notice ${r1.correctionNoticeId} open until 2025-12-31 24:00`);
    // Thursday 1 January 2026, Beijing time: every notice of the list is final.
    w.t.clock.set('2026-01-01T02:00:00.000Z');
    const fin = await w.t.http().post(`/api/award-rounds/${v.id}/finalise`).set(auth(d.token));
    expect(fin.status).toBe(200);
    const numbered = fin.body.awards.filter((a: { certificateNo: string | null }) => a.certificateNo);
    expect(numbered.map((a: { id: number }) => a.id)).toEqual(v.awards.filter((a: { id: number }) => a.id !== a1.id).map((a: { id: number }) => a.id));
    const no0 = numbered[0].certificateNo;
    expect((await w.t.http().get(`/api/public/certificates/${no0}/verification`)).body.holderName).toBe('王晓明');

    // After the list is final: a name corrected holds that certificate until its notice is final;
    // a removed award's certificate is void; a reinstated award is numbered once its notice is final.
    const no2 = fin.body.awards.find((a: { id: number }) => a.id === a2.id).certificateNo;
    const no3 = fin.body.awards.find((a: { id: number }) => a.id === a3.id).certificateNo;
    expect((await correct(d.token, { awardId: a2.id, action: 'amend', reason: '学校名称有误', schoolName: '宿城区实验小学' })).status).toBe(200);
    expect((await correct(d.token, { awardId: a3.id, action: 'revoke', reason: '复核发现该教师不符合参赛条件' })).status).toBe(200);
    const back = await correct(d.token, { awardId: a1.id, action: 'reinstate', reason: '经再次复核，成绩无误' });
    expect(back.status).toBe(200);
    const lateNotice = back.body.awards.find((a: { id: number }) => a.id === a1.id).correctionNoticeId;
    const pending = await w.t.http().get(`/api/public/certificates/${no2}/verification`);
    expect([pending.status, pending.body.code]).toEqual([409, 'CERTIFICATE_PENDING']);
    const voided = await w.t.http().get(`/api/public/certificates/${no3}/verification`);
    expect([voided.status, voided.body.code]).toEqual([410, 'CERTIFICATE_REVOKED']);
    expect((await w.t.http().get(`/api/public/certificates/${no0}/verification`)).status).toBe(200);
    const printable = (await w.t.http().get(`/api/award-rounds/${v.id}/certificates`).set(auth(d.token))).body.map((c: { number: string }) => c.number);
    expect(printable).not.toContain(no2);
    expect(printable).not.toContain(no3);
    expect(printable).toContain(no0);
    const school = d.schools.find((s) => s.id === a2.schoolId)!;
    const mine = (await w.t.http().get(`/api/schools/${school.id}/awards?contestId=${w.contestId}`).set(auth(school.token))).body;
    expect(mine.awards.find((a: { id: number }) => a.id === a2.id)).toMatchObject({ certificateState: 'pending', certificate: null });
    await expectRefused(w.t, () => w.t.http().post(`/api/award-rounds/${v.id}/finalise`).set(auth(d.token)), 409, 'LISTS_NOT_FINAL');

    const late = (await w.t.http().get(`/api/public/notices/${lateNotice}`)).body;
    w.t.clock.set(new Date(new Date(late.window.closesAt).getTime() + 3_600_000).toISOString());
    const again = await w.t.http().post(`/api/award-rounds/${v.id}/finalise`).set(auth(d.token));
    expect(again.status).toBe(200);
    // The reinstated award gets the next number; no number is reused.
    expect(again.body.awards.find((a: { id: number }) => a.id === a1.id).certificateNo).toBe('c2025-semifinal_DA-0007');
    const now2 = await w.t.http().get(`/api/public/certificates/${no2}/verification`);
    expect(now2.status).toBe(200);
    expect(now2.body.schoolName).toBe('宿城区实验小学');
    expect((await w.t.http().get(`/api/public/certificates/${no3}/verification`)).status).toBe(410);
    expect((await w.t.http().get('/api/public/certificates/c2025-semifinal_DA-0007/verification')).body.holderName).toBe(a1.holderName);
  });

  it("a school award's certificate is held by the school; a prize's by the teacher; never an ID number", async () => {
    const [d] = w.districts;
    await giveRound(w, 'semifinal', d.id, [...tenDistinct(d.schools[0].id), ...tenDistinct(d.schools[1].id, 'chinese')]);
    // School 0 submits its preliminary list on time: the organisation award.
    w.t.clock.set('2025-12-01T02:00:00.000Z');
    expect((await w.t.http().post(`/api/contests/${w.contestId}/entrant-lists/${d.schools[0].id}/submit`).set(auth(d.schools[0].token))).status).toBe(200);
    w.t.clock.set('2025-12-22T02:00:00.000Z');
    const v = (await w.t.http().post(`/api/contests/${w.contestId}/award-rounds`).set(auth(d.token)).send({ round: 'semifinal' })).body;
    const org = v.awards.find((a: { kind: string }) => a.kind === 'organisation');
    expect(org).toMatchObject({ holderKind: 'school', holderName: d.schools[0].name, maskedId: null });
    expect(v.awards.find((a: { kind: string }) => a.kind === 'prize').holderKind).toBe('teacher');
    // The city's overview of the districts follows the award list.
    const stage = async () => (await w.t.http().get(`/api/planning/contests/${w.contestId}/districts`).set(auth(w.cityToken))).body.districts.find((x: { districtId: number }) => x.districtId === d.id);
    expect(await stage()).toMatchObject({ awards: false, awardsState: 'computed' });
    await w.t.http().post(`/api/award-rounds/${v.id}/publish`).set(auth(d.token));
    expect(await stage()).toMatchObject({ awards: true, awardsState: 'published', stage: '复赛获奖名单公示中' });
    w.t.clock.set('2025-12-30T02:00:00.000Z');
    const fin = (await w.t.http().post(`/api/award-rounds/${v.id}/finalise`).set(auth(d.token))).body;
    expect(await stage()).toMatchObject({ awards: true, awardsState: 'final', stage: '复赛奖项已确定' });
    expect((await stage()).districtName).toBe('宿城区');
    const orgNo = fin.awards.find((a: { id: number }) => a.id === org.id).certificateNo;
    const prize = fin.awards.find((a: { kind: string }) => a.kind === 'prize');

    const verified = await w.t.http().get(`/api/public/certificates/${orgNo}/verification`);
    expect(verified.body).toMatchObject({ holderKind: 'school', holderName: d.schools[0].name, schoolName: d.schools[0].name, districtName: '宿城区', award: '组织奖', group: null });
    const teacher = await w.t.http().get(`/api/public/certificates/${prize.certificateNo}/verification`);
    expect(teacher.body).toMatchObject({ holderKind: 'teacher', holderName: prize.holderName, schoolName: prize.schoolName, districtName: '宿城区' });
    const printed = await w.t.http().get(`/api/certificates/${orgNo}`).set(auth(d.schools[0].token));
    expect(printed.body).toMatchObject({ holderKind: 'school', kind: 'organisation', holderName: d.schools[0].name });
    const ids: string[] = (await w.t.dataSource.query('SELECT id_number FROM teachers')).map((t: { id_number: string }) => t.id_number);
    for (const text of [verified.text, teacher.text, printed.text]) {
      for (const id of ids) expect(text).not.toContain(id);
      expect(text).not.toMatch(/\*{8}/);
    }
  });

  it('rate-limits guessing certificate numbers', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await w.t.http().get(`/api/public/certificates/c2025-final-${String(i).padStart(4, '0')}/verification`)).status);
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(404));
    expect(statuses.slice(30)).toEqual([429, 429]);
  });
});
