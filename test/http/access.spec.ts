/**
 * Who may do what: every role's refusals (401 without or with a bad token; 403 ROLE_FORBIDDEN
 * for a role that may not; 403 OUT_OF_SCOPE for another district's or school's records), the
 * scope of lists, and the masking of ID numbers.
 *
 * The matrix is driven by the access policy (src/access): each case names its action, and every
 * role the policy does not open the action to is expected to get ROLE_FORBIDDEN; a case states the
 * outcome only for the roles the policy allows (success, SCOPE, or ROLE where the rule refuses
 * that kind of record).
 */
import { JwtService } from '@nestjs/jwt';
import { ModulesContainer } from '@nestjs/core';
import { PATH_METADATA } from '@nestjs/common/constants';
import { Action, isAction, rolesOf } from '../../src/access/policy';
import { ACTION_KEY, IS_PUBLIC } from '../../src/common/auth.decorators';
import { AccountsService } from '../../src/auth/accounts.service';
import { AuthUser, Role } from '../../src/common/roles';
import { ContestsService } from '../../src/contests/contests.service';
import { maskIdNumber } from '../../src/domain/id-number';
import { Teacher } from '../../src/registry/teacher.entity';
import { School } from '../../src/registry/school.entity';
import { teacherView } from '../../src/registry/teachers.service';
import { createTestApp, TEST_JWT_SECRET, TestApp } from '../support/app';
import { snapshot } from '../support/db';
import { bearer, Factory, TEST_PASSWORD } from '../support/factories';

type Who = 'city' | 'district' | 'school' | 'judge';
type Outcome = number | 'ROLE' | 'SCOPE';

const WRITE_TABLES = ['cities', 'districts', 'schools', 'teachers', 'contests', 'contest_rounds', 'accounts', 'audit_entries'];

