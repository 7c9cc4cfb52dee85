/**
 * The scope rules of the policy, by name. A row of the policy table names one of these for each
 * role it allows; the README prints their `text`.
 */
import type { AuthUser } from '../common/roles';
import type { Resource, ScopeRule } from './types';

const same = (a: number | null | undefined, b: number | null | undefined) => a !== undefined && a !== null && a === b;

export const SCOPES = {
  any: { text: 'any', test: () => true },

  ownDistrict: {
    text: 'own district',
    test: (u, r) => same(r.districtId, u.districtId),
    filter: (u) => ({ districtId: u.districtId! }),
  },

  ownSchool: {
    text: 'own school',
    test: (u, r) => same(r.schoolId, u.schoolId),
    filter: (u) => ({ schoolId: u.schoolId! }),
  },

  /** Accounts: a district admin manages the school admins of its own district only. */
  schoolAdminsOfOwnDistrict: {
    text: 'school admins of own district',
    test: (u, r) => (r.accountRole === undefined || r.accountRole === 'school_admin') && (r.districtId === undefined || same(r.districtId, u.districtId)),
    message: () => 'A district admin manages only the school admins of its own district',
    filter: (u) => ({ districtId: u.districtId!, accountRole: 'school_admin' }),
  },

  /** Accounts: what a district admin may create at all. */
  schoolAdminAccounts: {
    text: 'school-admin accounts only',
    appliesTo: (r) => r.accountRole === 'school_admin',
    test: () => true,
  },

  /** Judging: the organiser of a semi-final panel is its district. */
  ownDistrictSemifinalPanel: {
    text: 'semi-final panels of own district',
    test: (u, r) => r.round === 'semifinal' && same(r.districtId, u.districtId),
    message: (_u, r) => `${labelOf(r)} is not organised by you`,
    filter: (u) => ({ districtId: u.districtId! }),
  },

  /** Judging: the organiser of a preliminary panel is its school. */
  ownSchoolPreliminaryPanel: {
    text: 'preliminary panels of own school',
    test: (u, r) => r.round === 'preliminary' && same(r.schoolId, u.schoolId),
    message: (_u, r) => `${labelOf(r)} is not organised by you`,
    filter: (u) => ({ schoolId: u.schoolId! }),
  },

  /** Judging: a district looks at every panel in it (its semi-finals and its schools' preliminaries). */
  panelInOwnDistrict: {
    text: 'panels in own district',
    test: (u, r) => same(r.districtId, u.districtId),
  },

  /** Judging: a judge's own panels; a private link opens its one panel only. */
  linkedPanel: {
    text: 'own panels (a private link: its panel)',
    test: (u, r) => u.judgeLinkPanelId === undefined || r.panelId === undefined || u.judgeLinkPanelId === r.panelId,
    refusal: 'NOT_ON_PANEL',
    message: () => 'This link opens another panel only',
  },

  /** Judging: a judge sitting on a panel the record is on. */
  seatedJudge: {
    text: 'panels they sit on',
    test: (_u, r) => r.callerSeated === true,
  },

  /** Planning: a school organises its own preliminary. */
  ownSchoolPreliminaryRound: {
    text: 'preliminary of own school',
    test: (u, r) => r.round === 'preliminary' && same(r.schoolId, u.schoolId),
    message: (_u, r) => `You do not organise the ${r.round ?? 'round'} of ${labelOf(r)}`,
  },

  /** Planning: a district organises its own semi-final. */
  ownDistrictSemifinalRound: {
    text: 'semi-final of own district',
    test: (u, r) => r.round === 'semifinal' && same(r.districtId, u.districtId),
    message: (_u, r) => `You do not organise the ${r.round ?? 'round'} of ${labelOf(r)}`,
  },

  /** Planning: a district looks at its semi-final and its schools' preliminaries. */
  roundInOwnDistrict: {
    text: "own district's semi-final and its schools' preliminaries",
    test: (u, r) => r.round !== 'final' && same(r.districtId, u.districtId),
    message: (_u, r) => `${labelOf(r)} is outside your scope`,
  },

  /** Planning: the city creates judge accounts for any pool. */
  judgeAccounts: {
    text: 'judge accounts',
    appliesTo: (r) => r.accountRole === 'judge',
    test: () => true,
  },

  /** Planning: a district creates judge accounts for its own semi-final's pool. */
  judgeAccountsOfOwnDistrict: {
    text: "judge accounts for own district's semi-final",
    appliesTo: (r) => r.accountRole === 'judge',
    test: (u, r) => r.round === 'semifinal' && same(r.districtId, u.districtId),
    message: () => 'A district creates judge accounts for its own semi-final only',
  },

  /** Planning: a school creates judge accounts for its own preliminary's pool. */
  judgeAccountsOfOwnSchool: {
    text: "judge accounts for own school's preliminary",
    appliesTo: (r) => r.accountRole === 'judge',
    test: (u, r) => r.round === 'preliminary' && same(r.schoolId, u.schoolId),
    message: () => 'A school creates judge accounts for its own preliminary only',
  },

  /** Advancement: the city organises the final only. */
  finalOnly: {
    text: 'the final',
    appliesTo: (r) => r.round === 'final',
    test: () => true,
  },

  /** Advancement: a district organises its own semi-final. */
  ownDistrictSemifinal: {
    text: 'semi-final of own district',
    appliesTo: (r) => r.round === 'semifinal',
    test: (u, r) => same(r.districtId, u.districtId),
  },

  /** Advancement: a district reads its semi-final's allocation and the final's it is a unit of. */
  allocationOfOwnDistrict: {
    text: 'semi-final of own district; final: as a unit',
    test: (u, r) => (r.round === 'semifinal' ? same(r.districtId, u.districtId) : (r.unitIds ?? []).some((id) => same(id, u.districtId))),
  },

  /** Advancement: a school reads the semi-final allocation it is a unit of. */
  allocationOfOwnSchool: {
    text: 'semi-final: as a unit',
    test: (u, r) => r.round === 'semifinal' && (r.unitIds ?? []).some((id) => same(id, u.schoolId)),
  },

  /** Advancement: the unit's own admin in a semi-final (a school). */
  ownSchoolUnit: {
    text: 'semi-final: own school as unit',
    appliesTo: (r) => r.round === 'semifinal',
    test: (u, r) => same(r.unitId, u.schoolId),
    message: (_u, r) => `School ${r.unitId} is outside your scope`,
  },

  /** Advancement: the unit's own admin in the final (a district). */
  ownDistrictUnit: {
    text: 'final: own district as unit',
    appliesTo: (r) => r.round === 'final',
    test: (u, r) => same(r.unitId, u.districtId),
    message: (_u, r) => `District ${r.unitId} is outside your scope`,
  },

  /** Advancement: looking at one unit's candidates (a school its own; a district its own in the final). */
  unitOfOwnSchool: {
    text: 'own school as unit',
    test: (u, r) => same(r.unitId, u.schoolId),
    message: (_u, r) => `School ${r.unitId} is outside your scope`,
  },
  unitOfOwnDistrict: {
    text: 'semi-final of own district; final: own district as unit',
    test: (u, r) => (r.round === 'final' ? same(r.unitId, u.districtId) : same(r.districtId, u.districtId)),
    message: (_u, r) => `District ${r.unitId} is outside your scope`,
  },

  /** Announcements: a school's own notices (issued by a school). */
  ownSchoolBody: {
    text: "a school's notices: own school",
    appliesTo: (r) => r.body === 'school',
    test: (u, r) => same(r.schoolId, u.schoolId),
  },

  /** Announcements: a district's own notices (issued or resolved by a district). */
  ownDistrictBody: {
    text: "a district's notices: own district",
    appliesTo: (r) => r.body === 'district',
    test: (u, r) => same(r.districtId, u.districtId),
  },

  /** Announcements: the city's notices (issued or resolved by the city). */
  cityBody: {
    text: "the city's notices",
    appliesTo: (r) => r.body === 'city',
    test: () => true,
  },

  /** Awards: the city computes and announces the final's prizes and awards. */
  finalAwards: {
    text: 'the final',
    test: (_u, r) => r.round === 'final',
    refusal: 'AWARDS_WRONG_BODY',
    message: () => "A semi-final's prizes and awards are computed and announced by its district bureau",
  },

  /** Awards: a district computes and announces its own semi-final's. */
  ownDistrictSemifinalAwards: {
    text: 'semi-final of own district',
    test: (u, r) => r.round === 'semifinal' && same(r.districtId, u.districtId),
    refusal: 'AWARDS_WRONG_BODY',
    message: (_u, r) =>
      r.round === 'final' ? "The final's prizes and awards are computed and announced by the city bureau" : `The semi-final of district ${r.districtId} is not yours to compute`,
  },

  /** Awards: a district reads its own semi-final's awards and the final's. */
  finalOrOwnDistrict: {
    text: 'semi-final of own district; the final',
    test: (u, r) => r.round === 'final' || same(r.districtId, u.districtId),
  },
} satisfies Record<string, ScopeRule>;

export type ScopeName = keyof typeof SCOPES;

/** "Panel 3", "School 4", "District 2" (for the messages of refusals). */
export function labelOf(r: Resource): string {
  if (r.label) return r.label;
  if (r.panelId !== undefined) return `Panel ${r.panelId}`;
  if (r.schoolId !== undefined && r.schoolId !== null) return `School ${r.schoolId}`;
  if (r.districtId !== undefined && r.districtId !== null) return `District ${r.districtId}`;
  return 'This record';
}

export function scopeRule(name: ScopeName): ScopeRule {
  return SCOPES[name] as ScopeRule;
}

export type { AuthUser };
