/**
 * The global guard: every request needs `Authorization: Bearer <token>` (unless the endpoint is
 * @Public()); the token's account is loaded on every request, so a deactivated account or a
 * changed scope takes effect at once. Then the role part of the access policy is checked for the
 * endpoint's @Auth('action') (src/access). A judge's private link (X-Judge-Link, no bearer token)
 * is the other way in: it is resolved to its judge and panel, and the policy decides what it reaches.
 */
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Action, assertRole, linkMay } from '../access/policy';
import { ACTION_KEY, IS_PUBLIC } from '../common/auth.decorators';
import { AppError } from '../common/errors';
import { AuthUser, Role } from '../common/roles';
import { Transactions } from '../database/transactions';
import { JUDGE_LINK_HEADER, resolveJudgeLink } from '../judging/judge-link';

export interface TokenPayload {
  sub: string;
  username: string;
  role: Role;
  /** The account's token version when the token was issued (absent in older tokens: 0). */
  tv?: number;
}

type AccountRow = { id: number; username: string; role: Role; display_name: string; district_id: number | null; school_id: number | null; active: boolean | number; token_version: number };

/** The statement of the account lookup (plain SQL: the query builder cost more than the lookup itself). */
const ACCOUNT_BY_ID = 'SELECT id, username, role, display_name, district_id, school_id, active, token_version FROM accounts WHERE id = ?';

/** The active account of a row (read on every request, so a disabled account is locked out at once). */
function activeAccount(a: AccountRow | undefined, tokenVersion?: number): AuthUser | null {
  if (!a || !a.active) return null;
  // A token issued before the password changed or the account was disabled no longer counts.
  if (tokenVersion !== undefined && Number(a.token_version) !== tokenVersion) return null;
  const orNull = (v: number | null) => (v === null ? null : Number(v));
  return { id: Number(a.id), username: a.username, role: a.role, displayName: a.display_name, districtId: orNull(a.district_id), schoolId: orNull(a.school_id) };
}

/** A verified token's payload, kept until the token expires (see VerifiedTokens). */
interface Verified {
  payload: TokenPayload;
  /** When the token stops being valid (its `exp`), in ms since the epoch. */
  expiresAt: number;
}

/**
 * The tokens already verified, by their text: checking a token's signature and claims again on
 * each of its requests cost more than the rest of the guard. A token is kept only while it is
 * valid as jsonwebtoken checks it (`exp` against Date.now(); a token with `nbf` is not kept), so
 * an expired token is refused as before; the account behind it is still read on every request.
 * At most MAX entries (the oldest go first).
 */
export class VerifiedTokens {
  private static readonly MAX = 10_000;
  private readonly byToken = new Map<string, Verified>();

  get(token: string): TokenPayload | undefined {
    const v = this.byToken.get(token);
    if (!v) return undefined;
    if (Date.now() < v.expiresAt) return v.payload;
    this.byToken.delete(token);
    return undefined;
  }

  set(token: string, payload: TokenPayload & { exp?: number; nbf?: number }): void {
    if (payload.nbf !== undefined || typeof payload.exp !== 'number') return;
    if (this.byToken.size >= VerifiedTokens.MAX) this.byToken.delete(this.byToken.keys().next().value!);
    this.byToken.set(token, { payload, expiresAt: payload.exp * 1000 });
  }
}

/** What the guard needs of an endpoint, read once per handler (not through the reflector on every request). */
interface EndpointAccess {
  isPublic: boolean;
  action: Action | undefined;
}

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    @InjectDataSource() private readonly dataSource: DataSource,
    transactions: Transactions,
  ) {
    this.accountById = transactions.preparedRead<AccountRow>(ACCOUNT_BY_ID);
  }

  private readonly accountById: (params: unknown[]) => Promise<AccountRow[]>;
  private readonly tokens = new VerifiedTokens();
  private readonly endpoints = new WeakMap<object, EndpointAccess>();

  private endpoint(context: ExecutionContext): EndpointAccess {
    const handler = context.getHandler();
    let e = this.endpoints.get(handler);
    if (!e) {
      const targets = [handler, context.getClass()];
      e = { isPublic: !!this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets), action: this.reflector.getAllAndOverride<Action | undefined>(ACTION_KEY, targets) };
      this.endpoints.set(handler, e);
    }
    return e;
  }

  private async account(id: number, tokenVersion?: number): Promise<AuthUser | null> {
    const [row] = await this.accountById([id]);
    return activeAccount(row, tokenVersion);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { isPublic, action } = this.endpoint(context);
    if (isPublic) return true;

    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: AuthUser }>();
    if (!action) throw new Error(`${context.getClass().name}.${context.getHandler().name} has neither @Auth('action') nor @Public()`);
    // A judge's private link: the policy says which actions it reaches (before the link is looked up).
    const linkToken = request.headers[JUDGE_LINK_HEADER];
    if (linkToken && !request.headers['authorization']) {
      if (!linkMay(action)) throw new AppError('ROLE_FORBIDDEN', "A judge's link opens only the judge's own panel");
      const link = await resolveJudgeLink(this.dataSource, linkToken);
      const judge = link ? await this.account(link.accountId) : null;
      if (!link || !judge || judge.role !== 'judge') {
        throw new AppError('UNAUTHENTICATED', 'This judge link is invalid or has been revoked');
      }
      request.user = { ...judge, judgeLinkPanelId: link.panelId };
      assertRole(request.user, action);
      return true;
    }
    const header = request.headers['authorization'] ?? '';
    const match = /^Bearer ([A-Za-z0-9_\-.=]+)$/.exec(header.trim());
    if (!match) throw new AppError('UNAUTHENTICATED', 'A bearer token is required (Authorization: Bearer <token>)');

    let payload = this.tokens.get(match[1]);
    if (!payload) {
      try {
        payload = await this.jwt.verifyAsync<TokenPayload>(match[1]);
      } catch {
        throw new AppError('UNAUTHENTICATED', 'The token is invalid or has expired; log in again');
      }
      this.tokens.set(match[1], payload);
    }
    const id = Number(payload.sub);
    const version = Number.isInteger(payload.tv) ? payload.tv! : 0;
    const account = Number.isInteger(id) ? await this.account(id, version) : null;
    if (!account) throw new AppError('UNAUTHENTICATED', 'The account of this token no longer exists, is disabled, or its password has changed; log in again');
    request.user = account;

    assertRole(account, action);
    return true;
  }
}
