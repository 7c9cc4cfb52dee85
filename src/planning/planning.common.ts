/**
 * Shared by the planning services: the organiser's scope of a round with its contest and round
 * row, the SQL conditions of a scope, and the Chinese names shown on pages and cards.
 */
import { findRound } from '../contests/find-contest';
import { EntityManager } from 'typeorm';
import { AppError } from '../common/errors';
import { AuthUser } from '../common/roles';
import { ContestRound } from '../contests/contest-round.entity';
import { Contest } from '../contests/contest.entity';
import { findContest } from '../contests/find-contest';
import type { GroupCode, RoundCode } from '../domain/preset';
import { Action, assertCan } from '../access';
import { districtOfSchool, findDistrict } from '../registry/find-registry';

/** An organiser's scope of a round: the school, the district, or the whole city (both null). */
export interface RoundScope {
  round: RoundCode;
  schoolId: number | null;
  districtId: number | null;
}

export function scopeKey(s: RoundScope): string {
  return s.schoolId !== null ? `school:${s.schoolId}` : s.districtId !== null && s.round !== 'final' ? `district:${s.districtId}` : 'city';
}

function bad(field: string, message: string): AppError {
  return AppError.field('VALIDATION_FAILED', field, 'scope', message);
}

/**
 * The scope asked for, completed from the caller's own (a school admin's school, a district
 * admin's district) and checked for its shape only; who may act on it is the access policy's
 * (src/access/planning.access.ts). `districtOfSchool` gives a preliminary school's district.
 */
export function resolveScope(user: AuthUser, q: { round: RoundCode; schoolId?: number; districtId?: number }, districtOfSchool: (schoolId: number) => number | undefined): RoundScope {
  if (q.round === 'preliminary') {
    if (q.districtId !== undefined) throw bad('districtId', 'A preliminary is organised by a school: give schoolId only');
    const schoolId = q.schoolId ?? (user.role === 'school_admin' ? user.schoolId! : undefined);
    if (schoolId === undefined) throw bad('schoolId', 'A preliminary needs its school (schoolId)');
    const districtId = districtOfSchool(schoolId);
    if (districtId === undefined) throw AppError.notFound('SCHOOL_NOT_FOUND', 'School', schoolId);
    return { round: 'preliminary', schoolId, districtId };
  }
  if (q.schoolId !== undefined) throw bad('schoolId', `The ${q.round} is not organised by a school`);
  if (q.round === 'semifinal') {
    const districtId = q.districtId ?? (user.role !== 'city_admin' ? user.districtId ?? undefined : undefined);
    if (districtId === undefined) {
      if (user.role !== 'city_admin') throw bad('districtId', 'A semi-final needs its district (districtId)');
      return { round: 'semifinal', schoolId: null, districtId: null };
    }
    return { round: 'semifinal', schoolId: null, districtId };
  }
  if (q.districtId !== undefined) throw bad('districtId', 'The final is organised by the city: no school or district');
  return { round: 'final', schoolId: null, districtId: null };
}

/** Does a panel fall inside the scope? */
export function panelInScope(s: RoundScope, p: { round: RoundCode; schoolId: number | null; districtId: number | null }): boolean {
  if (p.round !== s.round) return false;
  if (s.schoolId !== null) return p.schoolId === s.schoolId;
  if (s.districtId !== null) return p.districtId === s.districtId;
  return true;
}

export interface ScopeContext {
  contest: Contest;
  round: ContestRound;
  scope: RoundScope;
  key: string;
}

export async function scopeContext(
  em: EntityManager,
  user: AuthUser,
  q: { contestId: number; round: RoundCode; schoolId?: number; districtId?: number },
  action: Action,
): Promise<ScopeContext> {
  const contest = await findContest(em, q.contestId);
  let schoolDistrict: number | undefined;
  if (q.schoolId !== undefined || (q.round === 'preliminary' && user.role === 'school_admin' && user.schoolId !== null)) {
    schoolDistrict = await districtOfSchool(em, q.schoolId ?? user.schoolId!);
  }
  const scope = resolveScope(user, q, () => schoolDistrict);
  assertCan(user, action, { round: scope.round, schoolId: scope.schoolId, districtId: scope.districtId });
  if (scope.districtId !== null && scope.round === 'semifinal') await findDistrict(em, scope.districtId);
  const round = await findRound(em, contest.id, q.round);
  if (!round) throw AppError.notFound('ROUND_NOT_FOUND', 'Round', q.round);
  return { contest, round, scope, key: scopeKey(scope) };
}

/** The scope as a condition on panels (alias p) or entrants (alias e), with its parameters. */
export function scopeCondition(scope: RoundScope, alias: string): { text: string; params: unknown[] } {
  if (scope.round === 'preliminary') return { text: ` AND ${alias}.school_id = ?`, params: [scope.schoolId] };
  if (scope.round === 'semifinal' && scope.districtId !== null) return { text: ` AND ${alias}.district_id = ?`, params: [scope.districtId] };
  return { text: '', params: [] };
}

/** The scope as the contestants' entrant scope (the same narrowing as scopeCondition's). */
export function entrantScope(contestId: number, scope: RoundScope): { contestId: number; round: RoundCode; schoolId?: number; districtId?: number } {
  if (scope.round === 'preliminary') return { contestId, round: scope.round, schoolId: scope.schoolId! };
  if (scope.round === 'semifinal' && scope.districtId !== null) return { contestId, round: scope.round, districtId: scope.districtId };
  return { contestId, round: scope.round };
}

export function subjectName(contest: Contest, code: string | null): string {
  if (code === null) return '不限学科';
  return contest.subjects.find((s) => s.code === code)?.name ?? code;
}

export function groupName(contest: Contest, codes: GroupCode[]): string {
  const groups = contest.settings.groups ?? [];
  return codes.map((c) => groups.find((g) => g.code === c)?.name ?? c).join('、');
}

/** '2025-12-09' + '08:30' → '12月9日 08:30'. */
export function sessionShort(date: string | null, time: string | null): string {
  if (!date) return '';
  const [, m, d] = date.split('-').map(Number);
  return `${m}月${d}日${time ? ' ' + time : ''}`;
}

/** '2025-12-09' + '08:30' → '2025年12月9日 08:30'. */
export function sessionLong(date: string | null, time: string | null): string {
  if (!date) return '';
  return `${date.slice(0, 4)}年${sessionShort(date, time)}`;
}

/** '2025-12-09' → '2025年12月9日'. */
export function dateZh(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}
