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

    const after = (await w.t.http().get(`/api/award-rounds/${v.id}`).set(auth(d.token))).body;
    const removed = after.awards[2];
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

  it('rate-limits guessing certificate numbers', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await w.t.http().get(`/api/public/certificates/c2025-final-${String(i).padStart(4, '0')}/verification`)).status);
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(404));
    expect(statuses.slice(30)).toEqual([429, 429]);
  });
});
