/**
 * The judging tests' set-up: an app of its own with one judging world (a contest, two districts
 * with schools, the organisers' logins), for the files that share one world. The world and its
 * factories (judges, entrants, panels, sheets, locking) are test/support/judging-world.ts.
 */
import { createTestApp } from '../support/app';
import { judgingWorld, JWorld } from '../support/judging-world';

export * from '../support/judging-world';

/** A new app and one judging world in it (contest code 'c2025'). */
export async function createJudgingWorld(): Promise<JWorld> {
  const t = await createTestApp();
  return judgingWorld(t, { contestCode: 'c2025' });
}
