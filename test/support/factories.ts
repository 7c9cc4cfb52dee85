/**
 * Test factories (immich-style): build registry records, contests, accounts and round entrants
 * with sensible defaults through the real services (same transactions, same audit log), and log
 * in as any role. Every code a factory makes is unique within its TestApp (one counter per app,
 * see `factory(t)`), so that each test can build a world of its own in the file's one app.
 */
import { AccountsService } from '../../src/auth/accounts.service';
import { AuthService } from '../../src/auth/auth.service';
import { Role } from '../../src/common/roles';
import { entrantCode, RoundEntrant } from '../../src/contestants/round-entrant.entity';
import { CreateContestDto } from '../../src/contests/contest.dto';
import { ContestsService } from '../../src/contests/contests.service';
import { Transactions } from '../../src/database/transactions';
import { makeIdNumber } from '../../src/domain/id-number';
import type { GroupCode, RoundCode } from '../../src/domain/preset';
import { DistrictsService } from '../../src/registry/districts.service';
import { CreateSchoolDto, CreateTeacherDto, DistrictView, SchoolView, TeacherView } from '../../src/registry/registry.dto';
import { SchoolsService } from '../../src/registry/schools.service';
import { TeachersService } from '../../src/registry/teachers.service';
import { TestApp } from './app';

export const TEST_ACTOR = 'system:test';
export const TEST_PASSWORD = 'test-password-1';

export interface Scope {
  districtId?: number;
  schoolId?: number;
}

export class Factory {
  private n = 0;
  constructor(private readonly t: TestApp) {}

  private next(): number {
    return ++this.n;
  }

  /** A number not given out before by this factory (for codes of the caller's own). */
  unique(): number {
    return this.next();
  }

  /** A valid ID number, unique within this factory: varying birth date and sequence. */
  idNumber(opts: { birth?: string; male?: boolean; area?: string } = {}): string {
    const n = this.next();
    const birth = opts.birth ?? `${1965 + (n % 35)}${String((n % 12) + 1).padStart(2, '0')}${String((n % 28) + 1).padStart(2, '0')}`;
    const seq = (Math.floor(n / 2) % 500) * 2 + (opts.male === false ? 0 : 1);
    return makeIdNumber(opts.area ?? '320102', birth, String(seq).padStart(3, '0'));
  }

  district(overrides: Partial<{ code: string; name: string }> = {}): Promise<DistrictView> {
    const n = this.next();
    return this.t.app.get(DistrictsService).create(TEST_ACTOR, { code: `D${n}`, name: `区${n}`, ...overrides });
  }

  async school(overrides: Partial<CreateSchoolDto> = {}): Promise<SchoolView> {
    const n = this.next();
    const districtId = overrides.districtId ?? (await this.district()).id;
    return this.t.app.get(SchoolsService).create(TEST_ACTOR, {
      code: `S${n}`,
      name: `学校${n}`,
      stage: 'primary',
      isCentral: true,
      inDistrictSeat: false,
      ...overrides,
      districtId,
    });
  }

  async teacher(overrides: Partial<CreateTeacherDto> = {}): Promise<TeacherView> {
    const n = this.next();
    const schoolId = overrides.schoolId ?? (await this.school()).id;
    return this.t.app.get(TeachersService).create(TEST_ACTOR, {
      name: `教师${n}`,
      idNumber: this.idNumber(),
      subject: 'math',
      ...overrides,
      schoolId,
    });
  }

  /** A contest of 2025 with a unique code (the default preset unless overridden). */
  contest(overrides: Partial<CreateContestDto> = {}) {
    const n = this.next();
    return this.t.app.get(ContestsService).create(TEST_ACTOR, { code: `c${n}`, name: '2025年全员培训·教学技能比赛', year: 2025, ...overrides });
  }

