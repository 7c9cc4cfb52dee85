/**
 * Error codes of the accounts and the login (password policy, login limits), listed in
 * src/error-codes.ts.
 */
import { HttpStatus } from '@nestjs/common';

export const AUTH_ERRORS = {
  /** A password that breaks the policy (length, the username, a common or guessable password). */
  WEAK_PASSWORD: { status: HttpStatus.BAD_REQUEST },
  /** Too many login attempts for this username or from this client address (Retry-After says when). */
  LOGIN_RATE_LIMITED: { status: HttpStatus.TOO_MANY_REQUESTS },
} as const;
