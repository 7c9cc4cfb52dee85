/**
 * PostgreSQL hot paths: named prepared statements on a pool of their own (see `poolOf`), each one
 * statement in its own implicit transaction (autocommit). Each pooled connection parses and plans
 * a named statement once and then only binds and executes it, and no BEGIN/COMMIT round trip is
 * spent around a statement that is atomic anyway. Only for texts that never change (the name
 * stands for the text on every connection) and for writes that are one statement (a CTE when
 * several tables change together). Errors are the driver's (`code`, `constraint`), which `uniqueViolation`
 * understands.
 */
import { Logger } from '@nestjs/common';
import { Pool, PoolConfig } from 'pg';
import { DataSource } from 'typeorm';

/** A named statement: its text is prepared once per pooled connection. */
export interface Statement {
  readonly name: string;
  readonly text: string;
}

export function statement(name: string, text: string): Statement {
  return { name, text };
}

/** Connections of the statements here, at most, per data source (instance). */
const POOL_SIZE = 8;
const pools = new WeakMap<DataSource, Pool>();
const logger = new Logger('PgStatements');

/**
 * The statements' own pool, beside TypeORM's (same connection settings), whose connections always
 * run a named statement on its generic plan (plan_cache_mode): in the default mode PostgreSQL
 * planned the statements over arrays again on every execution (a custom plan looked cheaper for
 * each batch's length), which cost more than running them. Not TypeORM's pool: there the setting
 * would also change the plans of its unnamed statements. Opened on first use, ended when the data
 * source is destroyed.
 */
function poolOf(ds: DataSource): Pool {
  let pool = pools.get(ds);
  if (pool) return pool;
  const master = (ds.driver as unknown as { master?: Pool & { options: PoolConfig } }).master;
  if (!master) throw new Error('pg-statements: the PostgreSQL pool is not open');
  const opened = new Pool({ ...master.options, max: POOL_SIZE, options: [master.options.options, '-c plan_cache_mode=force_generic_plan'].filter(Boolean).join(' ') });
  // An idle connection's error (the server restarted, say) is reported, not thrown: the pool drops it.
  opened.on('error', (e) => logger.warn(`idle connection: ${e.message}`));
  const destroy = ds.destroy.bind(ds);
  ds.destroy = async () => {
    pools.delete(ds);
    await opened.end();
    return destroy();
  };
  pools.set(ds, opened);
  return opened;
}

/** Runs a named statement on a pooled connection, autocommit; its rows and row count. */
export async function run<T = Record<string, unknown>>(ds: DataSource, s: Statement, values: unknown[]): Promise<{ rows: T[]; rowCount: number }> {
  const r = await poolOf(ds).query({ name: s.name, text: s.text, values });
  return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
}

/** One caller's item waiting for its batch. */
interface Waiting<I, O> {
  item: I;
  resolve(out: O): void;
  reject(e: unknown): void;
}

/**
 * Concurrent calls of one statement sent as one execution (a statement over arrays, one element
 * an item): an item that comes while no batch is being sent goes at once, alone; the items that
 * come while a batch is out go together in the next one (at most `max`). Under load, each
 * statement's round trip, parse of its answer and commit are shared by the items waiting then;
 * an item alone waits for nothing. `send` answers one result per item, in their order. When a
 * batch fails as a whole (a unique violation of one item, say), each of its items is sent again
 * on its own, so that each error reaches the caller whose item caused it and the others are
 * answered as if alone.
 */
export class Batches<I, O> {
  private readonly waiting: Waiting<I, O>[] = [];
  private sending = false;
  /** Batches sent, items in them, batches retried item by item (see the benchmark's report). */
  readonly counts = { batches: 0, items: 0, retried: 0 };

  constructor(
    private readonly send: (items: I[]) => Promise<O[]>,
    private readonly max = 64,
  ) {}

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.sending) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.sending = true;
    try {
      while (this.waiting.length) {
        const batch = this.waiting.splice(0, this.max);
        this.counts.batches++;
        this.counts.items += batch.length;
        try {
          const out = await this.send(batch.map((w) => w.item));
          batch.forEach((w, i) => w.resolve(out[i]));
        } catch (e) {
          if (batch.length === 1) {
            batch[0].reject(e);
            continue;
          }
          this.counts.retried++;
          await Promise.all(batch.map((w) => this.send([w.item]).then(([out]) => w.resolve(out), w.reject)));
        }
      }
    } finally {
      this.sending = false;
    }
  }
}

/**
 * Batches of one statement over arrays (column k of every item its parameter k), whose rows say
 * `i`, the place of their item (from 1): each item answered `pick` of its row, or `missing` when
 * the statement gave it none (for a statement that answers every item, none is given).
 */
export function batchesOf<I extends unknown[], R, O>(ds: DataSource, s: Statement, pick: (row: R) => O, missing?: O): Batches<I, O> {
  return new Batches<I, O>(async (items) => {
    const { rows } = await run<R & { i: string }>(ds, s, items[0].map((_, k) => items.map((item) => item[k])));
    const out = new Array<O>(items.length).fill(missing as O);
    for (const row of rows) out[Number(row.i) - 1] = pick(row);
    return out;
  });
}
