/**
 * Who may see and change what (the roles' scopes), in one place:
 *
 *   city admin      everything
 *   district admin  its district, the schools of its district and their teachers
 *   school admin    its school (read only) and its teachers
 *   judge           nothing of the registry
 *
 * Full ID numbers are shown to the teacher's own school admin, the admin of its district and the
 * city admin; everyone else (judges, other schools, other districts) sees them masked.
 */
import { AppError } from './errors';
import { AuthUser, Role } from './roles';

export interface SchoolRef {
  id: number;
  districtId: number;
}

export function requireRole(user: AuthUser, ...roles: Role[]): void {
  if (!roles.includes(user.role)) {
    throw new AppError('ROLE_FORBIDDEN', `Role ${user.role} may not do this (allowed: ${roles.join(', ')})`);
  }
}

function outOfScope(what: string): AppError {
  return new AppError('OUT_OF_SCOPE', `${what} is outside your scope`);
}

/** May the user see this district's records? (city: all; district admin: its own) */
export function assertDistrictVisible(user: AuthUser, districtId: number): void {
  requireRole(user, 'city_admin', 'district_admin');
  if (user.role === 'district_admin' && user.districtId !== districtId) throw outOfScope(`District ${districtId}`);
}

/** May the user manage this district's schools (create, change)? Same rule as seeing it. */
export const assertDistrictManageable = assertDistrictVisible;

/** May the user see this school? (its district admin, its own school admin, the city) */
export function assertSchoolVisible(user: AuthUser, school: SchoolRef): void {
  requireRole(user, 'city_admin', 'district_admin', 'school_admin');
  if (user.role === 'district_admin' && user.districtId !== school.districtId) throw outOfScope(`School ${school.id}`);
  if (user.role === 'school_admin' && user.schoolId !== school.id) throw outOfScope(`School ${school.id}`);
}

/** May the user change the school's own record? (district admin of its district, city) */
export function assertSchoolManageable(user: AuthUser, school: SchoolRef): void {
  assertDistrictVisible(user, school.districtId);
}

/** May the user see and change the teachers of this school? (its school, its district, the city) */
export const assertTeachersManageable = assertSchoolVisible;

/** Does the user see this school's teachers' ID numbers in full? */
export function seesFullIdNumbers(user: AuthUser, school: SchoolRef): boolean {
  switch (user.role) {
    case 'city_admin':
      return true;
    case 'district_admin':
      return user.districtId === school.districtId;
    case 'school_admin':
      return user.schoolId === school.id;
    default:
      return false;
  }
}
