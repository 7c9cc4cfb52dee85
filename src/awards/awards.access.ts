/**
 * Every access decision of prizes, awards and certificates, in one place (built on scope.ts), so
 * that it can move into the access-policy table later:
 *
 *   compute, publish, finalise   the district admin for its district's semi-final; the city admin for the final
 *   read a round's report        its organiser; the city reads every round; a district reads the final too
 *   a school's awards            the school, its district, the city (scope.assertSchoolVisible)
 *   certificate page             the holder's school, its district, the city
 *   verification page            anyone (public), rate-limited
 */
import { AppError } from '../common/errors';
import { AuthUser } from '../common/roles';
import { assertSchoolVisible, requireRole, SchoolRef } from '../common/scope';
import type { AwardRound, AwardRoundCode } from './awards.entity';

/** The body that computes (and publishes) a round's awards: RULES §6's table. */
export function assertOrganiser(user: AuthUser, round: AwardRoundCode, districtId: number | null): void {
  requireRole(user, 'city_admin', 'district_admin');
  if (round === 'final') {
    if (user.role !== 'city_admin') throw new AppError('AWARDS_WRONG_BODY', "The final's prizes and awards are computed and announced by the city bureau");
    return;
  }
  if (user.role !== 'district_admin') {
    throw new AppError('AWARDS_WRONG_BODY', "A semi-final's prizes and awards are computed and announced by its district bureau");
  }
  if (districtId !== user.districtId) throw new AppError('AWARDS_WRONG_BODY', `The semi-final of district ${districtId} is not yours to compute`);
}

export function canReadRound(user: AuthUser, ar: Pick<AwardRound, 'round' | 'districtId'>): boolean {
  if (user.role === 'city_admin') return true;
  if (user.role === 'district_admin') return ar.round === 'final' || ar.districtId === user.districtId;
  return false;
}

export function assertReadRound(user: AuthUser, ar: Pick<AwardRound, 'id' | 'round' | 'districtId'>): void {
  requireRole(user, 'city_admin', 'district_admin');
  if (!canReadRound(user, ar)) throw new AppError('OUT_OF_SCOPE', `Award round ${ar.id} is outside your scope`);
}

export function assertSchoolAwardsVisible(user: AuthUser, school: SchoolRef): void {
  assertSchoolVisible(user, school);
}

/** Full ID numbers in the organiser's exports: the city, and a district for its own district's teachers. */
export function seesFullIds(user: AuthUser, districtId: number): boolean {
  return user.role === 'city_admin' || (user.role === 'district_admin' && user.districtId === districtId);
}

/** Verification requests per client and minute (guessing certificate numbers is rate-limited). */
export const VERIFY_RATE_LIMIT = 30;
