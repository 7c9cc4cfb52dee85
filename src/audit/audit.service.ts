import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { AuditFields, AuditRow, canonicalJson, ChainResult, ChainVerifier, nextEntry } from '../domain/audit-chain';
import { Transactions } from '../database/transactions';
import { sql } from '../database/sql';
import { run, statement } from '../database/pg-statements';
import { AuditEntry } from './audit-entry.entity';

/** Who made a change: an account (its username is recorded) or a system task ('system:…'). */
export type Actor = { username: string } | string;

export interface AuditChange {
  actor: Actor;
  /** '<entity>.<verb>', e.g. 'teacher.create', 'school.update'. */
  action: string;
  entityType: string;
  entityId: string | number;
  /** The entity before the change (omit/null on creation). */
  before?: object | null;
  /** The entity after the change (omit/null on deletion). */
  after?: object | null;
}

/** The sequencer chains at most this many pending entries per statement. */
const CHAIN_BATCH = 500;

/** A pass gives up after this many lost races in a row (another instance's sequencer won each). */
const MAX_CONFLICTS = 200;

/** The sequencer's read: the oldest pending entries, each with the chain's head (seq, hash). */
const SEQUENCER_READ = statement(
  'audit-sequencer-read',
  `SELECT p.id, p.at, p.actor, p.action, p.entity_type, p.entity_id, p.before, p.after, h.seq AS head_seq, h.hash AS head_hash
     FROM audit_pending p LEFT JOIN (SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1) h ON true
    ORDER BY p.id LIMIT ${CHAIN_BATCH}`,
);

/** The marker of the error the sequencer's write raises when another sequencer took an entry first. */
const TAKEN = 'audit sequencer: pending entries taken meanwhile';

/**
 * The sequencer's write, one statement: the entries read are locked in id order (two sequencers
 * never deadlock on them) and deleted; the chained entries are inserted only if every one was
 * still there; otherwise the statement fails (the CAST), undoing its deletions.
 */
const SEQUENCER_WRITE = statement(
  'audit-sequencer-write',
  `WITH mine AS (SELECT id FROM audit_pending WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE),
        gone AS (DELETE FROM audit_pending WHERE id IN (SELECT id FROM mine) RETURNING id),
        ins AS (INSERT INTO audit_entries (seq, at, actor, action, entity_type, entity_id, before, after, prev_hash, hash)
                SELECT * FROM unnest($2::integer[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[], $7::varchar[], $8::text[], $9::text[], $10::varchar[], $11::varchar[])
                 WHERE (SELECT count(*) FROM gone) = cardinality($1::bigint[])
                RETURNING seq)
   SELECT CASE WHEN (SELECT count(*) FROM ins) = cardinality($1::bigint[]) THEN 0
               ELSE CAST('${TAKEN} (' || (SELECT count(*) FROM gone) || ')' AS integer) END AS ok`,
);

/** The sequencer lost a race: its seq taken (primary key), its entries taken, or (never expected) a deadlock. */
function sequencerConflict(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === '23505' || err?.code === '40P01' || (err?.code === '22P02' && !!err.message?.includes(TAKEN));
}

/** A pending entry as the sequencer reads it, with the chain's head (null: empty chain). */
interface PendingRow {
  id: string | number;
  at: string;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before: string | null;
  after: string | null;
  head_seq: string | number | null;
  head_hash: string | null;
}

/** Fields never written to the audit log. */
const SECRET_FIELDS = new Set(['passwordHash', 'password']);

/**
 * A plain, JSON-safe copy of an entity for the log: secrets left out, and relations (values that
 * are themselves entities, per `isEntity`) left out too, since their id columns are recorded.
 */
export function auditSnapshot(entity: object, isEntity: (value: object) => boolean = () => false): unknown {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entity)) {
    if (SECRET_FIELDS.has(key) || value === undefined) continue;
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && isEntity(value)) continue;
    out[key] = value;
  }
  // Through JSON once, so that DTO class instances, Dates, etc. become plain data.
  return JSON.parse(JSON.stringify(out));
}

/**
 * The audit log.
 *
 * SQLite: write transactions are serialised (Transactions), so `append` links the entry to the
 * chain's head at once, inside the caller's transaction.
 *
 * PostgreSQL (several instances, concurrent transactions): `append` writes the entry to
 * `audit_pending` inside the caller's transaction, with no lock, so that unrelated writes never
 * wait for one another; once that transaction has committed and before its caller is answered,
 * the SEQUENCER (`chainPending`) moves every committed pending entry into `audit_entries` in
 * one statement, without a lock: numbered, hashed onto the head, in the order the sequencer finds
 * them committed (pending id order within a pass). One pass serves every caller of the instance
 * waiting at that moment; when two instances' sequencers race, the primary key on `seq` lets
 * one of them win and the other reads again (see `pass`). The chain therefore
 * stays one gap-free sequence with one head (seq, hash), verified by audit-verify exactly as
 * before; an entry is pending (not yet covered by a hash) only between its COMMIT and the next
 * pass, and a pass also runs at start, for entries an instance that died left pending.
 */
