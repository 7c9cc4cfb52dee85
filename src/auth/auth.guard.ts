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
import { DataSource, EntityManager } from 'typeorm';
import { Action, assertRole, linkMay } from '../access/policy';
import { ACTION_KEY, IS_PUBLIC } from '../common/auth.decorators';
import { AppError } from '../common/errors';
import { AuthUser, Role } from '../common/roles';
import { sql } from '../database/sql';
import { JUDGE_LINK_HEADER, resolveJudgeLink } from '../judging/judge-link';

export interface TokenPayload {
  sub: string;
  username: string;
  role: Role;
  /** The account's token version when the token was issued (absent in older tokens: 0). */
  tv?: number;
}

/**
 * The active account behind a token, read on every request (so a disabled account is locked out
 * at once). Plain SQL: the query builder cost more than the lookup itself on this path.
 */
async function activeAccount(em: EntityManager, id: number, tokenVersion?: number): Promise<AuthUser | null> {
  const [a] = await sql<{ id: number; username: string; role: Role; display_name: string; district_id: number | null; school_id: number | null; active: boolean | number; token_version: number }>(
    em,
    'SELECT id, username, role, display_name, district_id, school_id, active, token_version FROM accounts WHERE id = ?',
    [id],
  );
  if (!a || !a.active) return null;
  // A token issued before the password changed or the account was disabled no longer counts.
  if (tokenVersion !== undefined && Number(a.token_version) !== tokenVersion) return null;
  const orNull = (v: number | null) => (v === null ? null : Number(v));
  return { id: Number(a.id), username: a.username, role: a.role, displayName: a.display_name, districtId: orNull(a.district_id), schoolId: orNull(a.school_id) };
}

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: AuthUser }>();
    const action = this.reflector.getAllAndOverride<Action | undefined>(ACTION_KEY, targets);
    if (!action) throw new Error(`${context.getClass().name}.${context.getHandler().name} has neither @Auth('action') nor @Public()`);
    // A judge's private link: the policy says which actions it reaches (before the link is looked up).
    const linkToken = request.headers[JUDGE_LINK_HEADER];
    if (linkToken && !request.headers['authorization']) {
      if (!linkMay(action)) throw new AppError('ROLE_FORBIDDEN', "A judge's link opens only the judge's own panel");
      const link = await resolveJudgeLink(this.dataSource, linkToken);
      const judge = link ? await activeAccount(this.dataSource.manager, link.accountId) : null;
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

    let payload: TokenPayload;
    try {
      payload = await this.jwt.verifyAsync<TokenPayload>(match[1]);
    } catch {
      throw new AppError('UNAUTHENTICATED', 'The token is invalid or has expired; log in again');
    }
    const id = Number(payload.sub);
    const version = Number.isInteger(payload.tv) ? payload.tv! : 0;
    const account = Number.isInteger(id) ? await activeAccount(this.dataSource.manager, id, version) : null;
    if (!account) throw new AppError('UNAUTHENTICATED', 'The account of this token no longer exists, is disabled, or its password has changed; log in again');
    request.user = account;

    assertRole(account, action);
    return true;
  }
}
