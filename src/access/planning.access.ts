/**
 * Round planning: plans, judge pools, judge accounts made for a pool, automatic assignment, judge
 * cards, scoring dates, progress and the problems judges report. The resource of a round action is
 * the organiser's scope `{ round, schoolId, districtId }` (src/planning/planning.common.ts):
 *
 *   preliminary  its school (or the city)
 *   semi-final   its district (or the city: one district, or every district at once)
 *   final        the city
 *
 * A district also looks at (never changes) its schools' preliminaries.
 */
import { defineAccess } from './define';

/** The organiser of a round's scope. */
const PLANNER = { city_admin: 'any', district_admin: 'ownDistrictSemifinalRound', school_admin: 'ownSchoolPreliminaryRound' } as const;
/** Who looks at a round's scope: its organiser, and the district of a school's preliminary. */
const ROUND_VIEWER = { city_admin: 'any', district_admin: 'roundInOwnDistrict', school_admin: 'ownSchoolPreliminaryRound' } as const;
/** The organiser of a panel (as in judging). */
const PANEL_ORGANISER = { city_admin: 'any', district_admin: 'ownDistrictSemifinalPanel', school_admin: 'ownSchoolPreliminaryPanel' } as const;
const PANEL_VIEWER = { city_admin: 'any', district_admin: 'panelInOwnDistrict', school_admin: 'ownSchoolPreliminaryPanel' } as const;

export const PLANNING_ACCESS = defineAccess({
  'plan.preview': { does: "preview a round's plan (and the pool's assignment)", roles: PLANNER },
  'plan.accept': { does: "accept a round's plan (creates its panels; replaces it until the first score)", roles: PLANNER },
  'scoring.extend': { does: "extend the scoring dates of a round's open panels", roles: PLANNER },
  'pool.read': { does: "read a round's judge pool", roles: PLANNER },
  'pool.manage': { does: "put judges into a round's pool and take them out, import the pool sheet", roles: PLANNER },
  'judgeAccount.create': {
    does: 'create a judge account for a pool',
    roles: { city_admin: 'judgeAccounts', district_admin: 'judgeAccountsOfOwnDistrict', school_admin: 'judgeAccountsOfOwnSchool' },
  },
  'plan.assign': { does: "fill a round's open panels from the pool", roles: PLANNER },
  'panel.judges': { does: "change a panel's judges in bulk", roles: PANEL_ORGANISER },
  'cards.print': { does: 'print judge cards (new private links)', roles: PLANNER },
  'progress.read': { does: "see a round's progress per panel", roles: ROUND_VIEWER },
  'planning.mergeRule.read': { does: "see the contest's rule for merging small groups into one panel", roles: { city_admin: 'any', district_admin: 'any', school_admin: 'any' } },
  'planning.mergeRule.write': { does: "set the contest's rule for merging small groups into one panel", roles: { city_admin: 'any' } },
  'planning.cityOverview': { does: "see every district's stage", roles: { city_admin: 'any' } },
  'problem.report': { does: 'report a problem from the tablet', roles: { judge: 'linkedPanel' }, judgeLink: true },
  'problem.list': { does: "see a panel's open problems (judges: the head judge)", roles: { ...PANEL_VIEWER, judge: 'linkedPanel' }, judgeLink: true },
  'problem.handle': { does: 'mark a problem handled (judges: the head judge)', roles: { ...PANEL_ORGANISER, judge: 'linkedPanel' }, judgeLink: true },
});
