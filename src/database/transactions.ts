/**
 * The one way to write: `transactions.run(async (em) => { …writes…; await audit.append(em, …) })`.
 *
 * PostgreSQL: a normal READ COMMITTED transaction per call (the pool's connections are set to it,
 * data-source-options.ts), on a pooled connection.
 *
 * SQLite (better-sqlite3): TypeORM shares ONE connection, and a transaction started while another
 * is open becomes a SAVEPOINT inside it, so one request's rollback would undo another's writes.
 * Write transactions therefore never overlap: calls wait in one in-process queue. The calls
 * waiting together when the queue is served run one after another in ONE database transaction,
 * each inside its own SAVEPOINT (group commit):
 *   - a call that throws is rolled back to its savepoint, alone, and rejects with its error;
 *   - no call resolves before the COMMIT that holds its writes has succeeded; if the COMMIT
 *     fails, every call of the group rejects, and nothing of the group is stored.
 * So each call is still atomic and durable when it answers, and a crash loses only calls that
 * have not answered. A call alone in the queue runs as a plain transaction, no savepoint.
 * Why: on a busy panel, COMMIT and the WAL pages it writes were the largest single cost of a score
 * submission; a group shares them (docs/decisions.md, Performance).
 *
 * A `run` called inside another `run` (same async call chain) joins the outer transaction
 * instead of queueing behind itself.
 *
 * `afterCommit(em, hook)`: work to do once the transaction of `em` has committed, before its
 * caller gets the answer (PostgreSQL: the audit chain's sequencer, audit.service.ts). A hook that
 * throws is logged and does not change the answer: the transaction has committed.
 *
 * Reads outside a transaction (the guard's account lookup, every GET) use the same one SQLite
 * connection. While a group's transaction is open they would see its uncommitted writes: those of
 * a call that is about to fail and be rolled back to its savepoint, or of a group whose COMMIT then
 * fails. So such a read waits until the open transaction has ended (`readGate`), and reads only
 * committed data. Statements of the transaction itself (its calls' work, BEGIN, SAVEPOINT, COMMIT)
 * never wait. (On PostgreSQL a read runs on a connection of its own and sees committed data only.)
 *
 * `runSync(work)` (SQLite only): a write that is ONE synchronous function of the connection
 * (better-sqlite3's prepared statements, no await), queued and grouped like any other call. It runs
 * in a savepoint of its own inside the group's transaction (better-sqlite3's nested `transaction()`
 * is a SAVEPOINT while a transaction is open on the connection, whoever began it), or alone as its
 * own BEGIN…COMMIT; a group of such calls only is one better-sqlite3 transaction, without
 * TypeORM's query runner. Being synchronous, nothing else runs on the connection meanwhile. For the
 * hottest write (a judge's score entry), where TypeORM's runner and the promises around each of
 * its statements cost more than the statements (docs/decisions.md).
 *
 * A call served in a group runs in the async context of the group's first call, apart from the
 * current transaction, which is set per call. So work inside a transaction must not rely on any
 * other AsyncLocalStorage (a request-scoped logger would name the first call's request); none
 * does. Binding each call to its own context (AsyncResource.bind) cost 5–10% of the submissions
 * per second on the score-entry benchmark.
 */
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AsyncLocalStorage } from 'async_hooks';
import { DataSource, EntityManager } from 'typeorm';
import { sql } from './sql';

interface Waiting {
  /** The caller's work, run with `em` as the current transaction. */
  work: (em: EntityManager) => Promise<unknown>;
  /** Instead: synchronous work on the connection (runSync). */
  sync?: (db: SqliteConnection) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** A prepared better-sqlite3 statement (the members used). */
export interface SqliteStatement {
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
}

/** The better-sqlite3 connection (the members used). */
export interface SqliteConnection {
  prepare(text: string): SqliteStatement;
  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
  readonly inTransaction: boolean;
}

/** A call that will not run: runSync's work given where there is no SQLite connection. */
const NOT_SYNC = (): Promise<never> => Promise.reject(new Error('Transactions.runSync is for SQLite'));

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** At most this many calls share one SQLite transaction. */
const GROUP_MAX = 64;

@Injectable()
export class Transactions {
  private readonly current = new AsyncLocalStorage<EntityManager>();
  private readonly hooks = new WeakMap<EntityManager, (() => Promise<void>)[]>();
  private readonly logger = new Logger('Transactions');
  private readonly waiting: Waiting[] = [];
  private queueServed = false;
  readonly serialised: boolean;

