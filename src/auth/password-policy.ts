/**
 * The password policy for every password a person chooses (account creation and reset through
 * the API, changing one's own password, `create-admin`): at least PASSWORD_MIN_LENGTH
 * characters, not the username, and not a common or easily guessed password, judged by the
 * zxcvbn-ts estimator (its common-password, name and keyboard-pattern lists; the username and the
 * service's own words count as known words) at score 3 or more of 0–4. The demo's known password
 * is refused here: only the demo seed may set it (see AccountsService.create, `demoPassword`).
 */
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { AppError } from '../common/errors';
import { DEMO_PASSWORD } from '../demo/demo-data';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;
/** zxcvbn's score (0–4) a password must reach: 3 = "safely unguessable" (about 10^8 guesses or more). */
export const PASSWORD_MIN_SCORE = 3;
/** Words of this service an attacker would try first. */
const SERVICE_WORDS = ['contest', 'demo', 'judge', 'school', 'district', 'city', 'admin', 'teacher', DEMO_PASSWORD];

let estimator: ZxcvbnFactory | null = null;
/** Loaded on first use: the dictionaries take a noticeable time to load, which a start need not pay. */
function zxcvbn(): ZxcvbnFactory {
  if (!estimator) {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { ZxcvbnFactory: Factory } = require('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core');
    const common = require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
    /* eslint-enable @typescript-eslint/no-require-imports */
    estimator = new Factory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });
  }
  return estimator;
}

export interface PasswordProblem {
  rule: 'minLength' | 'maxLength' | 'notUsername' | 'notCommon';
  message: string;
}

/** Why a password may not be used (null: it may). */
export function passwordProblem(password: string, username: string): PasswordProblem | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    return { rule: 'minLength', message: `The password must have at least ${PASSWORD_MIN_LENGTH} characters` };
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return { rule: 'maxLength', message: `The password must have at most ${PASSWORD_MAX_LENGTH} characters` };
  }
  if (password.trim().toLowerCase() === username.trim().toLowerCase()) {
    return { rule: 'notUsername', message: 'The password must not be the username' };
  }
  if (password === DEMO_PASSWORD) {
    return { rule: 'notCommon', message: "The demo's published password cannot be used" };
  }
  const result = zxcvbn().check(password, [username, ...SERVICE_WORDS]);
  if (result.score < PASSWORD_MIN_SCORE) {
    return {
      rule: 'notCommon',
      message: 'The password is too common or too easy to guess; use a longer one, e.g. several unrelated words',
    };
  }
  return null;
}

/** 400 WEAK_PASSWORD naming the field, when the policy refuses the password. */
export function assertPasswordAllowed(password: string, username: string, field: string): void {
  const problem = passwordProblem(password, username);
  if (problem) throw AppError.field('WEAK_PASSWORD', field, problem.rule, problem.message);
}
