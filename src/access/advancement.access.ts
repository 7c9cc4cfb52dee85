/** Advancement: allocations of places, recommendations, the public draw, replacements. */
import { defineAccess } from './define';

/** The organiser of an allocation and its draw: the district (semi-final), the city (final). */
const ORGANISER = { city_admin: 'finalOnly', district_admin: 'ownDistrictSemifinal' } as const;
/** The unit's own admin: the school (semi-final), the district (final). */
const UNIT_ADMIN = { school_admin: 'ownSchoolUnit', district_admin: 'ownDistrictUnit' } as const;

export const ADVANCEMENT_ACCESS = defineAccess({
  'allocation.create': { does: 'allocate the places of a round', roles: ORGANISER },
  'allocation.read': { does: 'read an allocation, its report, its draw and advanced entrants', roles: { city_admin: 'any', district_admin: 'allocationOfOwnDistrict', school_admin: 'allocationOfOwnSchool' } },
  'allocation.candidates': { does: "see a unit's candidates", roles: { city_admin: 'any', district_admin: 'unitOfOwnDistrict', school_admin: 'unitOfOwnSchool' } },
  'allocation.recommend': { does: "recommend the unit's entrants (again for a freed place)", roles: UNIT_ADMIN },
  'draw.run': { does: 'freeze the pools, announce, enter entropy, run and publish the draw', roles: ORGANISER },
  'draw.withdraw': { does: 'withdraw or disqualify an advanced entrant', roles: ORGANISER },
});
