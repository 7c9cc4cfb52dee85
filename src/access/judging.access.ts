/** Judging: score sheets, panels, judges' private links, scoring, results. */
import { defineAccess } from './define';

const ORGANISERS_ANY = { city_admin: 'any', district_admin: 'any', school_admin: 'any' } as const;
/** The organiser of a panel: the city (all), the district of a semi-final, the school of a preliminary. */
const ORGANISER = { city_admin: 'any', district_admin: 'ownDistrictSemifinalPanel', school_admin: 'ownSchoolPreliminaryPanel' } as const;
/** Who looks at a panel: its organiser, and the district of a school's preliminary. */
const VIEWER = { city_admin: 'any', district_admin: 'panelInOwnDistrict', school_admin: 'ownSchoolPreliminaryPanel' } as const;

export const JUDGING_ACCESS = defineAccess({
  'judging.ping': { does: 'check the judging service', roles: { ...ORGANISERS_ANY, judge: 'any' } },
  'sheet.readBase': { does: "read a round's base score sheet", roles: { ...ORGANISERS_ANY, judge: 'any' } },
  'schoolSheet.read': { does: "read a school's own preliminary sheet", roles: { city_admin: 'any', district_admin: 'ownDistrict', school_admin: 'ownSchool' } },
  'schoolSheet.write': { does: "set a school's own preliminary sheet", roles: { city_admin: 'any', school_admin: 'ownSchool' } },
  'entrantSheet.read': { does: 'read the sheet an entrant is scored on', roles: { city_admin: 'any', district_admin: 'ownDistrict', school_admin: 'ownSchool', judge: 'seatedJudge' } },
  'judge.list': { does: 'list the judge accounts', roles: ORGANISERS_ANY },
  'panel.list': { does: 'list panels', roles: { ...VIEWER, judge: 'seatedJudge' } },
  'panel.read': { does: "read a panel's settings, download its draw record", roles: VIEWER },
  'panel.create': { does: 'create a panel', roles: ORGANISER },
  'panel.manage': { does: "set a panel's judges, contestants and order (by hand or drawn)", roles: ORGANISER },
  'judgeLink.manage': { does: "create, list, revoke judges' private links", roles: ORGANISER },
  'panel.lock': { does: 'lock a panel, announce its results', roles: ORGANISER },
  'judge.panels': { does: "open the judge's page (its panels, its contestants)", roles: { judge: 'linkedPanel' }, judgeLink: true },
  'sheet.write': { does: 'enter scores (draft or submit)', roles: { judge: 'linkedPanel' }, judgeLink: true },
  'sheet.reopen': { does: "reopen a judge's submitted sheet (the head judge)", roles: { judge: 'linkedPanel' }, judgeLink: true },
  'panel.results': { does: "see a panel's progress, results, versions (judges: the head judge; results once announced: all its judges)", roles: { ...VIEWER, judge: 'linkedPanel' }, judgeLink: true },
});
