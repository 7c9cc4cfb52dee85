/** The four roles of the service and what a logged-in user carries. */
export const ROLES = ['city_admin', 'district_admin', 'school_admin', 'judge'] as const;
export type Role = (typeof ROLES)[number];

/** The authenticated caller, as loaded from the database on every request. */
export interface AuthUser {
  id: number;
  username: string;
  role: Role;
  displayName: string;
  /** district admin: its district; school admin: its school's district; judge: optional. */
  districtId: number | null;
  /** school admin: its school; judge: the school they teach at (optional). */
  schoolId: number | null;
  /** Set when the request came with a judge's private link instead of a login: the link's one panel. */
  judgeLinkPanelId?: number;
}
