/**
 * Which body announces each kind of list and which resolves its objections (RULES §6's table);
 * who may act for a body is the access policy's (src/access/announcements.access.ts):
 *
 *   list                              announced by   objections resolved by
 *   preliminary (a school's entrants)  the school     its district
 *   semifinalists (a district's)       the district   the district
 *   finalists (a district's)           the city       the city
 *   semifinal-awards (a district's)    the district   the district
 *   final-awards                       the city       the city
 */
import { assertCan, can } from '../access/policy';
import type { Resource } from '../access/types';
import { AppError } from '../common/errors';
import { AuthUser } from '../common/roles';
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

/** A body (school, district, city) as a resource of the access policy. */
export function bodyResource(level: BodyLevel, id: number | null): Resource {
  if (level === 'school') return { body: level, schoolId: id, label: `School ${id}` };
  if (level === 'district') return { body: level, districtId: id, label: `District ${id}` };
  return { body: level, label: 'The city' };
}

/** May the user announce a list of this kind for this issuing body? */
export function assertMayIssue(user: AuthUser, kind: NoticeKind, issuer: { level: BodyLevel; id: number | null }): void {
  const rule = KIND_RULES[kind];
  if (issuer.level !== rule.issuer) throw new AppError('ROLE_FORBIDDEN', `A ${kind} list is announced by the ${rule.issuer}, not the ${issuer.level}`);
  assertCan(user, 'notice.publish', bodyResource(issuer.level, issuer.id));
}

type NoticeBodies = { issuerLevel: BodyLevel; issuerId: number | null; resolverLevel: BodyLevel; resolverId: number | null };

/** May the user resolve objections to (and read the objectors of) this notice? */
export function mayResolve(user: AuthUser, notice: { resolverLevel: BodyLevel; resolverId: number | null }): boolean {
  return can(user, 'objection.resolve', bodyResource(notice.resolverLevel, notice.resolverId));
}

export function assertMayResolve(user: AuthUser, notice: { id: number; resolverLevel: BodyLevel; resolverId: number | null }): void {
  assertCan(user, 'objection.resolve', { ...bodyResource(notice.resolverLevel, notice.resolverId), label: `Notice ${notice.id}` });
}

/** The notices an account works with: those it issues or resolves (the city: all). */
export function worksWith(user: AuthUser, n: NoticeBodies): boolean {
  return can(user, 'notice.oversee') || mayResolve(user, n) || can(user, 'notice.publish', bodyResource(n.issuerLevel, n.issuerId));
}
