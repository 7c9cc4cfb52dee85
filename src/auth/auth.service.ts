import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { AuthUser } from '../common/roles';
import { AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { Account } from './account.entity';
import { AccountView, ChangePasswordDto, LoginResult } from './auth.dto';
import { TokenPayload } from './auth.guard';
import { LoginLimits } from './login-limits';
import { Passwords } from './passwords';
import { clientAddress, RequestOriginInfo } from '../common/client-address';
import { assertPasswordAllowed } from './password-policy';

export function accountView(a: Account): AccountView {
  return {
    id: a.id,
    username: a.username,
    role: a.role,
    displayName: a.displayName,
    districtId: a.districtId,
    schoolId: a.schoolId,
    active: a.active,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly passwords: Passwords,
    private readonly config: AppConfig,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly limits: LoginLimits,
  ) {}

  async login(username: string, password: string, origin: RequestOriginInfo = { peer: undefined, forwardedFor: undefined }): Promise<LoginResult> {
    this.limits.attempt(clientAddress(origin.peer, origin.forwardedFor, this.config.trustProxy), username);
    const account = await this.dataSource.getRepository(Account).findOneBy({ username });
    if (!account) {
      await this.passwords.waste(password);
      this.limits.failed(username);
      throw new AppError('INVALID_CREDENTIALS', 'Wrong username or password');
    }
    const ok = await this.passwords.verify(account.passwordHash, password);
    if (!ok || !account.active) {
      this.limits.failed(username);
      throw new AppError('INVALID_CREDENTIALS', 'Wrong username or password');
    }
    this.limits.succeeded(username);
    const payload: TokenPayload = { sub: String(account.id), username: account.username, role: account.role, tv: account.tokenVersion };
    const accessToken = await this.jwt.signAsync(payload);
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.tokenTtlSeconds, account: accountView(account) };
  }

  async me(user: AuthUser): Promise<AccountView> {
    const account = await this.dataSource.getRepository(Account).findOneByOrFail({ id: user.id });
    return accountView(account);
  }

  async changePassword(user: AuthUser, dto: ChangePasswordDto): Promise<void> {
    const account = await this.dataSource.getRepository(Account).findOneByOrFail({ id: user.id });
    if (!(await this.passwords.verify(account.passwordHash, dto.currentPassword))) {
      throw AppError.field('INVALID_CREDENTIALS', 'currentPassword', 'matches', 'The current password is wrong');
    }
    assertPasswordAllowed(dto.newPassword, account.username, 'newPassword');
    const hash = await this.passwords.hash(dto.newPassword);
    await this.tx.run(async (em) => {
      const before = await em.getRepository(Account).findOneByOrFail({ id: user.id });
      // Every token of the account, this one included, stops working: log in again.
      const after = Object.assign(new Account(), before, { passwordHash: hash, demoPassword: false, tokenVersion: before.tokenVersion + 1, updatedAt: this.clock.nowIso() });
      await em.getRepository(Account).save(after);
      // The hash itself is never audited; the entry records that the password changed.
      await this.audit.append(em, {
        actor: user,
        action: 'account.password-change',
        entityType: 'account',
        entityId: user.id,
        before: accountView(before),
        after: accountView(after),
      });
    });
  }
}
