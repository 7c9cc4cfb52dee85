import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { canonicalJson, ChainResult, ChainVerifier, nextEntry } from '../domain/audit-chain';
import { sql } from '../database/sql';
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

/** A PostgreSQL advisory-lock key reserved for appending to the audit chain. */
const AUDIT_LOCK_KEY = 727_001;

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

@Injectable()
export class AuditService {
  constructor(
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  private readonly isEntity = (value: object): boolean => this.dataSource.hasMetadata(value.constructor);

  /**
   * Appends one entry to the chain, inside the caller's transaction (`em` from
   * Transactions.run), so the entry is stored if and only if the change is.
   */
  async append(em: EntityManager, change: AuditChange): Promise<AuditEntry> {
    if (!em.queryRunner?.isTransactionActive) {
      throw new Error('AuditService.append must be called inside Transactions.run');
    }
    if (em.connection.options.type === 'postgres') {
      // Concurrent transactions must not both link to the same last entry: hold the chain's
      // lock until this transaction ends. (SQLite write transactions are already serialised.)
      await em.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK_KEY]);
    }
    const [last] = await sql<{ seq: number | string; hash: string }>(em, 'SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1', []);
    const actor = typeof change.actor === 'string' ? change.actor : change.actor.username;
    const row = nextEntry(last ? { seq: Number(last.seq), hash: last.hash } : null, {
      at: this.clock.nowIso(),
      actor,
      action: change.action,
      entityType: change.entityType,
      entityId: String(change.entityId),
      before: change.before ? canonicalJson(auditSnapshot(change.before, this.isEntity)) : null,
      after: change.after ? canonicalJson(auditSnapshot(change.after, this.isEntity)) : null,
    });
    await sql(
      em,
      `INSERT INTO audit_entries (seq, at, actor, action, entity_type, entity_id, before, after, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [row.seq, row.at, row.actor, row.action, row.entityType, row.entityId, row.before, row.after, row.prevHash, row.hash],
    );
    return Object.assign(new AuditEntry(), row);
  }

  /** Walks the whole chain in batches (see domain/audit-chain.ts). */
  async verify(batchSize = 1000): Promise<ChainResult> {
    return verifyStoredChain(this.dataSource, batchSize);
  }
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
