/**
 * The vocabulary of the access policy: what a resource carries, what a scope rule is, what a
 * row of the policy table is. The rules themselves are in scopes.ts, the rows in the
 * `*.access.ts` tables, the one decision in policy.ts.
 */
import type { AuthUser, Role } from '../common/roles';

export type Round = 'preliminary' | 'semifinal' | 'final';

/**
 * What an access decision looks at: the organisation a record belongs to. Each action's scope
 * rule reads the fields it needs; a service fills in those of its record.
 */
export interface Resource {
  districtId?: number | null;
  schoolId?: number | null;
  /** A panel (judging). */
  panelId?: number;
  /** The round of a panel or an allocation. */
  round?: Round;
  /** The caller sits on the panel as one of its judges (looked up by the service). */
  callerSeated?: boolean;
  /** An allocation's units (schools in a semi-final, districts in the final). */
  unitIds?: number[];
  /** The one unit acted for (a school or a district, by the round). */
  unitId?: number;
  /** The role of an account being listed, read, created or changed. */
  accountRole?: Role | string;
  /** The level of the body a notice is issued or resolved by (announcements). */
  body?: 'school' | 'district' | 'city';
  /** How the record is named in a refusal ("School 3"); derived from the ids when absent. */
  label?: string;
}

/** Filters a list down to the caller's scope: equality conditions on the list's rows. */
export interface ListFilter {
  districtId?: number;
  schoolId?: number;
  accountRole?: Role;
}

/**
 * A scope rule: which records of an action a role reaches.
 * - `appliesTo` false: the role may not do this at all to such a record (403 ROLE_FORBIDDEN);
 * - `test` false: the record is outside the caller's scope (403 `refusal`, OUT_OF_SCOPE unless said).
 */
export interface ScopeRule {
  /** How the README's table names the rule. */
  text: string;
  appliesTo?: (r: Resource) => boolean;
  test: (u: AuthUser, r: Resource) => boolean;
  refusal?: 'OUT_OF_SCOPE' | 'NOT_ON_PANEL' | 'AWARDS_WRONG_BODY';
  /** Why `test` failed, for the message (defaults to "<label> is outside your scope"). */
  message?: (u: AuthUser, r: Resource) => string;
  /** For list actions: the rows the role sees. */
  filter?: (u: AuthUser) => ListFilter;
}

/** One row of the policy table: an action, and for each role allowed to do it, its scope rule. */
export interface ActionRule<S extends string = string> {
  /** What the action is, for people ("submit a school's entrant list"). */
  does: string;
  roles: Partial<Record<Role, S>>;
  /** May a judge's private link (X-Judge-Link, no login) do this? Only actions on one panel. */
  judgeLink?: true;
}