  /**
   * A teacher of the school entered in a round of the contest: the round_entrants row the entrant
   * lists (preliminary) or the advancement (later rounds) write.
   */
  async roundEntrant(
    contestId: number,
    schoolId: number,
    opts: { round?: RoundCode; group?: GroupCode; subject?: string; name?: string; source?: RoundEntrant['source'] } = {},
  ): Promise<RoundEntrant> {
    const teacher = await this.teacher({ schoolId, subject: opts.subject ?? 'math', ...(opts.name ? { name: opts.name } : {}) });
    const [school] = await this.t.dataSource.query(`SELECT district_id FROM schools WHERE id = ${Number(schoolId)}`);
    const now = this.t.clock.nowIso();
    return this.t.app.get(Transactions).run(async (em) => {
      const repo = em.getRepository(RoundEntrant);
      return repo.save(
        repo.create({
          contestId,
          round: opts.round ?? 'preliminary',
          teacherId: teacher.id,
          code: entrantCode(teacher.id),
          schoolId,
          districtId: Number(school.district_id),
          subject: opts.subject ?? 'math',
          groupCode: opts.group ?? 'primary-youth',
          source: opts.source ?? 'all-staff',
          status: 'active',
          createdAt: now,
          updatedAt: now,
        }),
      );
    });
  }

  async account(role: Role, scope: Scope = {}, username = `${role}-${this.next()}`) {
    return this.t.app.get(AccountsService).create(TEST_ACTOR, {
      username,
      password: TEST_PASSWORD,
      role,
      displayName: username,
      ...scope,
    });
  }

  /** Creates an account of the role (and scope) and returns a bearer token for it. */
  async loginAs(role: Role, scope: Scope = {}): Promise<string> {
    const account = await this.account(role, scope);
    const res = await this.t.http().post('/api/auth/login').send({ username: account.username, password: TEST_PASSWORD });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken as string;
  }

  /**
   * Like loginAs, through the auth service's login (the token the login endpoint answers with):
   * no HTTP round trip, for worlds built per test.
   */
  async token(role: Role, scope: Scope = {}): Promise<string> {
    return (await this.login(role, scope)).token;
  }

  /** An account of the role (and scope) and a token for it. */
  async login(role: Role, scope: Scope = {}): Promise<{ id: number; username: string; displayName: string; token: string }> {
    const a = await this.account(role, scope);
    const { accessToken } = await this.t.app.get(AuthService).login(a.username, TEST_PASSWORD);
    return { id: a.id, username: a.username, displayName: a.displayName, token: accessToken };
  }

  /**
   * A token of the role, made once per app and reused: only for roles without a scope (the city
   * admin, a judge on no panel) whose account no test changes.
   */
  shared(role: 'city_admin' | 'judge'): Promise<string> {
    let p = this.sharedTokens.get(role);
    if (!p) {
      p = this.token(role);
      this.sharedTokens.set(role, p);
    }
    return p;
  }
  private readonly sharedTokens = new Map<string, Promise<string>>();
}

const factories = new WeakMap<TestApp, Factory>();
/** The app's one factory (one counter for the app, so that codes and ID numbers never repeat). */
export function factory(t: TestApp): Factory {
  let f = factories.get(t);
  if (!f) {
    f = new Factory(t);
    factories.set(t, f);
  }
  return f;
}

/** The highest audit sequence number now: entries of what follows have a higher one. */
export async function auditMark(t: TestApp): Promise<number> {
  const [{ n }] = await t.dataSource.query('SELECT COALESCE(MAX(seq), 0) AS n FROM audit_entries');
  return Number(n);
}

/** The audit entries written after `mark` (see auditMark), oldest first, optionally of one entity. */
export async function auditAfter(
  t: TestApp,
  mark: number,
  entity?: { type: string; id?: string | number },
): Promise<{ seq: number; action: string; actor: string; entityType: string; entityId: string; after: string | null }[]> {
  const where = [`seq > ${Number(mark)}`];
  const params: unknown[] = [];
  const p = () => (t.dataSource.driver.options.type === 'postgres' ? `$${params.length}` : '?');
  if (entity) {
    params.push(entity.type);
    where.push(`entity_type = ${p()}`);
    if (entity.id !== undefined) {
      params.push(String(entity.id));
      where.push(`entity_id = ${p()}`);
    }
  }
  const rows = await t.dataSource.query(
    `SELECT seq, action, actor, entity_type AS "entityType", entity_id AS "entityId", after FROM audit_entries WHERE ${where.join(' AND ')} ORDER BY seq`,
    params,
  );
  return rows.map((r: { seq: unknown }) => ({ ...r, seq: Number(r.seq) }));
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
