/**
 * The advancement tests' helpers: a snapshot of every table the feature writes (a refusal must
 * leave it as it was), the auditor's command line, and an app of its own with one world for the
 * files that share one. The worlds and their steps are test/support/advancement-world.ts.
 */
import { spawnSync } from 'child_process';
import { join } from 'path';
import { advancementWorld, World } from '../support/advancement-world';
import { createTestApp, TestApp } from '../support/app';
import { bearer } from '../support/factories';
import { expectRefusedUnchanged, HttpAnswer } from '../support/refusals';

export * from '../support/advancement-world';
export { setToday } from '../support/refusals';
export type { HttpAnswer } from '../support/refusals';

export const auth = bearer;

/**
 * A new app and one world in it: a contest 'c2025' (advancement 50%/60% for both rounds) and
 * districts DA, DB… with schools DAS0, DAS1… of the given sizes (teachers per school). Today:
 * 2025-11-20 (Shanghai).
 */
export async function createWorld(sizes: number[][], env: Record<string, string> = {}): Promise<World> {
  const t = await createTestApp(env);
  return advancementWorld(t, sizes, { contestCode: 'c2025', codePrefix: 'D' });
}

/** Every row the feature can change (in every contest), plus the audit length. */
export async function snapshot(t: TestApp): Promise<string> {
  const q = (sql: string) => t.dataSource.query(sql);
  return JSON.stringify({
    allocations: await q('SELECT * FROM adv_allocations ORDER BY id'),
    recommendations: await q('SELECT * FROM adv_recommendations ORDER BY id'),
    draws: await q('SELECT * FROM adv_draws ORDER BY id'),
    replacements: await q('SELECT * FROM adv_replacements ORDER BY id'),
    entrants: await q('SELECT * FROM round_entrants ORDER BY id'),
    audit: await q('SELECT COUNT(*) AS n FROM audit_entries'),
  });
}

/** Expects the request to be refused with the status and code, and that nothing changed. */
export const expectRefused = (t: TestApp, req: () => PromiseLike<HttpAnswer>, status: number, code: string): Promise<HttpAnswer> =>
  expectRefusedUnchanged(() => snapshot(t), req, status, code);

const ROOT = join(__dirname, '..', '..');
/** The auditor's command line, run as a user would. */
export function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync('npm', ['run', '-s', 'cli', '--', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'silent' } });
  return { code: r.status, out: r.stdout, err: r.stderr.split('\n').filter((l) => l && !l.includes('npm warn')).join('\n') };
}
