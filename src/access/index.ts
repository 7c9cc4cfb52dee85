export type { Action } from './policy';
export { ACTIONS, assertCan, assertRole, can, isAction, linkMay, listFilter, panelResource, POLICY, policyMarkdown, policyRows, rolesOf, schoolResource } from './policy';
export { SCOPES } from './scopes';
export type { ListFilter, Resource } from './types';