  /** SQLite: set while a write transaction is open; resolves when it has ended. */
  private readGate: Promise<void> | null = null;
  /** SQLite: the async context of the queue's own work (its statements never wait at the gate). */
  private readonly serving = new AsyncLocalStorage<true>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.serialised = dataSource.options.type === 'better-sqlite3';
    if (this.serialised) this.gateReads();
  }

  /** Makes reads from outside the open transaction wait for its end (see above). */
  private gateReads(): void {
    // better-sqlite3: the driver hands out one query runner, the one connection's.
    const runner = this.dataSource.driver.createQueryRunner('master');
    const query = runner.query.bind(runner);
    runner.query = (async (...args: Parameters<typeof query>) => {
      while (this.readGate && !this.serving.getStore() && !this.current.getStore()) await this.readGate;
      return query(...args);
    }) as typeof runner.query;
  }

  /**
   * A read of committed data by one statement prepared once, for the hottest reads (the guard's
   * account lookup on every request). SQLite: prepared on the one connection and run, like every
   * read from outside a transaction, only once no write transaction is open (synchronously, so it
   * cannot see a transaction's writes); without TypeORM's query runner, which cost more than the
   * statement. PostgreSQL: an ordinary query on a pooled connection (`?` placeholders either way).
   */
  preparedRead<T>(text: string): (params: unknown[]) => Promise<T[]> {
    if (!this.serialised) return (params) => sql<T>(this.dataSource.manager, text, params);
    let statement: { all(...params: unknown[]): unknown[] } | undefined;
    return async (params) => {
      while (this.readGate && !this.serving.getStore() && !this.current.getStore()) await this.readGate;
      statement ??= (this.dataSource.driver as unknown as { databaseConnection: { prepare(text: string): { all(...params: unknown[]): unknown[] } } }).databaseConnection.prepare(text);
      return statement.all(...params) as T[];
    };
  }

  /** SQLite: the one better-sqlite3 connection TypeORM's driver holds. */
  sqliteConnection(): SqliteConnection {
    if (!this.serialised) throw new Error('Transactions.sqliteConnection is for SQLite');
    return (this.dataSource.driver as unknown as { databaseConnection: SqliteConnection }).databaseConnection;
  }

  /** The connection's statement for `text`, prepared once per connection (SQLite). */
  prepared(text: string): SqliteStatement {
    const db = this.sqliteConnection();
    let kept = this.statements.get(db);
    if (!kept) this.statements.set(db, (kept = new Map()));
    let s = kept.get(text);
    if (!s) kept.set(text, (s = db.prepare(text)));
    return s;
  }

  private readonly statements = new WeakMap<SqliteConnection, Map<string, SqliteStatement>>();
  /** One better-sqlite3 transaction wrapper per connection: `(work) => work(db)` in BEGIN…COMMIT or a SAVEPOINT. */
  private readonly wrappers = new WeakMap<SqliteConnection, (work: (db: SqliteConnection) => unknown) => unknown>();

  private inSqliteTransaction(db: SqliteConnection, work: (db: SqliteConnection) => unknown): unknown {
    let wrapped = this.wrappers.get(db);
    if (!wrapped) this.wrappers.set(db, (wrapped = db.transaction((w: (db: SqliteConnection) => unknown) => w(db))));
    return wrapped(work);
  }