@Injectable()
export class AuditService implements OnApplicationBootstrap {
  /** The pass running now, and the one queued behind it (shared by every caller queuing meanwhile). */
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private readonly chainHook = () => this.chainPending();
  /** PostgreSQL: this instance's sequencer so far: passes, entries chained, races lost to another instance. */
  readonly sequencer = { passes: 0, chained: 0, conflicts: 0 };

  constructor(
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: Transactions,
  ) {}

  private readonly isEntity = (value: object): boolean => this.dataSource.hasMetadata(value.constructor);

  private get deferred(): boolean {
    return this.dataSource.options.type === 'postgres';
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.deferred) await this.chainPending();
  }

  /**
   * Appends one entry, inside the caller's transaction (`em` from Transactions.run), so the
   * entry is stored if and only if the change is. SQLite: chained at once (seq and hash set);
   * PostgreSQL: pending, chained right after the COMMIT (seq and hash not known yet: 0 and '').
   */
  async append(em: EntityManager, change: AuditChange): Promise<AuditEntry> {
    if (!em.queryRunner?.isTransactionActive) {
      throw new Error('AuditService.append must be called inside Transactions.run');
    }
    const fields = this.fieldsOf(change);
    if (this.deferred) {
      await sql(
        em,
        'INSERT INTO audit_pending (at, actor, action, entity_type, entity_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [fields.at, fields.actor, fields.action, fields.entityType, fields.entityId, fields.before, fields.after],
      );
      this.tx.afterCommit(em, this.chainHook);
      return Object.assign(new AuditEntry(), { ...fields, seq: 0, prevHash: '', hash: '' });
    }
    const [last] = await sql<{ seq: number | string; hash: string }>(em, 'SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1', []);
    const row = nextEntry(last ? { seq: Number(last.seq), hash: last.hash } : null, fields);
    await this.insertEntries(em, [row]);
    return Object.assign(new AuditEntry(), row);
  }

  /**
   * SQLite: `append` for synchronous work (Transactions.runSync): the entry chained onto the head
   * at once by the connection's prepared statements, inside the caller's transaction.
   */
  appendSync(change: AuditChange): AuditRow {
    if (this.deferred || !this.tx.sqliteConnection().inTransaction) throw new Error('AuditService.appendSync must be called inside Transactions.runSync');
    const last = this.tx.prepared('SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    const row = nextEntry(last ? { seq: Number(last.seq), hash: last.hash } : null, this.fieldsOf(change));
    this.tx
      .prepared('INSERT INTO audit_entries (seq, at, actor, action, entity_type, entity_id, before, after, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(row.seq, row.at, row.actor, row.action, row.entityType, row.entityId, row.before, row.after, row.prevHash, row.hash);
    return row;
  }

  /**
   * The stored fields of an entry (its `at` now, by the service clock; `before`/`after` as
   * canonical JSON). For a PostgreSQL hot path that writes the pending entry in its own statement
   * (e.g. score entry, judging/score-entry.pg.ts) and then calls `chainPending`.
   */
  fieldsOf(change: AuditChange): Omit<AuditFields, 'seq'> {
    return {
      at: this.clock.nowIso(),
      actor: typeof change.actor === 'string' ? change.actor : change.actor.username,
      action: change.action,
      entityType: change.entityType,
      entityId: String(change.entityId),
      before: change.before ? canonicalJson(auditSnapshot(change.before, this.isEntity)) : null,
      after: change.after ? canonicalJson(auditSnapshot(change.after, this.isEntity)) : null,
    };
  }

  private async insertEntries(em: EntityManager, rows: AuditRow[]): Promise<void> {
    const values = rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
    await sql(
      em,
      `INSERT INTO audit_entries (seq, at, actor, action, entity_type, entity_id, before, after, prev_hash, hash) VALUES ${values}`,
      rows.flatMap((r) => [r.seq, r.at, r.actor, r.action, r.entityType, r.entityId, r.before, r.after, r.prevHash, r.hash]),
    );
  }

  /**
   * PostgreSQL: resolves once a sequencer pass that STARTED after this call has finished, so every
   * entry committed before the call is chained (by this instance or, if another instance's pass
   * held the lock meanwhile, by that one). Calls while a pass runs share the next pass.
   */
  chainPending(): Promise<void> {
    if (!this.deferred) return Promise.resolve();
    if (!this.running) {
      this.running = this.pass().finally(() => (this.running = null));
      return this.running;
    }
    if (!this.queued) {
      this.queued = this.running
        .catch(() => undefined)
        .then(() => {
          this.queued = null;
          return this.chainPending();
        });
    }
    return this.queued;
  }

  /**
   * One pass of the sequencer: every committed pending entry, in batches, onto the chain. Lock-free,
   * two round trips a batch, each one named prepared statement in its own implicit transaction:
   * READ the pending entries with the chain's head; WRITE, in one statement, the pending entries
   * locked (in id order) and deleted and the chained entries inserted. The WRITE succeeds only if
   * it deleted every entry it read and inserted each at the seq it computed: `seq` is the primary
   * key, so two sequencers (two instances) computing from the same head cannot both insert, and an
   * entry another sequencer chained meanwhile is no longer there to delete. The loser's statement
   * fails as a whole (nothing deleted, nothing inserted) and it reads again.
   */
  private async pass(): Promise<void> {
    this.sequencer.passes++;
    for (let conflicts = 0; ; ) {
      const { rows: pending } = await run<PendingRow>(this.dataSource, SEQUENCER_READ, []);
      if (!pending.length) return;
      const first = pending[0];
      let head: { seq: number; hash: string } | null = first.head_seq === null ? null : { seq: Number(first.head_seq), hash: first.head_hash! };
      const rows: AuditRow[] = pending.map((p) => {
        const row = nextEntry(head, { at: p.at, actor: p.actor, action: p.action, entityType: p.entity_type, entityId: p.entity_id, before: p.before, after: p.after });
        head = row;
        return row;
      });
      const column = <K extends keyof AuditRow>(k: K) => rows.map((r) => r[k]);
      try {
        await run(this.dataSource, SEQUENCER_WRITE, [
          pending.map((p) => String(p.id)),
          column('seq'),
          column('at'),
          column('actor'),
          column('action'),
          column('entityType'),
          column('entityId'),
          column('before'),
          column('after'),
          column('prevHash'),
          column('hash'),
        ]);
      } catch (e) {
        if (sequencerConflict(e) && ++conflicts < MAX_CONFLICTS) {
          this.sequencer.conflicts++;
          continue;
        }
        throw e;
      }
      this.sequencer.chained += rows.length;
      conflicts = 0;
      if (pending.length < CHAIN_BATCH) return;
    }
  }

  /**
   * Work that needs an appended entry's place in the chain (its seq and hash, e.g. the chain head
   * printed on a public notice). SQLite: at once, inside the caller's transaction (`em`).
   * PostgreSQL: once the entry is chained, right after the COMMIT and before the caller gets its
   * answer, outside the transaction (the manager passed is the data source's). If the entry is
   * not chained then (the sequencer failed), the work is not done and is logged.
   */
  whenChained(em: EntityManager, entry: AuditEntry, work: (head: { seq: number; hash: string }, em: EntityManager) => Promise<void>): void | Promise<void> {
    if (!this.deferred) return work({ seq: entry.seq, hash: entry.hash }, em);
    this.tx.afterCommit(em, async () => {
      const find = () =>
        sql<{ seq: number | string; hash: string }>(
          this.dataSource.manager,
          'SELECT seq, hash FROM audit_entries WHERE action = ? AND entity_type = ? AND entity_id = ? AND at = ? ORDER BY seq DESC LIMIT 1',
          [entry.action, entry.entityType, entry.entityId, entry.at],
        );
      let [row] = await find();
      if (!row) {
        await this.chainPending();
        [row] = await find();
      }
      if (!row) throw new Error(`audit entry ${entry.action} ${entry.entityType} ${entry.entityId} is not chained yet`);
      await work({ seq: Number(row.seq), hash: row.hash }, this.dataSource.manager);
    });
  }

  /** The head of the chain: the last chained entry's seq and hash (null: empty). */
  async head(): Promise<{ seq: number; hash: string } | null> {
    const [last] = await sql<{ seq: number | string; hash: string }>(this.dataSource.manager, 'SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1', []);
    return last ? { seq: Number(last.seq), hash: last.hash } : null;
  }

  /** Walks the whole chain in batches (see domain/audit-chain.ts). */
  async verify(batchSize = 1000): Promise<ChainResult> {
    return verifyStoredChain(this.dataSource, batchSize);
  }
}

/** Entries written but not chained yet (PostgreSQL; always 0 on SQLite, where there is no such table). */
export async function pendingCount(dataSource: DataSource): Promise<number> {
  if (dataSource.options.type !== 'postgres') return 0;
  const [row] = await dataSource.query('SELECT COUNT(*) AS n FROM audit_pending');
  return Number(row.n);
}

/** Reads the audit table of a DataSource in seq order and verifies the chain (used by the CLI too). */
export async function verifyStoredChain(dataSource: DataSource, batchSize = 1000): Promise<ChainResult> {
  const verifier = new ChainVerifier();
  let after = 0;
  for (;;) {
    const rows = await sql(
      dataSource.manager,
      'SELECT seq, at, actor, action, entity_type, entity_id, before, after, prev_hash, hash FROM audit_entries WHERE seq > ? ORDER BY seq LIMIT ?',
      [after, batchSize],
    );
    for (const r of rows) {
      const problem = verifier.push({
        seq: Number(r.seq),
        at: String(r.at),
        actor: String(r.actor),
        action: String(r.action),
        entityType: String(r.entity_type),
        entityId: String(r.entity_id),
        before: r.before === null ? null : String(r.before),
        after: r.after === null ? null : String(r.after),
        prevHash: String(r.prev_hash),
        hash: String(r.hash),
      });
      if (problem) return problem;
      after = Number(r.seq);
    }
    if (rows.length < batchSize) return verifier.result();
  }
}
