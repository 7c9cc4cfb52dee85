/**
 * Every error code of the API and every unique constraint of the schema, composed from the common
 * codes (src/common/common.errors.ts) and each feature's `<feature>.errors.ts` (its codes, and the
 * unique constraints of the tables it owns). A new feature adds its line here (`...X_ERRORS,`);
 * src/common/errors.ts reads the composed map and imports no feature.
 */
import { ADVANCEMENT_ERRORS, ADVANCEMENT_UNIQUE_CONSTRAINTS } from './advancement/advancement.errors';
import { AUTH_ERRORS, AUTH_UNIQUE_CONSTRAINTS } from './auth/auth.errors';
import { ANNOUNCEMENT_ERRORS, ANNOUNCEMENT_UNIQUE_CONSTRAINTS } from './announcements/announcements.errors';
import { AWARDS_ERRORS, AWARDS_UNIQUE_CONSTRAINTS } from './awards/awards.errors';
import { COMMON_ERRORS } from './common/common.errors';
import type { UniqueConstraintInfo } from './common/errors';
import { HTTP_ERRORS } from './common/http.errors';
import { CONTESTS_UNIQUE_CONSTRAINTS } from './contests/contests.errors';
import { ENTRANTS_ERRORS } from './entrants/entrants.errors';
import { JUDGING_ERRORS, JUDGING_UNIQUE_CONSTRAINTS } from './judging/judging.errors';
import { PLANNING_ERRORS, PLANNING_UNIQUE_CONSTRAINTS } from './planning/planning.errors';
import { REGISTRY_UNIQUE_CONSTRAINTS } from './registry/registry.errors';

export const ERROR_CODES = {
  ...COMMON_ERRORS,
  ...HTTP_ERRORS,
  ...AUTH_ERRORS,
  ...ENTRANTS_ERRORS,
  ...JUDGING_ERRORS,
  ...ADVANCEMENT_ERRORS,
  ...PLANNING_ERRORS,
  ...ANNOUNCEMENT_ERRORS,
  ...AWARDS_ERRORS,
} as const satisfies Record<string, { status: number }>;

export const UNIQUE_CONSTRAINT_LIST: UniqueConstraintInfo[] = [
  ...REGISTRY_UNIQUE_CONSTRAINTS,
  ...CONTESTS_UNIQUE_CONSTRAINTS,
  ...AUTH_UNIQUE_CONSTRAINTS,
  ...JUDGING_UNIQUE_CONSTRAINTS,
  ...ADVANCEMENT_UNIQUE_CONSTRAINTS,
  ...PLANNING_UNIQUE_CONSTRAINTS,
  ...ANNOUNCEMENT_UNIQUE_CONSTRAINTS,
  ...AWARDS_UNIQUE_CONSTRAINTS,
];
