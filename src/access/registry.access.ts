/** The registry (city, districts, schools, teachers), accounts, contests, the audit log and login. */
import { defineAccess } from './define';

export const REGISTRY_ACCESS = defineAccess({
  'city.read': { does: 'read the city', roles: { city_admin: 'any', district_admin: 'any', school_admin: 'any' } },
  'city.write': { does: 'set the city', roles: { city_admin: 'any' } },
  'district.list': { does: 'list districts', roles: { city_admin: 'any', district_admin: 'ownDistrict' } },
  'district.read': { does: "read a district or filter by it", roles: { city_admin: 'any', district_admin: 'ownDistrict' } },
  'district.create': { does: 'create a district', roles: { city_admin: 'any' } },
  'district.write': { does: 'rename a district', roles: { city_admin: 'any' } },
  'school.list': { does: 'list schools', roles: { city_admin: 'any', district_admin: 'ownDistrict', school_admin: 'ownSchool' } },
  'school.read': { does: 'read a school', roles: { city_admin: 'any', district_admin: 'ownDistrict', school_admin: 'ownSchool' } },
  'school.create': { does: 'create a school', roles: { city_admin: 'any', district_admin: 'ownDistrict' } },
  'school.write': { does: "change a school's record", roles: { city_admin: 'any', district_admin: 'ownDistrict' } },
  'school.move': { does: 'move a school to another district', roles: { city_admin: 'any' } },
  'teacher.list': { does: 'list teachers', roles: { city_admin: 'any', district_admin: 'ownDistrict', school_admin: 'ownSchool' } },
  'teacher.read': { does: 'read a teacher', roles: { city_admin: 'any', district_admin: 'ownDistrict', school_admin: 'ownSchool' } },
  'teacher.create': { does: 'register a teacher', roles: { city_admin: 'any', district_admin: 'ownDistrict', school_admin: 'ownSchool' } },
  'teacher.write': { does: 'change a teacher (or move them to another school)', roles: { city_admin: 'any', district_admin: 'ownDistrict', school_admin: 'ownSchool' } },
  'teacher.writePastListLock': { does: "change teachers of a school whose entrant list is submitted or overdue (the level above the school)", roles: { city_admin: 'any', district_admin: 'any' } },
  'teacher.idNumber.full': { does: "see a teacher's ID number in full (others see it masked)", roles: { city_admin: 'any', district_admin: 'ownDistrict', school_admin: 'ownSchool' } },
});

export const ACCOUNTS_ACCESS = defineAccess({
  'auth.me': { does: 'read its own account, change its own password', roles: { city_admin: 'any', district_admin: 'any', school_admin: 'any', judge: 'any' } },
  'account.list': { does: 'list accounts', roles: { city_admin: 'any', district_admin: 'schoolAdminsOfOwnDistrict' } },
  'account.create': { does: 'create an account (of a kind)', roles: { city_admin: 'any', district_admin: 'schoolAdminAccounts' } },
  'account.manage': { does: 'read, change, disable an account (and own the one created)', roles: { city_admin: 'any', district_admin: 'schoolAdminsOfOwnDistrict' } },
});

export const CONTESTS_ACCESS = defineAccess({
  'contest.read': { does: 'read contests and their rounds', roles: { city_admin: 'any', district_admin: 'any', school_admin: 'any', judge: 'any' } },
  'contest.write': { does: 'create or change a contest or a round', roles: { city_admin: 'any' } },
});

export const AUDIT_ACCESS = defineAccess({
  'audit.read': { does: 'read and verify the audit log', roles: { city_admin: 'any' } },
});
