import { assertCan, listFilter } from '../access/policy';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { Page, pageWindow } from '../common/paging';
import { AuthUser } from '../common/roles';
import { Transactions } from '../database/transactions';
import { findDistrict, findSchool } from '../registry/find-registry';
import { Account } from './account.entity';
import { AccountQuery, AccountView, CreateAccountDto, UpdateAccountDto } from './auth.dto';
import { accountView } from './auth.service';
import { Passwords } from './passwords';
import { assertPasswordAllowed } from './password-policy';

/**
 * Accounts. The city admin manages every account; a district admin manages the school-admin
 * accounts of its district's schools. Nobody else manages accounts.
 */
@Injectable()
export class AccountsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly passwords: Passwords,
    private readonly clock: Clock,
  ) {}

  async list(user: AuthUser, q: AccountQuery): Promise<Page<AccountView>> {
    const { page, pageSize, skip } = pageWindow(q);
    const qb = this.dataSource.getRepository(Account).createQueryBuilder('a').orderBy('a.id', 'ASC');
    assertCan(user, 'account.list', { districtId: q.districtId, accountRole: q.role });
    const only = listFilter(user, 'account.list');
    if (only.accountRole !== undefined) qb.andWhere('a.role = :onlyRole', { onlyRole: only.accountRole });
    if (only.districtId !== undefined) qb.andWhere('a.district_id = :own', { own: only.districtId });
    if (q.role !== undefined) qb.andWhere('a.role = :role', { role: q.role });
    if (q.districtId !== undefined) qb.andWhere('a.district_id = :districtId', { districtId: q.districtId });
    if (q.schoolId !== undefined) qb.andWhere('a.school_id = :schoolId', { schoolId: q.schoolId });
    if (q.active !== undefined) qb.andWhere('a.active = :active', { active: q.active });
    const [rows, total] = await qb.skip(skip).take(pageSize).getManyAndCount();
    return { items: rows.map(accountView), total, page, pageSize };
  }

  async get(user: AuthUser, id: number): Promise<AccountView> {
    const account = await this.dataSource.getRepository(Account).findOneBy({ id });
    if (!account) throw AppError.notFound('ACCOUNT_NOT_FOUND', 'Account', id);
    assertCan(user, 'account.manage', { accountRole: account.role, districtId: account.districtId });
    return accountView(account);
  }

  /**
   * `actor`: the caller, or 'system:…' for set-up tasks (no scope check). The password must pass
   * the policy, except for the demo seed's accounts (`demoPassword`: the demo's known password,
   * flagged on the account so that every start can report it).
   */
  async create(actor: AuthUser | string, dto: CreateAccountDto, options: { demoPassword?: boolean } = {}): Promise<AccountView> {
    const user = typeof actor === 'string' ? null : actor;
    if (user) assertCan(user, 'account.create', { accountRole: dto.role });
    if (!options.demoPassword) assertPasswordAllowed(dto.password, dto.username, 'password');
    const passwordHash = await this.passwords.hash(dto.password);
    return this.tx.run(async (em) => {
      const scope = await this.scopeFor(em, dto);
      if (user) assertCan(user, 'account.manage', { accountRole: dto.role, districtId: scope.districtId });
      const now = this.clock.nowIso();
      const account = em.getRepository(Account).create({
        username: dto.username,
        passwordHash,
        role: dto.role,
        displayName: dto.displayName,
        districtId: scope.districtId,
        schoolId: scope.schoolId,
        active: true,
        tokenVersion: 0,
        demoPassword: options.demoPassword === true,
        createdAt: now,
        updatedAt: now,
      });
      await em.getRepository(Account).save(account);
      await this.audit.append(em, {
        actor,
        action: 'account.create',
        entityType: 'account',
        entityId: account.id,
        after: accountView(account),
      });
      return accountView(account);
    });
  }

  async update(user: AuthUser, id: number, dto: UpdateAccountDto): Promise<AccountView> {
    if (dto.password !== undefined) {
      // Checked before hashing (outside the transaction): scope first, then the policy.
      const target = await this.dataSource.getRepository(Account).findOneBy({ id });
      if (!target) throw AppError.notFound('ACCOUNT_NOT_FOUND', 'Account', id);
      assertCan(user, 'account.manage', { accountRole: target.role, districtId: target.districtId });
      assertPasswordAllowed(dto.password, target.username, 'password');
    }
    const passwordHash = dto.password !== undefined ? await this.passwords.hash(dto.password) : undefined;
    return this.tx.run(async (em) => {
      const before = await em.getRepository(Account).findOneBy({ id });
      if (!before) throw AppError.notFound('ACCOUNT_NOT_FOUND', 'Account', id);
      assertCan(user, 'account.manage', { accountRole: before.role, districtId: before.districtId });
      if (before.id === user.id && dto.active === false) {
        throw AppError.field('VALIDATION_FAILED', 'active', 'not-self', 'You cannot disable your own account');
      }
      const after = Object.assign(new Account(), before, {
        ...(dto.displayName !== undefined && { displayName: dto.displayName }),
        ...(dto.active !== undefined && { active: dto.active }),
        ...(passwordHash !== undefined && { passwordHash, demoPassword: false }),
        updatedAt: this.clock.nowIso(),
      });
      // A new password or a deactivation ends every token issued before.
      if (passwordHash !== undefined || (before.active && after.active === false)) after.tokenVersion = before.tokenVersion + 1;
      await em.getRepository(Account).save(after);
      await this.audit.append(em, {
        actor: user,
        action: passwordHash !== undefined ? 'account.update+password-reset' : 'account.update',
        entityType: 'account',
        entityId: id,
        before: accountView(before),
        after: accountView(after),
      });
      return accountView(after);
    });
  }

  /** The scope columns of a new account, checked against its role (400 INVALID_SCOPE). */
  private async scopeFor(
    em: EntityManager,
    dto: CreateAccountDto,
  ): Promise<{ districtId: number | null; schoolId: number | null }> {
    const bad = (field: string, message: string) => AppError.field('INVALID_SCOPE', field, 'scope', message);
    const school = dto.schoolId !== undefined ? await findSchool(em, dto.schoolId) : null;
    if (dto.districtId !== undefined) await findDistrict(em, dto.districtId);
    switch (dto.role) {
      case 'city_admin':
        if (dto.districtId !== undefined || dto.schoolId !== undefined) {
          throw bad(dto.schoolId !== undefined ? 'schoolId' : 'districtId', 'A city admin has no district or school');
        }
        return { districtId: null, schoolId: null };
      case 'district_admin':
        if (dto.districtId === undefined) throw bad('districtId', 'A district admin needs districtId');
        if (dto.schoolId !== undefined) throw bad('schoolId', 'A district admin has no school');
        return { districtId: dto.districtId, schoolId: null };
      case 'school_admin':
      case 'judge':
        if (dto.role === 'school_admin' && !school) throw bad('schoolId', 'A school admin needs schoolId');
        if (school && dto.districtId !== undefined && dto.districtId !== school.districtId) {
          throw bad('districtId', `School ${school.id} is not in district ${dto.districtId}`);
        }
        return { districtId: school ? school.districtId : (dto.districtId ?? null), schoolId: school ? school.id : null };
    }
  }


  /** A school moved to another district: its accounts follow it, each change audited (inside the school's transaction). */
  async followSchool(em: EntityManager, user: AuthUser, schoolId: number, districtId: number, at: string): Promise<void> {
    for (const account of await em.getRepository(Account).findBy({ schoolId })) {
      const moved = Object.assign(new Account(), account, { districtId, updatedAt: at });
      await em.getRepository(Account).save(moved);
      await this.audit.append(em, {
        actor: user,
        action: 'account.update',
        entityType: 'account',
        entityId: account.id,
        before: account,
        after: moved,
      });
    }
  }
}
