/**
 * Error codes of advancement: quotas, recommendations and the draw (issue 6), merged into the one
 * ErrorCode map of src/common/errors.ts. Add codes here (with their HTTP status), never inline.
 */
import { HttpStatus } from '@nestjs/common';
import type { UniqueConstraintInfo } from '../common/errors';

export const ADVANCEMENT_ERRORS = {} as const satisfies Record<string, { status: HttpStatus }>;

/** Unique indexes of this feature's tables and the conflict each means (see UNIQUE_CONSTRAINTS). */
export const ADVANCEMENT_UNIQUE_CONSTRAINTS: UniqueConstraintInfo[] = [];
