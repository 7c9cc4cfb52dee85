/**
 * Test factories (immich-style): build registry records and accounts with sensible defaults
 * through the real services (same transactions, same audit log), and log in as any role.
 */
import { AccountsService } from '../../src/auth/accounts.service';
import { Role } from '../../src/common/roles';
import { makeIdNumber } from '../../src/domain/id-number';
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
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
