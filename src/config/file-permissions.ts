/**
 * The start reports every secret or database file that others than its owner may read: the
 * SQLite file (and its -wal, -shm) holds full ID numbers and password hashes, the token secret
 * lets anyone mint tokens. New ones are created owner-only (0600 files, folders created for them
 * 0700); an existing one keeps its mode, so that an operator's deliberate choice is not undone
 * silently, and an existing folder is never changed (it may be shared, e.g. /tmp).
 */
import { existsSync, statSync } from 'fs';
import { resolve } from 'path';
import type { AppConfig } from './app-config';

export interface PermissionProblem {
  path: string;
  mode: string;
  advice: string;
}

function check(path: string, kind: 'file' | 'folder' = 'file'): PermissionProblem | null {
  if (!existsSync(path)) return null;
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) === 0) return null;
  const wanted = kind === 'file' ? '600' : '700';
  return { path, mode: mode.toString(8).padStart(4, '0'), advice: `chmod ${wanted} ${path}` };
}

export function filePermissionProblems(config: Pick<AppConfig, 'database' | 'jwtSecretSource' | 'env'>): PermissionProblem[] {
  const out: (PermissionProblem | null)[] = [];
  if (config.jwtSecretSource !== 'env') out.push(check(resolve(config.env.JWT_SECRET_FILE), 'file'));
  if (config.database.kind === 'sqlite' && config.database.path !== ':memory:') {
    const db = config.database.path;
    out.push(check(db, 'file'), check(`${db}-wal`, 'file'), check(`${db}-shm`, 'file'));
  }
  return out.filter((p): p is PermissionProblem => p !== null);
}

/** The lines the start prints (empty when every file is owner-only). */
export function filePermissionReport(problems: PermissionProblem[]): string[] {
  return problems.map((p) => `WARNING: ${p.path} can be read by others than its owner (mode ${p.mode}); run: ${p.advice}`);
}