describe('access control', () => {
  let t: TestApp;
  let f: Factory;
  const token: Record<Who, string> = {} as Record<Who, string>;
  let ctx: {
    dA: number;
    dB: number;
    sA1: number;
    sA2: number;
    sB1: number;
    sMove: number;
    tA1: Teacher;
    tA2: Teacher;
    tB1: Teacher;
    contestId: number;
    schoolAdminB1: number;
  };
  let n = 0;
  const uniq = () => `U${++n}`;

  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    const dA = (await f.district()).id;
    const dB = (await f.district()).id;
    const sA1 = (await f.school({ districtId: dA })).id;
    const sA2 = (await f.school({ districtId: dA })).id;
    const sB1 = (await f.school({ districtId: dB })).id;
    const teacher = async (schoolId: number) => t.dataSource.getRepository(Teacher).findOneByOrFail({ id: (await f.teacher({ schoolId })).id });
    const contest = await t.app.get(ContestsService).create('system:test', { code: 'C2025', name: '2025', year: 2025 });
    await t.http().get('/api/health');
    ctx = {
      dA,
      dB,
      sA1,
      sA2,
      sB1,
      sMove: (await f.school({ districtId: dA })).id,
      tA1: await teacher(sA1),
      tA2: await teacher(sA2),
      tB1: await teacher(sB1),
      contestId: contest.id,
      schoolAdminB1: (await f.account('school_admin', { schoolId: sB1 })).id,
    };
    token.city = await f.loginAs('city_admin');
    token.district = await f.loginAs('district_admin', { districtId: dA });
    token.school = await f.loginAs('school_admin', { schoolId: sA1 });
    token.judge = await f.loginAs('judge', { schoolId: sA1 });
  });
  afterAll(() => t.close());

  interface Case {
    name: string;
    action: Action;
    method: 'get' | 'post' | 'put' | 'patch';
    path: () => string;
    body?: () => object;
    /** The outcome for each role the policy opens the action to (the others: ROLE_FORBIDDEN). */
    expect: Partial<Record<Who, Outcome>>;
  }

  const ROLE_OF: Record<Who, Role> = { city: 'city_admin', district: 'district_admin', school: 'school_admin', judge: 'judge' };

  /** What `who` gets for the case: ROLE_FORBIDDEN unless the policy opens the action to the role. */
  const outcome = (c: Case, who: Who): Outcome | 'SKIP' => {
    if (!rolesOf(c.action).includes(ROLE_OF[who])) {
      if (c.expect[who] !== undefined) throw new Error(`The case "${c.name}" states an outcome for ${who}, whom the policy refuses ${c.action}`);
      return 'ROLE';
    }
    const stated = c.expect[who] as Outcome | 'SKIP' | undefined;
    if (stated === undefined) throw new Error(`The case "${c.name}" must say what ${who} gets: the policy opens ${c.action} to ${ROLE_OF[who]}`);
    return stated;
  };

  const cases: Case[] = [
    { name: 'read the city', action: 'city.read', method: 'get', path: () => '/api/city', expect: { city: 404, district: 404, school: 404 } },
    { name: 'set the city', action: 'city.write', method: 'put', path: () => '/api/city', body: () => ({ code: 'C1', name: '市' }), expect: { city: 200 } },
    { name: 'list districts', action: 'district.list', method: 'get', path: () => '/api/districts', expect: { city: 200, district: 200 } },
    { name: 'create a district', action: 'district.create', method: 'post', path: () => '/api/districts', body: () => ({ code: uniq(), name: '新区' }), expect: { city: 201 } },
    { name: 'read another district', action: 'district.read', method: 'get', path: () => `/api/districts/${ctx.dB}`, expect: { city: 200, district: 'SCOPE' } },
    { name: 'read its own district', action: 'district.read', method: 'get', path: () => `/api/districts/${ctx.dA}`, expect: { city: 200, district: 200 } },
    { name: 'rename a district', action: 'district.write', method: 'patch', path: () => `/api/districts/${ctx.dA}`, body: () => ({ name: '甲区' }), expect: { city: 200 } },
    { name: 'list schools', action: 'school.list', method: 'get', path: () => '/api/schools', expect: { city: 200, district: 200, school: 200 } },
    { name: "list another district's schools", action: 'school.list', method: 'get', path: () => `/api/schools?districtId=${ctx.dB}`, expect: { city: 200, district: 'SCOPE', school: 200 } },
    { name: 'create a school in its district', action: 'school.create', method: 'post', path: () => '/api/schools', body: () => ({ code: uniq(), name: '新校', districtId: ctx.dA, stage: 'primary', isCentral: false, inDistrictSeat: false }), expect: { city: 201, district: 201 } },
    { name: 'create a school in another district', action: 'school.create', method: 'post', path: () => '/api/schools', body: () => ({ code: uniq(), name: '新校', districtId: ctx.dB, stage: 'primary', isCentral: false, inDistrictSeat: false }), expect: { city: 201, district: 'SCOPE' } },
    { name: 'read its own school', action: 'school.read', method: 'get', path: () => `/api/schools/${ctx.sA1}`, expect: { city: 200, district: 200, school: 200 } },
    { name: 'read a school of the same district', action: 'school.read', method: 'get', path: () => `/api/schools/${ctx.sA2}`, expect: { city: 200, district: 200, school: 'SCOPE' } },
    { name: 'read a school of another district', action: 'school.read', method: 'get', path: () => `/api/schools/${ctx.sB1}`, expect: { city: 200, district: 'SCOPE', school: 'SCOPE' } },
    { name: 'change its own school record', action: 'school.write', method: 'patch', path: () => `/api/schools/${ctx.sA1}`, body: () => ({ isCentral: true }), expect: { city: 200, district: 200 } },
    { name: 'change a school of another district', action: 'school.write', method: 'patch', path: () => `/api/schools/${ctx.sB1}`, body: () => ({ isCentral: true }), expect: { city: 200, district: 'SCOPE' } },
    { name: 'move a school to another district', action: 'school.move', method: 'patch', path: () => `/api/schools/${ctx.sMove}`, body: () => ({ districtId: ctx.dB }), expect: { city: 'SKIP' as never } },
    { name: 'list teachers', action: 'teacher.list', method: 'get', path: () => '/api/teachers', expect: { city: 200, district: 200, school: 200 } },
    { name: "list another district's teachers", action: 'district.read', method: 'get', path: () => `/api/teachers?districtId=${ctx.dB}`, expect: { city: 200, district: 'SCOPE' } },
    { name: "list another school's teachers", action: 'teacher.list', method: 'get', path: () => `/api/teachers?schoolId=${ctx.sA2}`, expect: { city: 200, district: 200, school: 'SCOPE' } },
    { name: 'read a teacher of its school', action: 'teacher.read', method: 'get', path: () => `/api/teachers/${ctx.tA1.id}`, expect: { city: 200, district: 200, school: 200 } },
    { name: 'read a teacher of another school', action: 'teacher.read', method: 'get', path: () => `/api/teachers/${ctx.tA2.id}`, expect: { city: 200, district: 200, school: 'SCOPE' } },
    { name: 'read a teacher of another district', action: 'teacher.read', method: 'get', path: () => `/api/teachers/${ctx.tB1.id}`, expect: { city: 200, district: 'SCOPE', school: 'SCOPE' } },
    { name: 'register a teacher at its school', action: 'teacher.create', method: 'post', path: () => '/api/teachers', body: () => ({ name: '新', idNumber: f.idNumber(), subject: 'math', schoolId: ctx.sA1 }), expect: { city: 201, district: 201, school: 201 } },
    { name: 'register a teacher at another school', action: 'teacher.create', method: 'post', path: () => '/api/teachers', body: () => ({ name: '新', idNumber: f.idNumber(), subject: 'math', schoolId: ctx.sA2 }), expect: { city: 201, district: 201, school: 'SCOPE' } },
    { name: 'register a teacher in another district', action: 'teacher.create', method: 'post', path: () => '/api/teachers', body: () => ({ name: '新', idNumber: f.idNumber(), subject: 'math', schoolId: ctx.sB1 }), expect: { city: 201, district: 'SCOPE', school: 'SCOPE' } },
    { name: 'change a teacher of its school', action: 'teacher.write', method: 'patch', path: () => `/api/teachers/${ctx.tA1.id}`, body: () => ({ name: '改' }), expect: { city: 200, district: 200, school: 200 } },
    { name: 'change a teacher of another school', action: 'teacher.write', method: 'patch', path: () => `/api/teachers/${ctx.tA2.id}`, body: () => ({ name: '改' }), expect: { city: 200, district: 200, school: 'SCOPE' } },
    { name: 'change a teacher of another district', action: 'teacher.write', method: 'patch', path: () => `/api/teachers/${ctx.tB1.id}`, body: () => ({ name: '改' }), expect: { city: 200, district: 'SCOPE', school: 'SCOPE' } },
    { name: 'move its teacher to another school', action: 'teacher.write', method: 'patch', path: () => `/api/teachers/${ctx.tA1.id}`, body: () => ({ schoolId: ctx.sB1 }), expect: { city: 'SKIP' as never, district: 'SCOPE', school: 'SCOPE' } },
    { name: 'list contests', action: 'contest.read', method: 'get', path: () => '/api/contests', expect: { city: 200, district: 200, school: 200, judge: 200 } },
    { name: 'read a contest', action: 'contest.read', method: 'get', path: () => `/api/contests/${ctx.contestId}`, expect: { city: 200, district: 200, school: 200, judge: 200 } },
    { name: 'create a contest', action: 'contest.write', method: 'post', path: () => '/api/contests', body: () => ({ code: uniq(), name: '比赛', year: 2024 }), expect: { city: 201 } },
    { name: 'change a contest', action: 'contest.write', method: 'patch', path: () => `/api/contests/${ctx.contestId}`, body: () => ({ name: '改名' }), expect: { city: 200 } },
    { name: 'change a round', action: 'contest.write', method: 'patch', path: () => `/api/contests/${ctx.contestId}/rounds/preliminary`, body: () => ({ deadline: '2025-12-03' }), expect: { city: 200 } },
    { name: 'list accounts', action: 'account.list', method: 'get', path: () => '/api/accounts', expect: { city: 200, district: 200 } },
    { name: 'create a district admin', action: 'account.create', method: 'post', path: () => '/api/accounts', body: () => ({ username: uniq().toLowerCase(), password: 'violet-harbor-71', role: 'district_admin', displayName: 'x', districtId: ctx.dA }), expect: { city: 201, district: 'ROLE' } },
    { name: 'create a school admin in its district', action: 'account.create', method: 'post', path: () => '/api/accounts', body: () => ({ username: uniq().toLowerCase(), password: 'violet-harbor-71', role: 'school_admin', displayName: 'x', schoolId: ctx.sA2 }), expect: { city: 201, district: 201 } },
    { name: 'create a school admin in another district', action: 'account.create', method: 'post', path: () => '/api/accounts', body: () => ({ username: uniq().toLowerCase(), password: 'violet-harbor-71', role: 'school_admin', displayName: 'x', schoolId: ctx.sB1 }), expect: { city: 201, district: 'SCOPE' } },
    { name: "read another district's school admin", action: 'account.manage', method: 'get', path: () => `/api/accounts/${ctx.schoolAdminB1}`, expect: { city: 200, district: 'SCOPE' } },
    { name: 'disable an account', action: 'account.manage', method: 'patch', path: () => `/api/accounts/${ctx.schoolAdminB1}`, body: () => ({ displayName: 'y' }), expect: { city: 200, district: 'SCOPE' } },
    { name: 'read the audit log', action: 'audit.read', method: 'get', path: () => '/api/audit', expect: { city: 200 } },
    { name: 'verify the audit chain', action: 'audit.read', method: 'get', path: () => '/api/audit/verify', expect: { city: 200 } },
    { name: 'read its own account', action: 'auth.me', method: 'get', path: () => '/api/auth/me', expect: { city: 200, district: 200, school: 200, judge: 200 } },
  ];

  const send = (c: Case, headers: Record<string, string>) => {
    const req = t.http()[c.method](c.path()).set(headers);
    return c.body ? req.send(c.body()) : req;
  };

  describe.each(cases)('$method $name', (c) => {
    it('answers 401 UNAUTHENTICATED without a token, changing nothing', async () => {
      const before = await snapshot(t.dataSource, ...WRITE_TABLES);
      const res = await send(c, {});
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ statusCode: 401, code: 'UNAUTHENTICATED', message: 'A bearer token is required (Authorization: Bearer <token>)' });
      expect(await snapshot(t.dataSource, ...WRITE_TABLES)).toEqual(before);
    });

    it.each(['city', 'district', 'school', 'judge'] as Who[])('as %s', async (who) => {
      const expected = outcome(c, who);
      if (expected === 'SKIP') return;
      if (typeof expected === 'number') {
        const res = await send(c, bearer(token[who]));
        expect({ status: res.status, body: res.status === expected ? 'ok' : res.body }).toEqual({ status: expected, body: 'ok' });
        return;
      }
      const before = await snapshot(t.dataSource, ...WRITE_TABLES);
      const res = await send(c, bearer(token[who]));
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ statusCode: 403, code: expected === 'ROLE' ? 'ROLE_FORBIDDEN' : 'OUT_OF_SCOPE' });
      expect(await snapshot(t.dataSource, ...WRITE_TABLES)).toEqual(before);
    });
  });

  it('every endpoint names its action in the policy (@Auth) or is @Public', () => {
    const unmarked: string[] = [];
    let routes = 0;
    const controllers = [...t.app.get(ModulesContainer).values()].flatMap((m) => [...m.controllers.values()]);
    expect(controllers.length).toBeGreaterThan(5);
    for (const wrapper of controllers) {
      const proto = wrapper.metatype?.prototype as Record<string, unknown> | undefined;
      if (!proto) continue;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        routes++;
        const marked = (key: string) => Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, wrapper.metatype!);
        const action = marked(ACTION_KEY) as string | undefined;
        if (marked(IS_PUBLIC)) continue;
        if (!action || !isAction(action)) unmarked.push(`${wrapper.name}.${name}`);
      }
    }
    expect(routes).toBeGreaterThan(90);
    expect(unmarked).toEqual([]);
  });

  it('only the city moves a school to another district; its accounts follow it', async () => {
    const admin = await f.account('school_admin', { schoolId: ctx.sMove });
    await t.http().patch(`/api/schools/${ctx.sMove}`).set(bearer(token.city)).send({ districtId: ctx.dB }).expect(200);
    const moved = await t.http().get(`/api/accounts/${admin.id}`).set(bearer(token.city)).expect(200);
    expect(moved.body.districtId).toBe(ctx.dB);
  });

  describe('lists show only the caller’s scope', () => {
    const ids = async (who: Who, path: string) =>
      (await t.http().get(path).set(bearer(token[who])).expect(200)).body.items.map((x: { id: number }) => x.id);

    it('a district admin sees its district, its schools and their teachers', async () => {
      expect(await ids('district', '/api/districts')).toEqual([ctx.dA]);
      const schools = (await t.http().get('/api/schools?pageSize=200').set(bearer(token.district))).body.items;
      expect(schools.every((s: { districtId: number }) => s.districtId === ctx.dA)).toBe(true);
      const teachers = (await t.http().get('/api/teachers?pageSize=200').set(bearer(token.district))).body.items;
      expect(teachers.length).toBeGreaterThan(0);
      expect(teachers.every((x: { districtId: number }) => x.districtId === ctx.dA)).toBe(true);
      expect(teachers.map((x: { id: number }) => x.id)).not.toContain(ctx.tB1.id);
    });

    it('a school admin sees its own school and its own teachers only', async () => {
      expect(await ids('school', '/api/schools')).toEqual([ctx.sA1]);
      const teachers = (await t.http().get('/api/teachers?pageSize=200').set(bearer(token.school))).body.items;
      expect(teachers.every((x: { schoolId: number }) => x.schoolId === ctx.sA1)).toBe(true);
      expect(teachers.map((x: { id: number }) => x.id)).toContain(ctx.tA1.id);
    });

    it('a district admin lists only the school admins of its district', async () => {
      const accounts = (await t.http().get('/api/accounts?pageSize=200').set(bearer(token.district)).expect(200)).body.items;
      expect(accounts.length).toBeGreaterThan(0);
      expect(accounts.every((a: { role: string; districtId: number }) => a.role === 'school_admin' && a.districtId === ctx.dA)).toBe(true);
    });
  });

  describe('tokens', () => {
    const me = (authorization: string) => t.http().get('/api/auth/me').set('Authorization', authorization);

    it('logs in and returns a bearer token and the account', async () => {
      const account = await f.account('district_admin', { districtId: ctx.dB }, 'login-check');
      const res = await t.http().post('/api/auth/login').send({ username: 'login-check', password: TEST_PASSWORD }).expect(200);
      expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 28800, account: { id: account.id, role: 'district_admin', districtId: ctx.dB } });
      expect(res.body.account.passwordHash).toBeUndefined();
      await me(`Bearer ${res.body.accessToken}`).expect(200);
    });

    it('refuses a wrong password and an unknown user alike (401 INVALID_CREDENTIALS)', async () => {
      const wrong = await t.http().post('/api/auth/login').send({ username: 'login-check', password: 'nope' }).expect(401);
      const unknown = await t.http().post('/api/auth/login').send({ username: 'nobody', password: 'nope' }).expect(401);
      expect(wrong.body).toEqual({ statusCode: 401, code: 'INVALID_CREDENTIALS', message: 'Wrong username or password' });
      expect(unknown.body).toEqual(wrong.body);
    });

    it.each([
      ['a malformed header', () => 'Token abc'],
      ['garbage', () => 'Bearer not-a-jwt'],
      ['a token signed with another secret', () => `Bearer ${new JwtService({ secret: 'another-secret-another-secret-xx' }).sign({ sub: '1', username: 'x', role: 'city_admin' })}`],
      ['an expired token', () => `Bearer ${new JwtService({ secret: TEST_JWT_SECRET }).sign({ sub: '1', username: 'x', role: 'city_admin', exp: Math.floor(Date.now() / 1000) - 60 })}`],
      ['a token of an account that does not exist', () => `Bearer ${new JwtService({ secret: TEST_JWT_SECRET }).sign({ sub: '999999', username: 'x', role: 'city_admin' })}`],
      ['an unsigned token (alg none)', () => `Bearer ${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"1","role":"city_admin"}').toString('base64url')}.`],
    ])('answers 401 UNAUTHENTICATED for %s', async (_what, header) => {
      const res = await me(header()).expect(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    });

    it('a disabled account’s token stops working at once', async () => {
      const account = await f.account('school_admin', { schoolId: ctx.sA2 }, 'to-disable');
      const login = await t.http().post('/api/auth/login').send({ username: 'to-disable', password: TEST_PASSWORD }).expect(200);
      await me(`Bearer ${login.body.accessToken}`).expect(200);
      await t.http().patch(`/api/accounts/${account.id}`).set(bearer(token.district)).send({ active: false }).expect(200);
      await me(`Bearer ${login.body.accessToken}`).expect(401);
      await t.http().post('/api/auth/login').send({ username: 'to-disable', password: TEST_PASSWORD }).expect(401);
    });

    it('the role comes from the stored account, not from the token', async () => {
      const judge = await t.app.get(AccountsService).create('system:test', { username: 'judge-forged', password: TEST_PASSWORD, role: 'judge', displayName: 'j' });
      const forged = new JwtService({ secret: TEST_JWT_SECRET }).sign({ sub: String(judge.id), username: 'judge-forged', role: 'city_admin' });
      await t.http().get('/api/teachers').set(bearer(forged)).expect(403);
    });

    it('changes its own password', async () => {
      await f.account('judge', {}, 'pw-change');
      const login = await t.http().post('/api/auth/login').send({ username: 'pw-change', password: TEST_PASSWORD }).expect(200);
      const auth = bearer(login.body.accessToken);
      const wrong = await t.http().post('/api/auth/password').set(auth).send({ currentPassword: 'wrong', newPassword: 'new-password-1' }).expect(401);
      expect(wrong.body).toMatchObject({ code: 'INVALID_CREDENTIALS', details: [{ field: 'currentPassword' }] });
      await t.http().post('/api/auth/password').set(auth).send({ currentPassword: TEST_PASSWORD, newPassword: 'new-password-1' }).expect(204);
      await t.http().post('/api/auth/login').send({ username: 'pw-change', password: 'new-password-1' }).expect(200);
      const audit = (await t.http().get('/api/audit?entityType=account').set(bearer(token.city))).body.items[0];
      expect(audit.action).toBe('account.password-change');
      expect(audit.after).not.toContain('argon2');
    });
  });

  describe('ID numbers outside the teacher’s school, district and city are masked', () => {
    it('masks for judges, other schools and other districts; full for the school, its district and the city', async () => {
      const school = await t.dataSource.getRepository(School).findOneByOrFail({ id: ctx.sA1 });
      const rules = await t.app.get(ContestsService).rules();
      const user = (role: Role, scope: Partial<AuthUser> = {}): AuthUser => ({ id: 1, username: 'u', displayName: 'u', role, districtId: null, schoolId: null, ...scope });
      const seen = (u: AuthUser) => teacherView(ctx.tA1, school, rules, u);
      const masked = maskIdNumber(ctx.tA1.idNumber);
      expect(masked).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
      for (const u of [
        user('judge', { schoolId: ctx.sA1, districtId: ctx.dA }),
        user('school_admin', { schoolId: ctx.sA2, districtId: ctx.dA }),
        user('district_admin', { districtId: ctx.dB }),
      ]) {
        expect(seen(u)).toMatchObject({ idNumber: masked, idNumberMasked: true, birthDate: null });
      }
      for (const u of [user('school_admin', { schoolId: ctx.sA1, districtId: ctx.dA }), user('district_admin', { districtId: ctx.dA }), user('city_admin')]) {
        expect(seen(u)).toMatchObject({ idNumber: ctx.tA1.idNumber, idNumberMasked: false, birthDate: ctx.tA1.birthDate });
      }
    });

    it('a school admin registering a number already used at another school sees it masked', async () => {
      const schoolB1 = await f.loginAs('school_admin', { schoolId: ctx.sB1 });
      const res = await t
        .http()
        .post('/api/teachers')
        .set(bearer(schoolB1))
        .send({ name: '重复', idNumber: ctx.tA1.idNumber, subject: 'math', schoolId: ctx.sB1 })
        .expect(409);
      expect(res.body.code).toBe('DUPLICATE_ID_NUMBER');
      expect(res.body.message).toContain(maskIdNumber(ctx.tA1.idNumber));
      expect(JSON.stringify(res.body)).not.toContain(ctx.tA1.idNumber);
      // The city sees the number in full in the same answer.
      const city = await t
        .http()
        .post('/api/teachers')
        .set(bearer(token.city))
        .send({ name: '重复', idNumber: ctx.tA1.idNumber, subject: 'math', schoolId: ctx.sB1 })
        .expect(409);
      expect(city.body.message).toContain(ctx.tA1.idNumber);
    });
  });
});
