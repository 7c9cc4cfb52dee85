/**
 * Who plans which round, keeps which judge pool and creates judge accounts for it (one place,
 * built on src/common/scope.ts, to move into the access-policy table later):
 *
 *   preliminary  the school (its own), or the city
 *   semi-final   the district (its own), or the city (one district, or every district at once)
 *   final        the city
 *
 * A district also looks at (never changes) its schools' preliminaries.
 */
import { AppError } from '../common/errors';
import { AuthUser } from '../common/roles';
import { requireRole } from '../common/scope';
import type { RoundCode } from '../domain/preset';

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
 * admin's district), and checked: the caller must organise it. `districtOfSchool` gives a
 * preliminary school's district.
 */
export function resolveScope(
  user: AuthUser,
  q: { round: RoundCode; schoolId?: number; districtId?: number },
  districtOfSchool: (schoolId: number) => number | undefined,
  mode: 'manage' | 'view' = 'manage',
): RoundScope {
  requireRole(user, 'city_admin', 'district_admin', 'school_admin');
  const denied = (what: string) => new AppError('OUT_OF_SCOPE', `You do not organise ${what}`);
  if (q.round === 'preliminary') {
    if (q.districtId !== undefined) throw bad('districtId', 'A preliminary is organised by a school: give schoolId only');
    const schoolId = q.schoolId ?? (user.role === 'school_admin' ? user.schoolId! : undefined);
    if (schoolId === undefined) throw bad('schoolId', 'A preliminary needs its school (schoolId)');
    const districtId = districtOfSchool(schoolId);
    if (districtId === undefined) throw AppError.notFound('SCHOOL_NOT_FOUND', 'School', schoolId);
    const ok =
      user.role === 'city_admin' ||
      (user.role === 'school_admin' && user.schoolId === schoolId) ||
      (mode === 'view' && user.role === 'district_admin' && user.districtId === districtId);
    if (!ok) throw denied(`the preliminary of school ${schoolId}`);
    return { round: 'preliminary', schoolId, districtId };
  }
  if (q.schoolId !== undefined) throw bad('schoolId', `The ${q.round} is not organised by a school`);
  if (q.round === 'semifinal') {
    const districtId = q.districtId ?? (user.role === 'district_admin' ? user.districtId! : undefined);
    if (user.role === 'school_admin') throw denied('the semi-final (its district does)');
    if (districtId === undefined) {
      if (user.role !== 'city_admin') throw bad('districtId', 'A semi-final needs its district (districtId)');
      return { round: 'semifinal', schoolId: null, districtId: null };
    }
    if (user.role === 'district_admin' && user.districtId !== districtId) throw denied(`the semi-final of district ${districtId}`);
    return { round: 'semifinal', schoolId: null, districtId };
  }
  if (q.districtId !== undefined) throw bad('districtId', 'The final is organised by the city: no school or district');
  if (user.role !== 'city_admin') throw denied('the final (the city does)');
  return { round: 'final', schoolId: null, districtId: null };
}

/** Does a panel fall inside the scope? */
export function panelInScope(s: RoundScope, p: { round: RoundCode; schoolId: number | null; districtId: number | null }): boolean {
  if (p.round !== s.round) return false;
  if (s.schoolId !== null) return p.schoolId === s.schoolId;
  if (s.districtId !== null) return p.districtId === s.districtId;
  return true;
}

/** The city's overview of every district: the city admin only. */
export function assertCityOverview(user: AuthUser): void {
  requireRole(user, 'city_admin');
}
