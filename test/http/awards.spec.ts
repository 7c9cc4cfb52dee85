/** Computing a round's prizes and awards over HTTP (SQLite, and PostgreSQL with TEST_DATABASE_URL). */
import ExcelJS from 'exceljs';
import { auth, AwardWorld, createAwardWorld, expectRefused, giveRound, tenDistinct } from './awards.support';

jest.setTimeout(120_000);

describe('awards: computing a round', () => {
  let w: AwardWorld;
  beforeEach(async () => {
    w = await createAwardWorld([[true, false], [true]]);
  });
  afterEach(() => w.t.close());

  const compute = (token: string, body: Record<string, unknown>) =>
    w.t.http().post(`/api/contests/${w.contestId}/award-rounds`).set(auth(token)).send(body);

  it("the district computes its semi-final: per group every step of the counts and the winners in rank order", async () => {
    const [d] = w.districts;
    // math: 10 contestants of school 0; chinese: 4 of school 1 with a tie at 2nd place.
    await giveRound(w, 'semifinal', d.id, [
      ...tenDistinct(d.schools[0].id),
      ...[88, 85, 85, 80].map((total) => ({ schoolId: d.schools[1].id, subject: 'chinese', total })),
      { schoolId: d.schools[1].id, subject: 'chinese', total: null },
    ]);
    const res = await compute(d.token, { round: 'semifinal' });
    expect(res.status).toBe(200);
    const v = res.body;
    expect(v).toMatchObject({ round: 'semifinal', districtId: d.id, state: 'computed' });
    // C = 14 (the one without a result does not count): first round(2.1) = 2, second round(2.8) = 3.
    expect(v.report.contestants).toBe(14);
    expect(v.report.levels.map((l: { total: number }) => l.total)).toEqual([2, 3]);
    expect(v.report.issuingBody).toBe('宿城区教育局');
    const [chinese, math] = v.report.groups;
    expect(chinese).toMatchObject({ code: 'chinese-primary-youth', subjectName: '语文', groupName: '小学青年组', contestants: 4 });
    expect(chinese.levels[0]).toMatchObject({ name: '一等奖', exactShare: '0.60', floor: 0, remainder: '0.60', tieOrder: 1, extra: 1, count: 1 });
    // second: 0.80 → the leftover; 85 and 85 share rank 2: at the last level the group has one more.
    expect(chinese.levels[1]).toMatchObject({ apportioned: 1, tieShiftIn: 1, count: 2 });
    expect(chinese.tieShifts).toEqual([{ prize: 'second', rank: 2, added: 1, takenFrom: [], overflow: 1 }]);
    expect(math.levels.map((l: { count: number }) => l.count)).toEqual([1, 2]);
    expect(v.awards.map((a: { label: string; rank: number; position: number }) => [a.position, a.label, a.rank])).toEqual([
      [1, '一等奖', 1],
      [2, '一等奖', 1],
      [3, '二等奖', 2],
      [4, '二等奖', 2],
      [5, '二等奖', 2],
      [6, '二等奖', 3],
    ]);
    expect(v.awards[0].maskedId).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    // The organisation award: no list was submitted on time, so nobody.
    expect(v.report.organisation.map((r: { awarded: boolean }) => r.awarded)).toEqual([false, false]);

    // Recomputing before publication replaces the list.
    const again = await compute(d.token, { round: 'semifinal', districtId: d.id });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(v.id);
    expect(again.body.awards).toHaveLength(6);

    // The report as JSON and as Excel: ID numbers in full for the district, as text; A4 landscape; print titles.
    const json = await w.t.http().get(`/api/award-rounds/${v.id}/report.json`).set(auth(d.token));
    expect(json.status).toBe(200);
    expect(json.headers['content-disposition']).toContain('attachment');
    const xlsx = await w.t
      .http()
      .get(`/api/award-rounds/${v.id}/report.xlsx`)
      .set(auth(d.token))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    const ws = wb.getWorksheet('获奖名单')!;
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, printTitlesRow: '3:3' });
    const id = ws.getRow(4).getCell(5);
    expect(typeof id.value).toBe('string');
    expect(String(id.value)).toMatch(/^\d{17}[\dX]$/);
    expect(id.numFmt).toBe('@');
    // The organisation award's conditions per school, on a sheet of their own.
    const os = wb.getWorksheet('组织奖')!;
    expect(os.getRow(1).values).toEqual([undefined, '学校', '初赛人数', '应参赛人数', '参赛率', '百分比', '按时报送', '无成立的异议', '结果']);
    expect(os.rowCount).toBe(1 + v.report.organisation.length);
    expect(os.getRow(2).getCell(6).value).toBe('否');
  });

  it('the organisation award goes to a school whose list was submitted on time, at full participation', async () => {
    const [d] = w.districts;
    await giveRound(w, 'semifinal', d.id, [...tenDistinct(d.schools[0].id), ...tenDistinct(d.schools[1].id, 'chinese')]);
    // School 0 submits its preliminary list before the deadline (2 December); school 1 never does.
    const submit = await w.t.http().post(`/api/contests/${w.contestId}/entrant-lists/${d.schools[0].id}/submit`).set(auth(d.schools[0].token));
    expect(submit.status).toBe(200);
    const res = await compute(d.token, { round: 'semifinal' });
    expect(res.status).toBe(200);
    const org = res.body.report.organisation;
    expect(org.map((r: { schoolId: number; participation: string; onTime: boolean; awarded: boolean }) => [r.schoolId, r.participation, r.onTime, r.awarded])).toEqual([
      [d.schools[0].id, '1/1', true, true],
      [d.schools[1].id, '1/1', false, false],
    ]);
    const award = res.body.awards.filter((a: { kind: string }) => a.kind === 'organisation');
    expect(award.map((a: { holderName: string; label: string }) => [a.holderName, a.label])).toEqual([[d.schools[0].name, '组织奖']]);
  });

  it('the city computes the final with the excellent team award per district, central and non-central apart', async () => {
    const [a, b] = w.districts;
    await giveRound(w, 'semifinal', a.id, [{ schoolId: a.schools[0].id, total: 80 }]);
    await giveRound(w, 'final', null, [
      ...tenDistinct(a.schools[0].id).slice(0, 5),
      ...tenDistinct(a.schools[1].id).slice(5),
      { schoolId: b.schools[0].id, total: 70 },
    ]);
    const res = await compute(w.cityToken, { round: 'final' });
    expect(res.status).toBe(200);
    const team = res.body.report.team;
    expect(team.map((t: { districtCode: string; central: boolean; awarded: number }) => [t.districtCode, t.central, t.awarded])).toEqual([
      ['DA', true, 1],
      ['DA', false, 1],
      ['DB', true, 0],
    ]);
    expect(res.body.awards.filter((x: { kind: string }) => x.kind === 'team').map((x: { label: string }) => x.label)).toEqual([
      '优秀团队奖（中心校）',
      '优秀团队奖（非中心校）',
    ]);
    expect(res.body.report.organisation).toBeNull();
  });

  it('refuses to compute before every panel is locked and announced, and changes nothing', async () => {
    const [d] = w.districts;
    await giveRound(w, 'semifinal', d.id, tenDistinct(d.schools[0].id));
    await giveRound(w, 'semifinal', d.id, [{ schoolId: d.schools[1].id, total: 70 }], { locked: true, announced: false });
    const r = await expectRefused(w.t, () => compute(d.token, { round: 'semifinal' }), 409, 'RESULTS_NOT_LOCKED');
    expect(r.body.details[0]).toMatchObject({ rule: 'locked-and-announced' });
    expect(r.body.details[0].message).toMatch(/not announced/);
    await giveRound(w, 'semifinal', d.id, [{ schoolId: d.schools[1].id, total: 70 }], { locked: false });
    await expectRefused(w.t, () => compute(w.cityToken, { round: 'final' }), 409, 'RESULTS_NOT_LOCKED');
  });

  it('refuses the wrong body: a district for the final or another district, the city for a semi-final, a school', async () => {
    const [a, b] = w.districts;
    await giveRound(w, 'semifinal', a.id, tenDistinct(a.schools[0].id));
    await expectRefused(w.t, () => compute(a.token, { round: 'final' }), 403, 'AWARDS_WRONG_BODY');
    await expectRefused(w.t, () => compute(b.token, { round: 'semifinal', districtId: a.id }), 403, 'AWARDS_WRONG_BODY');
    await expectRefused(w.t, () => compute(w.cityToken, { round: 'semifinal', districtId: a.id }), 403, 'AWARDS_WRONG_BODY');
    await expectRefused(w.t, () => compute(a.schools[0].token, { round: 'semifinal' }), 403, 'ROLE_FORBIDDEN');
    const bad = await expectRefused(w.t, () => compute(a.token, { round: 'quarterfinal' }), 400, 'VALIDATION_FAILED');
    expect(bad.body.details[0].field).toBe('round');
    // Another district does not read this district's report.
    const ok = await compute(a.token, { round: 'semifinal' });
    expect((await w.t.http().get(`/api/award-rounds/${ok.body.id}`).set(auth(b.token))).status).toBe(403);
    expect((await w.t.http().get(`/api/award-rounds/${ok.body.id}`).set(auth(w.cityToken))).status).toBe(200);
  });

  it('firstPrizeInEveryGroup set by the city gives every group a first prize', async () => {
    const [d] = w.districts;
    await giveRound(w, 'semifinal', d.id, [...tenDistinct(d.schools[0].id), { schoolId: d.schools[1].id, subject: 'art', total: 60 }]);
    const off = await compute(d.token, { round: 'semifinal' });
    expect(off.body.report.groups.find((g: { subject: string }) => g.subject === 'art').levels[0].count).toBe(0);
    const put = await w.t.http().put(`/api/contests/${w.contestId}/award-options`).set(auth(w.cityToken)).send({ firstPrizeInEveryGroup: true });
    expect(put.status).toBe(200);
    await expectRefused(w.t, () => w.t.http().put(`/api/contests/${w.contestId}/award-options`).set(auth(d.token)).send({ teamShare: 10 }), 403, 'ROLE_FORBIDDEN');
    await expectRefused(w.t, () => w.t.http().put(`/api/contests/${w.contestId}/award-options`).set(auth(w.cityToken)).send({ teamShare: 101 }), 400, 'VALIDATION_FAILED');
    const on = await compute(d.token, { round: 'semifinal' });
    const art = on.body.report.groups.find((g: { subject: string }) => g.subject === 'art');
    expect(art.levels[0]).toMatchObject({ forced: 1, count: 1 });

    // Single-item awards (option): per group and item, everyone at the highest item score.
    expect((await w.t.http().put(`/api/contests/${w.contestId}/award-options`).set(auth(w.cityToken)).send({ singleItemAwards: true })).status).toBe(200);
    const items = await compute(d.token, { round: 'semifinal' });
    const single = items.body.awards.filter((a: { kind: string }) => a.kind === 'single-item');
    // math: the four items are 8, 8, 20 and total − 36; the first three are equal for all ten.
    const math = items.body.report.groups.find((g: { subject: string }) => g.subject === 'math');
    expect(math.singleItems.map((x: { itemName: string; entrantIds: number[] }) => [x.itemName, x.entrantIds.length])).toEqual([
      ['书写技能', 10],
      ['学科经典案例展示', 10],
      ['教学设计与科技运用', 10],
      ['课堂教学', 1],
    ]);
    expect(single.filter((a: { label: string }) => a.label === '单项奖（课堂教学）')).toHaveLength(2);
  });
});
