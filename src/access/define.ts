import type { ScopeName } from './scopes';
import type { ActionRule } from './types';

/**
 * Declares a feature's rows of the policy table (keeps the action names as literal types, so
 * `can(user, 'draw.run', …)` with a misspelt action does not compile).
 */
export function defineAccess<const T extends Record<string, ActionRule<ScopeName>>>(rows: T): T {
  return rows;
}
