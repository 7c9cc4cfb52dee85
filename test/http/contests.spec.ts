import { defaultPreset } from '../../src/domain/preset';
import { createTestApp, TestApp } from '../support/app';
import { snapshot } from '../support/db';
import { bearer, Factory } from '../support/factories';

/**
 * Every test makes the contests it works on (unique codes). The current contest is the one of the
 * latest year (then the latest created): a test that needs its contest to be current creates it
 * in the latest year any contest of the file has (2025 when it runs alone).
 */
describe('contests and rounds', () => {
  let t: TestApp;
  let f: Factory;
  let city: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    city = bearer(await f.loginAs('city_admin'));
  });
  afterAll(() => t.close());
  beforeEach(() => t.clock.set('2025-11-20T02:00:00.000Z'));

  /** The latest year of any contest, or 2025. */
  const latestYear = async (): Promise<number> => {
    const [{ y }] = await t.dataSource.query('SELECT MAX(year) AS y FROM contests');
    return Math.max(2025, Number(y ?? 0));
  };
  /** A new contest through the API (unique code), of the year given or the latest one (so it is the current contest). */
  const newContest = async (year?: number): Promise<{ id: number; code: string; year: number }> => {
    const y = year ?? (await latestYear());
    return (await t.http().post('/api/contests').set(city).send({ code: `C${f.unique()}`, name: `${y}年教学技能比赛`, year: y }).expect(201)).body;
  };

  it('creates a contest whose defaults come from the preset', async () => {
    const preset = defaultPreset();
    const year = await latestYear();
    const code = `C${f.unique()}`;
    const res = await t.http().post('/api/contests').set(city).send({ code, name: `${year}年教学技能比赛`, year }).expect(201);
    const contestId = res.body.id;
    expect(res.body).toMatchObject({
      code,
      year,
      isCurrent: true,
      youthCutoff: { date: '1980-01-01', inclusive: true },
      subjects: preset.subjects,
      advancement: { semifinal: { rate: 30, recommendedShare: 60 }, final: { rate: 10, recommendedShare: 60 } },
      prizes: preset.prizes,
      holidays: [],
      settings: { sheets: preset.sheets, aggregation: preset.aggregation, nearRetirement: preset.nearRetirement },
    });
    expect(res.body.rounds).toEqual([
      { id: expect.any(Number), code: 'preliminary', name: '初赛', organiser: 'school', startsOn: null, endsOn: null, deadline: `${year}-12-02`, deadlinePassed: false },
      { id: expect.any(Number), code: 'semifinal', name: '复赛', organiser: 'district', startsOn: null, endsOn: null, deadline: `${year}-12-15`, deadlinePassed: false },
      { id: expect.any(Number), code: 'final', name: '决赛', organiser: 'city', startsOn: null, endsOn: null, deadline: `${year}-12-31`, deadlinePassed: false },
    ]);
    await t.http().get('/api/contests/current').set(city).expect(200).expect((r) => expect(r.body.id).toBe(contestId));
    const dup = await t.http().post('/api/contests').set(city).send({ code, name: 'x', year: 2024 }).expect(409);
    expect(dup.body.code).toBe('DUPLICATE_CONTEST_CODE');
  });

  it('changes the cut-off, rates, prize shares and holiday calendar', async () => {
    const { id: contestId } = await newContest();
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
    const { id: contestId } = await newContest();
    await t.http().patch(`/api/contests/${contestId}`).set(city).send({ youthCutoff: { date: '1985-06-30', inclusive: false } }).expect(200);
    const school = await f.school();
    const onDay = await f.teacher({ schoolId: school.id, idNumber: f.idNumber({ birth: '19850630' }) });
    const after = await f.teacher({ schoolId: school.id, idNumber: f.idNumber({ birth: '19850701' }) });
    expect(onDay.group).toBe('senior'); // not inclusive
    expect(after.group).toBe('primary-youth');
    const filtered = await t.http().get(`/api/teachers?schoolId=${school.id}&group=senior`).set(city).expect(200);
    expect(filtered.body.items.map((x: { id: number }) => x.id)).toEqual([onDay.id]);
  });

  it('changes a round; deadlinePassed follows the service clock', async () => {
    const { id: contestId } = await newContest(2025);
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
    let contestId: number;
    let before: Record<string, unknown[]>;
    // The contest each test refuses a change of (the current one: a subject in use is checked there).
    beforeEach(async () => {
      contestId = (await newContest()).id;
    });
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
    const year = await latestYear();
    const mine = [await newContest(year), await newContest(year - 1)];
    const next = await t.http().post('/api/contests').set(city).send({ code: `C${f.unique()}`, name: `${year + 1}`, year: year + 1 }).expect(201);
    expect(next.body.isCurrent).toBe(true);
    const codes = [next.body.code, ...mine.map((c) => c.code)];
    const list = await t.http().get('/api/contests?pageSize=200').set(city).expect(200);
    const items = list.body.items.filter((c: { code: string }) => codes.includes(c.code));
    expect(items.map((c: { code: string }) => c.code)).toEqual(codes);
    expect(items.map((c: { isCurrent: boolean }) => c.isCurrent)).toEqual([true, false, false]);
    // The latest year first: every contest of the list, in years and then newest first.
    expect(list.body.items[0].code).toBe(next.body.code);
  });
});