  /**
   * SQLite: runs synchronous `work` on the connection as one write call of the queue (see above):
   * committed when it returns, rolled back when it throws. A `runSync` inside a `run` is an error
   * (it would not join the outer transaction's entity manager).
   */
  runSync<T>(work: (db: SqliteConnection) => T): Promise<T> {
    if (!this.serialised) return NOT_SYNC();
    if (this.current.getStore()) return Promise.reject(new Error('Transactions.runSync cannot run inside Transactions.run'));
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ work: NOT_SYNC, sync: work, resolve: resolve as (value: unknown) => void, reject });
      this.serveSoon();
    });
  }

  private serveSoon(): void {
    if (!this.queueServed) {
      this.queueServed = true;
      // Served after the requests already received in this turn of the event loop have
      // reached their own run(), so that they can share the transaction.
      setImmediate(() => void this.serve());
    }
  }

  /** Runs `work` in a transaction; commits when it resolves, rolls back when it throws. */
  run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const outer = this.current.getStore();
    if (outer) return work(outer);
    if (!this.serialised) return this.runConcurrent(work);
    return new Promise<T>((resolve, reject) => {
      const inTransaction = (em: EntityManager) => this.current.run(em, () => work(em));
      this.waiting.push({ work: inTransaction, resolve: resolve as (value: unknown) => void, reject });
      this.serveSoon();
    });
  }

  /** Registers `hook` to run after the transaction of `em` commits (once per distinct hook). */
  afterCommit(em: EntityManager, hook: () => Promise<void>): void {
    // SQLite's group commit has no use for it yet (its audit entries are chained in the transaction).
    if (this.serialised) throw new Error('Transactions.afterCommit is for PostgreSQL transactions');
    let list = this.hooks.get(em);
    if (!list) this.hooks.set(em, (list = []));
    if (!list.includes(hook)) list.push(hook);
  }

  /** PostgreSQL: a transaction of its own on a pooled connection, then its after-commit hooks. */
  private async runConcurrent<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    let manager: EntityManager | undefined;
    try {
      const value = await this.dataSource.transaction((em) => {
        manager = em;
        return this.current.run(em, () => work(em));
      });
      const hooks = manager && this.hooks.get(manager);
      if (hooks) {
        for (const hook of hooks) {
          await hook().catch((e: unknown) => this.logger.error(`after-commit work failed: ${(e as Error).message}`));
        }
      }
      return value;
    } finally {
      if (manager) this.hooks.delete(manager);
    }
  }

  private async serve(): Promise<void> {
    try {
      while (this.waiting.length) {
        let open!: () => void;
        this.readGate = new Promise<void>((resolve) => (open = resolve));
        try {
          const group = this.waiting.splice(0, GROUP_MAX);
          await this.serving.run(true, () => this.runGroup(group));
        } finally {
          this.readGate = null;
          open();
        }
      }
    } finally {
      this.queueServed = false;
    }
  }

  private async runGroup(group: Waiting[]): Promise<void> {
    if (group.every((w) => w.sync)) {
      this.runSyncGroup(group);
      return;
    }
    if (group.length === 1) {
      const [one] = group;
      await this.dataSource.transaction((em) => one.work(em)).then(one.resolve, one.reject);
      return;
    }
    const runner = this.dataSource.createQueryRunner();
    const outcomes: Outcome[] = [];
    try {
      await runner.startTransaction();
      for (const { work, sync } of group) {
        if (sync) {
          // Its own SAVEPOINT inside the open transaction (better-sqlite3 nests it), synchronously.
          try {
            outcomes.push({ ok: true, value: this.inSqliteTransaction(this.sqliteConnection(), sync) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
          continue;
        }
        await runner.startTransaction(); // SAVEPOINT
        try {
          const value = await work(runner.manager);
          await runner.commitTransaction(); // RELEASE
          outcomes.push({ ok: true, value });
        } catch (error) {
          await runner.rollbackTransaction(); // ROLLBACK TO the savepoint
          outcomes.push({ ok: false, error });
        }
      }
      await runner.commitTransaction();
    } catch (error) {
      // The group's transaction itself failed (BEGIN, a savepoint or the COMMIT): nothing of it is stored.
      await runner.query('ROLLBACK').catch(() => undefined);
      // TypeORM's own record of the transaction (its savepoint depth) starts afresh.
      Object.assign(runner, { isTransactionActive: false, transactionDepth: 0 });
      for (const w of group) w.reject(error);
      return;
    } finally {
      await runner.release();
    }
    settle(group, outcomes);
  }

  /**
   * A group of synchronous calls only: one better-sqlite3 transaction, each call in its own
   * SAVEPOINT when there are several (a call that throws is rolled back alone); answered after
   * the COMMIT, every call rejected if the COMMIT fails.
   */
  private runSyncGroup(group: Waiting[]): void {
    const db = this.sqliteConnection();
    let outcomes: Outcome[];
    try {
      outcomes = this.inSqliteTransaction(db, () => {
        if (group.length === 1) return [{ ok: true, value: group[0].sync!(db) }];
        return group.map((w): Outcome => {
          try {
            return { ok: true, value: this.inSqliteTransaction(db, w.sync!) };
          } catch (error) {
            return { ok: false, error };
          }
        });
      }) as Outcome[];
    } catch (error) {
      // One call alone that threw (rolled back), or the group's COMMIT failed: nothing of it is stored.
      for (const w of group) w.reject(error);
      return;
    }
    settle(group, outcomes);
  }
}

function settle(group: Waiting[], outcomes: Outcome[]): void {
  group.forEach((w, i) => {
    const o = outcomes[i];
    if (o.ok) w.resolve(o.value);
    else w.reject(o.error);
  });
}
