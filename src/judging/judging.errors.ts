/**
 * Error codes of judging (issue 5), merged into the one ErrorCode map of src/common/errors.ts.
 * Add codes here (with their HTTP status), never inline in a service.
 */
import { HttpStatus } from '@nestjs/common';
import type { UniqueConstraintInfo } from '../common/errors';

export const JUDGING_ERRORS = {} as const satisfies Record<string, { status: HttpStatus }>;

/** Unique indexes of this feature's tables and the conflict each means (see UNIQUE_CONSTRAINTS). */
export const JUDGING_UNIQUE_CONSTRAINTS: UniqueConstraintInfo[] = [];
