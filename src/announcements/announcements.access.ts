/**
 * Who may announce which list and who resolves its objections (RULES §6's table), in one place,
 * built on src/common/scope.ts:
 *
 *   list                              announced by   objections resolved by
 *   preliminary (a school's entrants)  the school     its district
 *   semifinalists (a district's)       the district   the district
 *   finalists (a district's)           the city       the city
 *   semifinal-awards (a district's)    the district   the district
 *   final-awards                       the city       the city
 */
import { AppError } from '../common/errors';
import { AuthUser } from '../common/roles';
import { requireRole } from '../common/scope';
import type { BodyLevel, NoticeKind } from './notice.entity';

export interface KindRule {
  /** The round the list belongs to. */
  round: 'preliminary' | 'semifinal' | 'final';
  issuer: BodyLevel;
  resolver: 'district' | 'city';
  /** The list's name on the pages. */
  name: string;
}

export const KIND_RULES: Record<NoticeKind, KindRule> = {
  preliminary: { round: 'preliminary', issuer: 'school', resolver: 'district', name: '初赛参赛名单' },
  semifinalists: { round: 'semifinal', issuer: 'district', resolver: 'district', name: '复赛名单' },
  finalists: { round: 'final', issuer: 'city', resolver: 'city', name: '决赛名单' },
  'semifinal-awards': { round: 'semifinal', issuer: 'district', resolver: 'district', name: '复赛获奖名单' },
  'final-awards': { round: 'final', issuer: 'city', resolver: 'city', name: '决赛获奖名单' },
};

const ROLE_OF: Record<BodyLevel, 'school_admin' | 'district_admin' | 'city_admin'> = { school: 'school_admin', district: 'district_admin', city: 'city_admin' };

/** The body's own admin: the school's, the district's, or the city's. */
function assertBody(user: AuthUser, level: BodyLevel, id: number | null): void {
  requireRole(user, ROLE_OF[level]);
  if (level === 'school' && user.schoolId !== id) throw new AppError('OUT_OF_SCOPE', `School ${id} is outside your scope`);
  if (level === 'district' && user.districtId !== id) throw new AppError('OUT_OF_SCOPE', `District ${id} is outside your scope`);
}

/** May the user announce a list of this kind for this issuing body? */
export function assertMayIssue(user: AuthUser, kind: NoticeKind, issuer: { level: BodyLevel; id: number | null }): void {
  const rule = KIND_RULES[kind];
  if (issuer.level !== rule.issuer) throw new AppError('ROLE_FORBIDDEN', `A ${kind} list is announced by the ${rule.issuer}, not the ${issuer.level}`);
  assertBody(user, issuer.level, issuer.id);
}

/** May the user resolve objections to (and read the objectors of) this notice? */
export function mayResolve(user: AuthUser, notice: { resolverLevel: BodyLevel; resolverId: number | null }): boolean {
  if (notice.resolverLevel === 'city') return user.role === 'city_admin';
  return user.role === 'district_admin' && user.districtId === notice.resolverId;
}

export function assertMayResolve(user: AuthUser, notice: { id: number; resolverLevel: BodyLevel; resolverId: number | null }): void {
  if (mayResolve(user, notice)) return;
  requireRole(user, notice.resolverLevel === 'city' ? 'city_admin' : 'district_admin');
  throw new AppError('OUT_OF_SCOPE', `Notice ${notice.id} is resolved by another body`);
}

/** The notices an account works with: those it issues or resolves (the city: all). */
export function worksWith(user: AuthUser, n: { issuerLevel: BodyLevel; issuerId: number | null; resolverLevel: BodyLevel; resolverId: number | null }): boolean {
  if (user.role === 'city_admin') return true;
  if (mayResolve(user, n)) return true;
  if (n.issuerLevel === 'school') return user.role === 'school_admin' && user.schoolId === n.issuerId;
  if (n.issuerLevel === 'district') return user.role === 'district_admin' && user.districtId === n.issuerId;
  return false;
}

/** Leaving a district out of the final's gates is the city's decision. */
export function assertMayExcludeFromFinal(user: AuthUser): void {
  requireRole(user, 'city_admin');
}
