/**
 * Shared by the planning services: the organiser's scope of a round with its contest and round
 * row, the SQL conditions of a scope, and the Chinese names shown on pages and cards.
 */
import { EntityManager } from 'typeorm';
import { AppError } from '../common/errors';
import { AuthUser } from '../common/roles';
import { ContestRound } from '../contests/contest-round.entity';
import { Contest } from '../contests/contest.entity';
import { findContest } from '../contests/find-contest';
import type { GroupCode, RoundCode } from '../domain/preset';
import { sql } from '../database/sql';
import { resolveScope, RoundScope, scopeKey } from './planning.access';

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
  mode: 'manage' | 'view' = 'manage',
): Promise<ScopeContext> {
  const contest = await findContest(em, q.contestId);
  let schoolDistrict: number | undefined;
  if (q.schoolId !== undefined || (q.round === 'preliminary' && user.role === 'school_admin' && user.schoolId !== null)) {
    const sid = q.schoolId ?? user.schoolId!;
    const [row] = await sql<{ district_id: number }>(em, 'SELECT district_id FROM schools WHERE id = ?', [sid]);
    schoolDistrict = row ? Number(row.district_id) : undefined;
  }
  const scope = resolveScope(user, q, () => schoolDistrict, mode);
  if (scope.districtId !== null && scope.round === 'semifinal') {
    const [d] = await sql(em, 'SELECT id FROM districts WHERE id = ?', [scope.districtId]);
    if (!d) throw AppError.notFound('DISTRICT_NOT_FOUND', 'District', scope.districtId);
  }
  const round = await em.getRepository(ContestRound).findOneBy({ contestId: contest.id, code: q.round });
  if (!round) throw AppError.notFound('ROUND_NOT_FOUND', 'Round', q.round);
  return { contest, round, scope, key: scopeKey(scope) };
}

/** The scope as a condition on panels (alias p) or entrants (alias e), with its parameters. */
export function scopeCondition(scope: RoundScope, alias: string): { text: string; params: unknown[] } {
  if (scope.round === 'preliminary') return { text: ` AND ${alias}.school_id = ?`, params: [scope.schoolId] };
  if (scope.round === 'semifinal' && scope.districtId !== null) return { text: ` AND ${alias}.district_id = ?`, params: [scope.districtId] };
  return { text: '', params: [] };
}

export function subjectName(contest: Contest, code: string | null): string {
  if (code === null) return '不限学科';
  return contest.subjects.find((s) => s.code === code)?.name ?? code;
}

export function groupName(contest: Contest, codes: GroupCode[]): string {
  const groups = (contest.settings as { groups?: { code: string; name: string }[] }).groups ?? [];
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
