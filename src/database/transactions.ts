/**
 * The one way to write: `transactions.run(async (em) => { …writes…; await audit.append(em, …) })`.
 *
 * SQLite (better-sqlite3): TypeORM shares ONE connection, and a transaction started while another
 * is open becomes a SAVEPOINT inside it, so one request's rollback would undo another's writes.
 * Write transactions are therefore queued through a single in-process mutex (a promise chain):
 * they never overlap. PostgreSQL: a normal READ COMMITTED transaction on a pooled connection.
 *
 * A `run` called inside another `run` (same async call chain) joins the outer transaction
 * instead of queueing behind itself.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AsyncLocalStorage } from 'async_hooks';
import { DataSource, EntityManager } from 'typeorm';

@Injectable()
export class Transactions {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly current = new AsyncLocalStorage<EntityManager>();
  readonly serialised: boolean;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.serialised = dataSource.options.type === 'better-sqlite3';
  }

  /** Runs `work` in a transaction; commits when it resolves, rolls back when it throws. */
  run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const outer = this.current.getStore();
    if (outer) return work(outer);
    const transaction = () =>
      this.serialised
        ? this.dataSource.transaction((em) => this.current.run(em, () => work(em)))
        : this.dataSource.transaction('READ COMMITTED', (em) => this.current.run(em, () => work(em)));
    if (!this.serialised) return transaction();
    const result = this.tail.then(transaction);
    // The queue goes on whatever the outcome of this transaction.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
