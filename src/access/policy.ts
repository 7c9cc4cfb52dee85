/**
 * The access policy: who may do what, decided in one place.
 *
 * POLICY is a table, composed of one part per feature: action → for each role allowed, its scope
 * rule (src/access/scopes.ts). Three functions read it:
 *
 *   can(user, action, resource)       true / false
 *   assertCan(user, action, resource) throws 403 ROLE_FORBIDDEN (the role may not do this, or not
 *                                     to such a record) or the rule's refusal (403 OUT_OF_SCOPE: the
 *                                     record is another district's or school's; NOT_ON_PANEL: a
 *                                     judge's private link used for another panel)
 *   listFilter(user, action)          the equality conditions that cut a list down to the scope
 *
 * `@Auth('action')` on an endpoint makes the AuthGuard check the role part before the handler runs
 * (the record is not known there); the service calls assertCan with the record. A judge's private
 * link (X-Judge-Link) is one case of the same table: it reaches only actions marked `judgeLink`,
 * and their judge rule `linkedPanel` keeps it to the link's panel (`user.judgeLinkPanelId`).
 *
 * A new feature adds its rows in a file of its own (`src/access/<feature>.access.ts`, written with
 * defineAccess) and one line below.
 */
import { AppError } from '../common/errors';
import { AuthUser, Role, ROLES } from '../common/roles';
import { ADVANCEMENT_ACCESS } from './advancement.access';
import { ANNOUNCEMENTS_ACCESS } from './announcements.access';
import { AWARDS_ACCESS } from './awards.access';
import { ENTRANTS_ACCESS } from './entrants.access';
import { JUDGING_ACCESS } from './judging.access';
import { PLANNING_ACCESS } from './planning.access';
import { ACCOUNTS_ACCESS, AUDIT_ACCESS, CONTESTS_ACCESS, REGISTRY_ACCESS } from './registry.access';
import { labelOf, scopeRule, ScopeName, SCOPES } from './scopes';
import type { ActionRule, ListFilter, Resource } from './types';

export const POLICY = {
  ...REGISTRY_ACCESS,
  ...ACCOUNTS_ACCESS,
  ...CONTESTS_ACCESS,
  ...AUDIT_ACCESS,
  ...ENTRANTS_ACCESS,
  ...JUDGING_ACCESS,
  ...ADVANCEMENT_ACCESS,
  ...PLANNING_ACCESS,
  ...ANNOUNCEMENTS_ACCESS,
  ...AWARDS_ACCESS,
} satisfies Record<string, ActionRule<ScopeName>>;

export type Action = keyof typeof POLICY;

export const ACTIONS = Object.keys(POLICY) as Action[];

export function isAction(name: string): name is Action {
  return Object.prototype.hasOwnProperty.call(POLICY, name);
}

function row(action: Action): ActionRule<ScopeName> {
  return POLICY[action] as ActionRule<ScopeName>;
}

/** The roles an action is open to (in the order of ROLES). */
export function rolesOf(action: Action): Role[] {
  const roles = row(action).roles;
  return ROLES.filter((r) => roles[r] !== undefined);
}

/** May a judge's private link reach this action? */
export function linkMay(action: Action): boolean {
  return row(action).judgeLink === true;
}

function roleForbidden(user: AuthUser, action: Action): AppError {
  return new AppError('ROLE_FORBIDDEN', `Role ${user.role} may not ${row(action).does} (allowed: ${rolesOf(action).join(', ') || 'nobody'})`);
}

const LINK_FORBIDDEN = "A judge's link opens only the judge's own panel";

/** The role part alone (what the AuthGuard checks for `@Auth('action')`, before the record is read). */
export function assertRole(user: AuthUser, action: Action): void {
  if (user.judgeLinkPanelId !== undefined && !linkMay(action)) throw new AppError('ROLE_FORBIDDEN', LINK_FORBIDDEN);
  if (row(action).roles[user.role] === undefined) throw roleForbidden(user, action);
}

/** Throws unless the user may do the action to the resource (see the file's comment). */
export function assertCan(user: AuthUser, action: Action, resource: Resource = {}): void {
  assertRole(user, action);
  const rule = scopeRule(row(action).roles[user.role]!);
  if (rule.appliesTo && !rule.appliesTo(resource)) throw roleForbidden(user, action);
  if (!rule.test(user, resource)) {
    throw new AppError(rule.refusal ?? 'OUT_OF_SCOPE', rule.message ? rule.message(user, resource) : `${labelOf(resource)} is outside your scope`);
  }
}

/** assertCan as a yes/no answer. */
export function can(user: AuthUser | null | undefined, action: Action, resource: Resource = {}): boolean {
  if (!user) return false;
  if (user.judgeLinkPanelId !== undefined && !linkMay(action)) return false;
  const name = row(action).roles[user.role];
  if (name === undefined) return false;
  const rule = scopeRule(name);
  return (!rule.appliesTo || rule.appliesTo(resource)) && rule.test(user, resource);
}

/** The conditions a list of the action is cut down to for this user ({}: all rows). */
export function listFilter(user: AuthUser, action: Action): ListFilter {
  assertRole(user, action);
  return scopeRule(row(action).roles[user.role]!).filter?.(user) ?? {};
}

/** A school as a resource (its id and its district). */
export function schoolResource(school: { id: number; districtId: number }): Resource {
  return { schoolId: school.id, districtId: school.districtId };
}

/** A panel as a resource. */
export function panelResource(panel: { id?: number; round: 'preliminary' | 'semifinal' | 'final'; schoolId: number | null; districtId: number | null }): Resource {
  return { panelId: panel.id, round: panel.round, schoolId: panel.schoolId, districtId: panel.districtId };
}

/** The policy as rows for people: action, what it does, each role's scope ('—': refused), judge link. */
export function policyRows(): { action: Action; does: string; scopes: Record<Role, string>; judgeLink: boolean }[] {
  return ACTIONS.map((action) => {
    const r = row(action);
    const scopes = Object.fromEntries(ROLES.map((role) => [role, r.roles[role] ? SCOPES[r.roles[role]!].text : '—'])) as Record<Role, string>;
    return { action, does: r.does, scopes, judgeLink: r.judgeLink === true };
  });
}

/** The policy table in Markdown, as printed in the README. */
export function policyMarkdown(): string {
  const head = ['Action', 'What', ...ROLES, 'Judge link'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of policyRows()) {
    lines.push(`| \`${r.action}\` | ${r.does} | ${ROLES.map((role) => r.scopes[role]).join(' | ')} | ${r.judgeLink ? 'yes' : ''} |`);
  }
  return lines.join('\n');
}
