/** Preliminary entrant lists, their Excel files and exemptions. */
import { defineAccess } from './define';

const ORGANISERS = { city_admin: 'any', district_admin: 'ownDistrict', school_admin: 'ownSchool' } as const;

export const ENTRANTS_ACCESS = defineAccess({
  'entrantList.overview': { does: "list the schools' entrant lists of a district", roles: { city_admin: 'any', district_admin: 'ownDistrict' } },
  'entrantList.read': { does: "read a school's entrant list (page, printable, Excel template and export)", roles: ORGANISERS },
  'entrantList.edit': { does: "submit, reopen or upload (preview, then apply) a school's entrant list", roles: { school_admin: 'ownSchool' } },
  'entrantList.extend': { does: "extend a school's deadline", roles: { district_admin: 'ownDistrict' } },
  'exemption.list': { does: 'list exemptions', roles: ORGANISERS },
  'exemption.apply': { does: 'apply for, review or withdraw an exemption of its teacher', roles: { school_admin: 'ownSchool' } },
  'exemption.decide': { does: 'approve or reject an exemption', roles: { district_admin: 'ownDistrict' } },
});
