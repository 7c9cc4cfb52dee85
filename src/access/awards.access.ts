/**
 * Prizes, awards and certificates (RULES §5, §6): the district computes, announces and finalises
 * its semi-final's, the city the final's (another body: 403 AWARDS_WRONG_BODY); the city reads
 * every round, a district its own semi-final's and the final's; a certificate and a school's
 * awards are read by the school, its district and the city; the verification page is public.
 * Full ID numbers in the organiser's exports: `teacher.idNumber.full` (registry.access.ts).
 */
import { defineAccess } from './define';
import type { Resource } from './types';

export const AWARDS_ACCESS = defineAccess({
  'awards.compute': { does: "compute, announce and finalise a round's prizes and awards, issue its certificates", roles: { city_admin: 'finalAwards', district_admin: 'ownDistrictSemifinalAwards' } },
  'awards.read': { does: "read a round's prize report, award list and certificates", roles: { city_admin: 'any', district_admin: 'finalOrOwnDistrict' } },
  'awards.options.read': { does: "read the contest's award options", roles: { city_admin: 'any', district_admin: 'any' } },
  'awards.options.write': { does: "set the contest's award options", roles: { city_admin: 'any' } },
  'certificate.read': { does: "read a certificate and a school's awards", roles: { city_admin: 'any', district_admin: 'ownDistrict', school_admin: 'ownSchool' } },
});

/** An award round as a resource (its round and, for a semi-final, its district). */
export function awardRoundResource(ar: { id?: number; round: 'semifinal' | 'final'; districtId: number | null }): Resource {
  return { round: ar.round, districtId: ar.districtId, label: ar.id !== undefined ? `Award round ${ar.id}` : undefined };
}
