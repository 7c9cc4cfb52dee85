/**
 * Error codes of the accounts and the login (password policy, login limits), and the accounts'
 * unique constraints, listed in src/error-codes.ts.
 */
import { HttpStatus } from '@nestjs/common';
import type { UniqueConstraintInfo } from '../common/errors';

export const AUTH_ERRORS = {
  /** A password that breaks the policy (length, the username, a common or guessable password). */
  WEAK_PASSWORD: { status: HttpStatus.BAD_REQUEST },
  /** Too many login attempts for this username or from this client address (Retry-After says when). */
  LOGIN_RATE_LIMITED: { status: HttpStatus.TOO_MANY_REQUESTS },
} as const;

/** Unique indexes of this feature's tables and the conflict each means (see UNIQUE_CONSTRAINTS). */
export const AUTH_UNIQUE_CONSTRAINTS: UniqueConstraintInfo[] = [
  {
    index: 'UQ_accounts_username',
    table: 'accounts',
    columns: ['username'],
    code: 'DUPLICATE_USERNAME',
    field: 'username',
    message: 'An account with this username already exists',
  },
];
