/**
 * The unique constraints of the registry's tables (teachers, districts, schools) and the conflict
 * each means, listed in src/error-codes.ts. Their codes are shared ones (src/common/common.errors.ts).
 */
import type { UniqueConstraintInfo } from '../common/errors';

/** Unique indexes of this feature's tables and the conflict each means (see UNIQUE_CONSTRAINTS). */
export const REGISTRY_UNIQUE_CONSTRAINTS: UniqueConstraintInfo[] = [
  {
    index: 'UQ_teachers_id_number',
    table: 'teachers',
    columns: ['id_number'],
    code: 'DUPLICATE_ID_NUMBER',
    field: 'idNumber',
    message: 'A teacher with this ID number is already registered',
  },
  {
    index: 'UQ_districts_code',
    table: 'districts',
    columns: ['code'],
    code: 'DUPLICATE_DISTRICT_CODE',
    field: 'code',
    message: 'A district with this code already exists',
  },
  {
    index: 'UQ_schools_code',
    table: 'schools',
    columns: ['code'],
    code: 'DUPLICATE_SCHOOL_CODE',
    field: 'code',
    message: 'A school with this code already exists',
  },
];
