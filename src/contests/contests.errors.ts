/**
 * The unique constraints of the contests' tables and the conflict each means, listed in
 * src/error-codes.ts. Their codes are shared ones (src/common/common.errors.ts).
 */
import type { UniqueConstraintInfo } from '../common/errors';

/** Unique indexes of this feature's tables and the conflict each means (see UNIQUE_CONSTRAINTS). */
export const CONTESTS_UNIQUE_CONSTRAINTS: UniqueConstraintInfo[] = [
  {
    index: 'UQ_contests_code',
    table: 'contests',
    columns: ['code'],
    code: 'DUPLICATE_CONTEST_CODE',
    field: 'code',
    message: 'A contest with this code already exists',
  },
];
