/**
 * Work that several instances starting together on one PostgreSQL database must do one at a
 * time: the migrations and the demo seed. A session-level advisory lock, keyed by the task and
 * the schema, is held on a connection of its own while `work` runs on the pool: the second
 * instance waits, then finds nothing left to do (the migrations table lists every migration; the
 * database is no longer empty). On SQLite (one process owns the file) `work` simply runs.
 */
import { DataSource } from 'typeorm';

/** The first key of the two-key advisory locks of the start (the second is the schema's hash). */
export const STARTUP_LOCK_CLASS: Record<'migrations' | 'demo-seed', number> = { migrations: 727_010, 'demo-seed': 727_011 };

export async function underStartupLock<T>(dataSource: DataSource, task: keyof typeof STARTUP_LOCK_CLASS, work: () => Promise<T>): Promise<T> {
  if (dataSource.options.type !== 'postgres') return work();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query('SELECT pg_advisory_lock($1, hashtext(current_schema()))', [STARTUP_LOCK_CLASS[task]]);
    try {
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1, hashtext(current_schema()))', [STARTUP_LOCK_CLASS[task]]);
    }
  } finally {
    await runner.release();
  }
}

/** Runs the pending migrations (all in one transaction) under the start lock. */
export async function migrate(dataSource: DataSource): Promise<void> {
  await underStartupLock(dataSource, 'migrations', () => dataSource.runMigrations({ transaction: 'all' }));
}
