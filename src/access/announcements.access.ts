/**
 * Announcements (公示): who announces which list and who resolves its objections (RULES §6). The
 * resource names the body (`body`: school, district or city, with its id) that issues or resolves
 * the notice; which body that is for each kind of list is KIND_RULES (src/announcements/notice-kinds.ts).
 */
import { defineAccess } from './define';

export const ANNOUNCEMENTS_ACCESS = defineAccess({
  'notice.publish': { does: 'announce a list (a school its preliminary list, a district its semi-finalists, the city the finalists)', roles: { school_admin: 'ownSchoolBody', district_admin: 'ownDistrictBody', city_admin: 'cityBody' } },
  'notice.work': { does: 'list the notices they issue or resolve, the lists ready to announce, pending objections', roles: { school_admin: 'any', district_admin: 'any', city_admin: 'any' } },
  'notice.oversee': { does: 'see every notice of the contest', roles: { city_admin: 'any' } },
  'objection.resolve': { does: 'read and resolve the objections to a notice', roles: { district_admin: 'ownDistrictBody', city_admin: 'cityBody' } },
  'final.exclude-district': { does: "leave a district with no semi-final out of the final's allocation", roles: { city_admin: 'any' } },
});
