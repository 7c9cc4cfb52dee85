/**
 * Row locks for the one-time steps (freeze, announce, draw an order, lock a panel, submit a list, …)
 * on PostgreSQL, where several app instances write at once under READ COMMITTED: a step takes the
 * lock on the row its check is about FIRST, then reads the state and checks it. A second caller
 * waits for the first one's COMMIT; every statement after its lock reads a fresh snapshot, so it
 * sees the winner's state and is refused with the step's own error (never a second write, never a
 * second audit entry). One lock per step, always taken before any write of the step, so two steps
 * cannot deadlock on it.
 *
 * On SQLite write transactions never overlap (Transactions), and the lock is a no-op.
 */
import { EntityManager } from 'typeorm';

/** The tables whose rows are locked by a step (an allow-list: the name is put into the SQL text). */
export type LockedTable = 'adv_allocations' | 'adv_draws' | 'contests' | 'panels' | 'exemptions' | 'entrant_lists';

/**
 * - `update`: conflicts with every other lock on the row and with the key-share locks that inserts
 *   referencing the row take (a panel lock waits for score entries in flight);
 * - `no-key-update`: conflicts with other step locks but not with inserts referencing the row;
 * - `key-share`: held by a score entry, so that the panel is not locked under it.
 */
export type LockMode = 'update' | 'no-key-update' | 'key-share';

const CLAUSE: Record<LockMode, string> = { update: 'FOR UPDATE', 'no-key-update': 'FOR NO KEY UPDATE', 'key-share': 'FOR KEY SHARE' };

/** Locks the row `id` of `table` until the transaction ends; false when there is no such row. */
export async function lockRow(em: EntityManager, table: LockedTable, id: number, mode: LockMode = 'update'): Promise<boolean> {
  if (!em.queryRunner?.isTransactionActive) throw new Error('lockRow must run inside a transaction (Transactions.run)');
  if (em.connection.options.type !== 'postgres') return true;
  const rows: unknown[] = await em.query(`SELECT id FROM ${table} WHERE id = $1 ${CLAUSE[mode]}`, [id]);
  return rows.length > 0;
}

/** The lock clause to append to a SELECT of the hot path (empty on SQLite). */
export function lockClause(em: EntityManager, mode: LockMode, of: string): string {
  return em.connection.options.type === 'postgres' ? ` ${CLAUSE[mode]} OF ${of}` : '';
}
