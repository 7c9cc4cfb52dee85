/**
 * Conflict of interest (回避, RULES §3): a judge never scores a contestant of the judge's own
 * school; in the final, not one of the judge's own district either.
 */
import type { RoundCode } from './preset';

export type ConflictKind = 'school' | 'district';

export interface ConflictParty {
  schoolId: number | null;
  districtId: number | null;
}

/** Why this judge may not score this entrant (null: no conflict). Final: not the district either. */
export function conflictOf(judge: ConflictParty, entrant: { schoolId: number; districtId: number }, round: RoundCode): ConflictKind | null {
  if (judge.schoolId !== null && judge.schoolId !== undefined && judge.schoolId === entrant.schoolId) return 'school';
  if (round === 'final' && judge.districtId !== null && judge.districtId !== undefined && judge.districtId === entrant.districtId) return 'district';
  return null;
}

/** The schools and districts of a group of contestants, for checking many judges against them at once. */
export interface ConflictSets {
  schools: Set<number>;
  districts: Set<number>;
}

export function conflictSets(entrants: { schoolId: number; districtId: number }[]): ConflictSets {
  return { schools: new Set(entrants.map((e) => e.schoolId)), districts: new Set(entrants.map((e) => e.districtId)) };
}

/**
 * conflictOf against every contestant of a group at once (set lookups, for the assignment of
 * thousands of judges): the first kind of conflict with any of them, or null. Tested equal to
 * applying conflictOf to each contestant.
 */
export function conflictWithAny(judge: ConflictParty, sets: ConflictSets, round: RoundCode): ConflictKind | null {
  if (judge.schoolId !== null && judge.schoolId !== undefined && sets.schools.has(judge.schoolId)) return 'school';
  if (round === 'final' && judge.districtId !== null && judge.districtId !== undefined && sets.districts.has(judge.districtId)) return 'district';
  return null;
}
