import { defaultPreset } from '../../src/domain/preset';
import { createTestApp, TestApp } from '../support/app';
import { snapshot } from '../support/db';
import { bearer, Factory } from '../support/factories';

describe('contests and rounds', () => {
  let t: TestApp;
  let f: Factory;
  let city: Record<string, string>;
  let contestId: number;

  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    city = bearer(await f.loginAs('city_admin'));
  });
  afterAll(() => t.close());

  it('creates a contest whose defaults come from the preset', async () => {
    const preset = defaultPreset();
    const res = await t.http().post('/api/contests').set(city).send({ code: 'C2025', name: '2025年教学技能比赛', year: 2025 }).expect(201);
    contestId = res.body.id;
    expect(res.body).toMatchObject({
      code: 'C2025',
      year: 2025,
      isCurrent: true,
      youthCutoff: { date: '1980-01-01', inclusive: true },
      subjects: preset.subjects,
      advancement: { semifinal: { rate: 30, recommendedShare: 60 }, final: { rate: 10, recommendedShare: 60 } },
      prizes: preset.prizes,
      holidays: [],
      settings: { sheets: preset.sheets, aggregation: preset.aggregation, nearRetirement: preset.nearRetirement },
    });
    expect(res.body.rounds).toEqual([
      { id: expect.any(Number), code: 'preliminary', name: '初赛', organiser: 'school', startsOn: null, endsOn: null, deadline: '2025-12-02', deadlinePassed: false },
      { id: expect.any(Number), code: 'semifinal', name: '复赛', organiser: 'district', startsOn: null, endsOn: null, deadline: '2025-12-15', deadlinePassed: false },
      { id: expect.any(Number), code: 'final', name: '决赛', organiser: 'city', startsOn: null, endsOn: null, deadline: '2025-12-31', deadlinePassed: false },
    ]);
    await t.http().get('/api/contests/current').set(city).expect(200).expect((r) => expect(r.body.id).toBe(contestId));
    const dup = await t.http().post('/api/contests').set(city).send({ code: 'C2025', name: 'x', year: 2024 }).expect(409);
    expect(dup.body.code).toBe('DUPLICATE_CONTEST_CODE');
  });

  it('changes the cut-off, rates, prize shares and holiday calendar', async () => {
    const holidays = [
      { date: '2025-10-01', kind: 'holiday', name: '国庆节' },
      { date: '2025-09-28', kind: 'workday', name: '调休' },
    ];
    const res = await t
      .http()
      .patch(`/api/contests/${contestId}`)
      .set(city)
      .send({
        youthCutoff: { date: '1985-06-30', inclusive: false },
        advancement: { semifinal: { rate: 25, recommendedShare: 50 }, final: { rate: 10, recommendedShare: 60 } },
        prizes: { semifinal: [{ prize: 'first', name: '一等奖', share: 10 }], final: [{ prize: 'first', name: '一等奖', share: 10 }] },
        holidays,
      })
      .expect(200);
    expect(res.body).toMatchObject({ youthCutoff: { date: '1985-06-30', inclusive: false }, advancement: { semifinal: { rate: 25 } }, holidays });
  });

  it("applies the current contest's cut-off to teachers' groups", async () => {
    const school = await f.school();
    const onDay = await f.teacher({ schoolId: school.id, idNumber: f.idNumber({ birth: '19850630' }) });
    const after = await f.teacher({ schoolId: school.id, idNumber: f.idNumber({ birth: '19850701' }) });
    expect(onDay.group).toBe('senior'); // not inclusive
    expect(after.group).toBe('primary-youth');
    const filtered = await t.http().get(`/api/teachers?schoolId=${school.id}&group=senior`).set(city).expect(200);
    expect(filtered.body.items.map((x: { id: number }) => x.id)).toEqual([onDay.id]);
  });

  it('changes a round; deadlinePassed follows the service clock', async () => {
    const res = await t
      .http()
      .patch(`/api/contests/${contestId}/rounds/preliminary`)
      .set(city)
      .send({ startsOn: '2025-11-17', endsOn: '2025-11-28', deadline: '2025-12-02' })
      .expect(200);
    expect(res.body).toMatchObject({ startsOn: '2025-11-17', endsOn: '2025-11-28', deadline: '2025-12-02', deadlinePassed: false });
    // 2 December 23:59 in China is still on time; 3 December 00:00 (China) is late.
    t.clock.set('2025-12-02T15:59:00.000Z');
    expect((await t.http().get(`/api/contests/${contestId}/rounds`).set(city)).body[0].deadlinePassed).toBe(false);
    t.clock.set('2025-12-02T16:00:00.000Z');
    expect((await t.http().get(`/api/contests/${contestId}/rounds`).set(city)).body[0].deadlinePassed).toBe(true);
    t.clock.set('2025-11-20T02:00:00.000Z');
    await t.http().patch(`/api/contests/${contestId}/rounds/quarterfinal`).set(city).send({ name: 'x' }).expect(400);
    const bad = await t.http().patch(`/api/contests/${contestId}/rounds/semifinal`).set(city).send({ startsOn: '2025-12-12', endsOn: '2025-12-08' }).expect(400);
    expect(bad.body).toMatchObject({ code: 'INVALID_CONTEST_SETTINGS', details: [{ field: 'endsOn', rule: 'after-start' }] });
    await t.http().patch(`/api/contests/${contestId}/rounds/semifinal`).set(city).send({ startsOn: null }).expect(200);
  });

  describe('refuses settings that make no sense, changing nothing', () => {
    let before: Record<string, unknown[]>;
    beforeEach(async () => {
      before = await snapshot(t.dataSource, 'contests', 'contest_rounds', 'audit_entries');
    });
    afterEach(async () => {
      expect(await snapshot(t.dataSource, 'contests', 'contest_rounds', 'audit_entries')).toEqual(before);
    });
    const patch = (body: object) => t.http().patch(`/api/contests/${contestId}`).set(city).send(body);

    it.each([
      [{ youthCutoff: { date: '1980-02-30', inclusive: true } }, 'VALIDATION_FAILED', 'youthCutoff.date'],
      [{ youthCutoff: { date: '1980-01-01' } }, 'VALIDATION_FAILED', 'youthCutoff.inclusive'],
      [{ holidays: [{ date: '2025-10-08', kind: 'workday' }] }, 'INVALID_CONTEST_SETTINGS', 'holidays.0.kind'],
      [{ holidays: [{ date: '2025-10-01', kind: 'holiday' }, { date: '2025-10-01', kind: 'holiday' }] }, 'INVALID_CONTEST_SETTINGS', 'holidays.1.date'],
      [{ holidays: [{ date: '2025-10-01', kind: 'vacation' }] }, 'VALIDATION_FAILED', 'holidays.0.kind'],
      [{ prizes: { semifinal: [{ prize: 'third', name: '三等奖', share: 10 }], final: [] } }, 'INVALID_CONTEST_SETTINGS', 'prizes.semifinal.0.prize'],
      [{ prizes: { semifinal: [], final: [{ prize: 'first', name: 'a', share: 60 }, { prize: 'second', name: 'b', share: 50 }] } }, 'INVALID_CONTEST_SETTINGS', 'prizes.final'],
      [{ advancement: { semifinal: { rate: 130, recommendedShare: 60 }, final: { rate: 10, recommendedShare: 60 } } }, 'VALIDATION_FAILED', 'advancement.semifinal.rate'],
      [{ subjects: [{ code: 'math', name: '数学', stages: ['primary'], featured: 'design' }, { code: 'math', name: '数学', stages: ['junior'], featured: 'design' }] }, 'INVALID_CONTEST_SETTINGS', 'subjects.1.code'],
      [{ year: '2025' }, 'VALIDATION_FAILED', 'year'],
      [{ code: 'NEW' }, 'VALIDATION_FAILED', 'code'],
    ])('%j → %s on %s', async (body, code, field) => {
      const res = await patch(body).expect(400);
      expect(res.body.code).toBe(code);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    });

    it('a subject still taught by registered teachers cannot be dropped (409 SUBJECT_IN_USE)', async () => {
      await f.teacher({ subject: 'music' });
      before = await snapshot(t.dataSource, 'contests', 'contest_rounds', 'audit_entries');
      const subjects = defaultPreset().subjects.filter((s) => s.code !== 'music');
      const res = await patch({ subjects });
      expect(res.body).toMatchObject({ statusCode: 409 });
      expect(res.body.code).toBe('SUBJECT_IN_USE');
      expect(res.body.message).toContain('music (primary');
    });
  });

  it('the latest year is the current contest', async () => {
    await t.http().post('/api/contests').set(city).send({ code: 'C2024', name: '2024', year: 2024 }).expect(201);
    const next = await t.http().post('/api/contests').set(city).send({ code: 'C2026', name: '2026', year: 2026 }).expect(201);
    expect(next.body.isCurrent).toBe(true);
    const list = await t.http().get('/api/contests').set(city).expect(200);
    expect(list.body.items.map((c: { code: string }) => c.code)).toEqual(['C2026', 'C2025', 'C2024']);
    expect(list.body.items.map((c: { isCurrent: boolean }) => c.isCurrent)).toEqual([true, false, false]);
  });
});
