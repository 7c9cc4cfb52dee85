import { checkIdNumber, makeIdNumber } from '../../src/domain/id-number';
import { createTestApp, TestApp } from '../support/app';
import { snapshot } from '../support/db';
import { bearer, Factory } from '../support/factories';

const REGISTRY_TABLES = ['cities', 'districts', 'schools', 'teachers', 'audit_entries'];

describe('registry API', () => {
  let t: TestApp;
  let f: Factory;
  let city: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    city = bearer(await f.loginAs('city_admin'));
  });
  afterAll(() => t.close());

  describe('city', () => {
    it('is created, read and renamed with PUT /api/city', async () => {
      await t.http().get('/api/city').set(city).expect(404, { statusCode: 404, code: 'CITY_NOT_FOUND', message: 'The city has not been set up yet' });
      const created = await t.http().put('/api/city').set(city).send({ code: '3213', name: '宿迁市' }).expect(200);
      expect(created.body).toMatchObject({ code: '3213', name: '宿迁市' });
      await t.http().put('/api/city').set(city).send({ code: '3213', name: '宿迁' }).expect(200);
      const read = await t.http().get('/api/city').set(city).expect(200);
      expect(read.body).toMatchObject({ id: created.body.id, name: '宿迁' });
    });
  });

  describe('districts', () => {
    it('creates, reads, renames and lists with paging', async () => {
      const created = await t.http().post('/api/districts').set(city).send({ code: 'DX01', name: '宿城区' }).expect(201);
      expect(created.body).toEqual({
        id: expect.any(Number),
        code: 'DX01',
        name: '宿城区',
        createdAt: '2025-11-20T02:00:00.000Z',
        updatedAt: '2025-11-20T02:00:00.000Z',
      });
      t.clock.advance(60_000);
      const renamed = await t.http().patch(`/api/districts/${created.body.id}`).set(city).send({ name: '宿城' }).expect(200);
      expect(renamed.body).toMatchObject({ name: '宿城', updatedAt: '2025-11-20T02:01:00.000Z' });
      await t.http().get(`/api/districts/${created.body.id}`).set(city).expect(200);
      for (const code of ['DX02', 'DX03', 'DX04']) await f.district({ code, name: `区${code}` });

      const page = await t.http().get('/api/districts?page=2&pageSize=2&name=区DX').set(city).expect(200);
      expect(page.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
      expect(page.body.items.map((d: { code: string }) => d.code)).toEqual(['DX04']);
    });

    it('refuses a duplicate code with 409 DUPLICATE_DISTRICT_CODE', async () => {
      await f.district({ code: 'DUP1' });
      const res = await t.http().post('/api/districts').set(city).send({ code: 'DUP1', name: 'x' }).expect(409);
      expect(res.body).toEqual({
        statusCode: 409,
        code: 'DUPLICATE_DISTRICT_CODE',
        message: 'A district with this code already exists',
        details: [{ field: 'code', rule: 'unique', message: 'A district with this code already exists' }],
      });
    });

    it('answers 404 and 400 for unknown and malformed ids', async () => {
      await t.http().get('/api/districts/999999').set(city).expect(404).expect((r) => expect(r.body.code).toBe('DISTRICT_NOT_FOUND'));
      const res = await t.http().get('/api/districts/abc').set(city).expect(400);
      expect(res.body.code).toBe('INVALID_ID');
      expect(res.body.details).toEqual([{ field: 'id', rule: 'isId', message: 'id must be a positive whole number written in digits (1 to 2147483647)' }]);
    });
  });

  describe('schools', () => {
    it('creates with every attribute and filters the list', async () => {
      const d = await f.district();
      const other = await f.district();
      const body = { code: 'SC01', name: '东湖镇中心小学', districtId: d.id, stage: 'primary', isCentral: true, inDistrictSeat: false };
      const created = await t.http().post('/api/schools').set(city).send(body).expect(201);
      expect(created.body).toMatchObject({ ...body, district: { id: d.id, code: d.code, name: d.name } });
      await f.school({ code: 'SC02', name: '东湖镇红星小学', districtId: d.id, isCentral: false });
      await f.school({ code: 'SC03', name: '城关实验小学', districtId: d.id, inDistrictSeat: true, isCentral: false });
      await f.school({ code: 'SC04', name: '东湖镇初级中学', districtId: d.id, stage: 'junior' });
      await f.school({ code: 'SC05', name: '西岗镇中心小学', districtId: other.id });

      const codes = async (query: string) =>
        (await t.http().get(`/api/schools?${query}`).set(city).expect(200)).body.items.map((s: { code: string }) => s.code);
      expect(await codes(`districtId=${d.id}`)).toEqual(['SC01', 'SC02', 'SC03', 'SC04']);
      expect(await codes(`districtId=${d.id}&isCentral=true&stage=primary`)).toEqual(['SC01']);
      expect(await codes(`districtId=${d.id}&inDistrictSeat=true`)).toEqual(['SC03']);
      expect(await codes(`name=${encodeURIComponent('东湖镇')}`)).toEqual(['SC01', 'SC02', 'SC04']);
      expect(await codes('code=SC05')).toEqual(['SC05']);
      await t.http().get('/api/schools?isCentral=yes').set(city).expect(400);
    });

    it('changes flags; the stage is locked once the school has teachers (409)', async () => {
      const school = await f.school({ stage: 'primary' });
      const res = await t.http().patch(`/api/schools/${school.id}`).set(city).send({ isCentral: false, inDistrictSeat: true }).expect(200);
      expect(res.body).toMatchObject({ isCentral: false, inDistrictSeat: true });
      await t.http().patch(`/api/schools/${school.id}`).set(city).send({ stage: 'nine-year' }).expect(200);
      await f.teacher({ schoolId: school.id, stage: 'primary' });
      const locked = await t.http().patch(`/api/schools/${school.id}`).set(city).send({ stage: 'junior' }).expect(409);
      expect(locked.body.code).toBe('SCHOOL_STAGE_LOCKED');
    });
  });

  describe('teachers', () => {
    it('derives birth date, gender and group from the ID number; a lowercase x is stored as X', async () => {
      const school = await f.school({ stage: 'junior' });
      const id = makeIdNumber('320102', '19850312', '008');
      expect(id.endsWith('X')).toBe(true);
      const res = await t
        .http()
        .post('/api/teachers')
        .set(city)
        .send({ name: ' 王芳 ', idNumber: id.toLowerCase(), subject: 'physics', schoolId: school.id })
        .expect(201);
      expect(res.body).toMatchObject({
        name: '王芳',
        idNumber: id,
        idNumberMasked: false,
        birthDate: '1985-03-12',
        gender: 'female',
        stage: 'junior',
        group: 'junior-youth',
        subject: 'physics',
        subjectName: '物理',
        school: { id: school.id, code: school.code },
        districtId: school.districtId,
        transferredToSeat: false,
        priorAwards: [],
        exclusions: [],
        nearRetirement: false,
      });
      const read = await t.http().get(`/api/teachers/${res.body.id}`).set(city).expect(200);
      expect(read.body).toEqual(res.body);
    });

    it('puts the cut-off day in the youth group (inclusive) and older teachers in the senior group', async () => {
      const school = await f.school();
      const onCutoff = await f.teacher({ schoolId: school.id, idNumber: f.idNumber({ birth: '19800101' }) });
      const dayBefore = await f.teacher({ schoolId: school.id, idNumber: f.idNumber({ birth: '19791231' }) });
      expect(onCutoff.group).toBe('primary-youth');
      expect(dayBefore.group).toBe('senior');
    });

    it('reports exclusions and the near-retirement exemption', async () => {
      const seat = await f.school({ inDistrictSeat: true });
      const old = await f.teacher({
        schoolId: seat.id,
        idNumber: f.idNumber({ birth: '19640510', male: true }),
        transferredToSeat: true,
        priorAwards: [{ year: 2024, level: 'county', prize: 'first' }],
      });
      expect(old.exclusions.map((e) => e.code)).toEqual(['district-seat-school', 'transferred-to-district-seat', 'recent-first-prize']);
      expect(old.nearRetirement).toBe(true);
    });

    it('asks a nine-year school for the teacher’s stage, and checks the subject against it', async () => {
      const nine = await f.school({ stage: 'nine-year' });
      const base = { name: '李雷', subject: 'science', schoolId: nine.id };
      const noStage = await t.http().post('/api/teachers').set(city).send({ ...base, idNumber: f.idNumber() }).expect(400);
      expect(noStage.body).toMatchObject({ code: 'INVALID_STAGE', details: [{ field: 'stage' }] });
      const wrong = await t.http().post('/api/teachers').set(city).send({ ...base, idNumber: f.idNumber(), stage: 'junior' }).expect(400);
      expect(wrong.body).toMatchObject({
        code: 'INVALID_SUBJECT',
        message: 'Subject science (科学) is not offered at the junior stage',
        details: [{ field: 'subject', rule: 'stage' }],
      });
      const ok = await t.http().post('/api/teachers').set(city).send({ ...base, idNumber: f.idNumber(), stage: 'primary' }).expect(201);
      expect(ok.body).toMatchObject({ stage: 'primary', group: expect.any(String) });
      const unknown = await t.http().post('/api/teachers').set(city).send({ ...base, subject: 'latin', idNumber: f.idNumber(), stage: 'primary' }).expect(400);
      expect(unknown.body.code).toBe('INVALID_SUBJECT');
    });

    it('updates a teacher: a corrected ID number changes birth date and gender', async () => {
      const teacher = await f.teacher({ idNumber: f.idNumber({ birth: '19900101', male: true }) });
      const corrected = makeIdNumber('320102', '19700615', '124');
      const res = await t.http().patch(`/api/teachers/${teacher.id}`).set(city).send({ idNumber: corrected, name: '张三', subject: 'chinese' }).expect(200);
      expect(res.body).toMatchObject({ idNumber: corrected, birthDate: '1970-06-15', gender: 'female', group: 'senior', name: '张三', subject: 'chinese' });
    });

    it('lists with paging and filters: school, district, subject, group, name, stage', async () => {
      const d = await f.district();
      const s1 = await f.school({ districtId: d.id, stage: 'primary' });
      const s2 = await f.school({ districtId: d.id, stage: 'junior' });
      const made = [
        await f.teacher({ schoolId: s1.id, name: '赵一', subject: 'math', idNumber: f.idNumber({ birth: '19900101' }) }),
        await f.teacher({ schoolId: s1.id, name: '赵二', subject: 'chinese', idNumber: f.idNumber({ birth: '19700101' }) }),
        await f.teacher({ schoolId: s2.id, name: '钱三', subject: 'math', idNumber: f.idNumber({ birth: '19920101' }) }),
        await f.teacher({ schoolId: s2.id, name: '孙四', subject: 'physics', idNumber: f.idNumber({ birth: '19650101' }) }),
      ];
      const names = async (query: string) => {
        const res = await t.http().get(`/api/teachers?districtId=${d.id}&${query}`).set(city).expect(200);
        return res.body.items.map((x: { name: string }) => x.name);
      };
      expect(await names('')).toEqual(['赵一', '赵二', '钱三', '孙四']);
      expect(await names(`schoolId=${s2.id}`)).toEqual(['钱三', '孙四']);
      expect(await names('subject=math')).toEqual(['赵一', '钱三']);
      expect(await names('group=primary-youth')).toEqual(['赵一']);
      expect(await names('group=junior-youth')).toEqual(['钱三']);
      expect(await names('group=senior')).toEqual(['赵二', '孙四']);
      expect(await names(`name=${encodeURIComponent('赵')}`)).toEqual(['赵一', '赵二']);
      expect(await names('stage=junior&subject=physics')).toEqual(['孙四']);
      expect(await names(`idNumber=${made[2].idNumber}`)).toEqual(['钱三']);
      // LIKE wildcards in the search text are literal.
      expect(await names('name=%25')).toEqual([]);

      const page = await t.http().get(`/api/teachers?districtId=${d.id}&page=2&pageSize=3`).set(city).expect(200);
      expect(page.body).toMatchObject({ total: 4, page: 2, pageSize: 3 });
      expect(page.body.items.map((x: { id: number }) => x.id)).toEqual([made[3].id]);
      await t.http().get('/api/teachers?pageSize=200').set(city).expect(200);
      const tooBig = await t.http().get('/api/teachers?pageSize=201').set(city).expect(400);
      expect(tooBig.body.details).toEqual([{ field: 'pageSize', rule: 'max', message: 'pageSize must not be greater than 200' }]);
      await t.http().get('/api/teachers?page=0').set(city).expect(400);
    });

    it('refuses a duplicate ID number with 409 DUPLICATE_ID_NUMBER naming the field', async () => {
      const first = await f.teacher();
      const before = await snapshot(t.dataSource, ...REGISTRY_TABLES);
      const res = await t
        .http()
        .post('/api/teachers')
        .set(city)
        .send({ name: '重复', idNumber: first.idNumber, subject: 'math', schoolId: first.schoolId })
        .expect(409);
      expect(res.body).toMatchObject({
        statusCode: 409,
        code: 'DUPLICATE_ID_NUMBER',
        details: [{ field: 'idNumber', rule: 'unique' }],
      });
      expect(res.body.message).toContain(`ID number ${first.idNumber} is already registered at school ${first.school.code}`);
      expect(await snapshot(t.dataSource, ...REGISTRY_TABLES)).toEqual(before);
      // The same holds for an update onto another teacher's number.
      const second = await f.teacher({ schoolId: first.schoolId });
      await t.http().patch(`/api/teachers/${second.id}`).set(city).send({ idNumber: first.idNumber }).expect(409);
    });

    describe('400s change nothing', () => {
      let schoolId: number;
      let before: Record<string, unknown[]>;
      beforeAll(async () => {
        schoolId = (await f.school()).id;
      });
      beforeEach(async () => {
        before = await snapshot(t.dataSource, ...REGISTRY_TABLES);
      });
      afterEach(async () => {
        expect(await snapshot(t.dataSource, ...REGISTRY_TABLES)).toEqual(before);
      });
      const valid = () => ({ name: '周五', idNumber: f.idNumber(), subject: 'math', schoolId });

      it('an unknown field', async () => {
        const res = await t.http().post('/api/teachers').set(city).send({ ...valid(), birthDate: '1980-01-01' }).expect(400);
        expect(res.body).toEqual({
          statusCode: 400,
          code: 'VALIDATION_FAILED',
          message: 'Validation failed: property birthDate should not exist',
          details: [{ field: 'birthDate', rule: 'unknown', message: 'property birthDate should not exist' }],
        });
      });

      it('a wrong type (no coercion of "12" or "yes")', async () => {
        const res = await t.http().post('/api/teachers').set(city).send({ ...valid(), schoolId: String(schoolId), transferredToSeat: 'yes' }).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.details).toEqual(
          expect.arrayContaining([
            { field: 'schoolId', rule: 'isInt', message: 'schoolId must be an integer number' },
            { field: 'transferredToSeat', rule: 'isBoolean', message: 'transferredToSeat must be a boolean value' },
          ]),
        );
      });

      it('a nested field of a prior award', async () => {
        const res = await t
          .http()
          .post('/api/teachers')
          .set(city)
          .send({ ...valid(), priorAwards: [{ year: 2024, level: 'galactic', prize: 'first' }] })
          .expect(400);
        expect(res.body.details).toEqual([
          { field: 'priorAwards.0.level', rule: 'isIn', message: expect.stringContaining('level must be one of') },
        ]);
      });

      it.each([
        ['a wrong check character', () => makeIdNumber('320102', '19850312', '123').slice(0, 17) + '0'],
        ['an impossible date', () => '320102' + '19850230' + '1234'],
        ['a legacy 15-digit number', () => '320102850312123'],
        ['a birth date after today (the service clock)', () => makeIdNumber('320102', '20260101', '123')],
      ])('an invalid ID number: %s (message = the domain reason, field idNumber)', async (_what, make) => {
        const idNumber = make();
        const check = checkIdNumber(idNumber, { today: '2025-11-20' });
        if (check.valid) throw new Error('expected an invalid number');
        const res = await t.http().post('/api/teachers').set(city).send({ ...valid(), idNumber }).expect(400);
        expect(res.body).toEqual({
          statusCode: 400,
          code: 'INVALID_ID_NUMBER',
          message: check.reason,
          details: [{ field: 'idNumber', rule: check.code, message: check.reason }],
        });
      });

      it('an invalid ID number in an update', async () => {
        const teacher = (await t.http().get(`/api/teachers?schoolId=${schoolId}`).set(city)).body.items[0];
        const target = teacher ? teacher.id : 1;
        const res = await t.http().patch(`/api/teachers/${target}`).set(city).send({ idNumber: '32010219850312123' }).expect(400);
        expect(res.body).toMatchObject({ code: 'INVALID_ID_NUMBER', details: [{ field: 'idNumber', rule: 'length' }] });
      });
    });
  });
});
