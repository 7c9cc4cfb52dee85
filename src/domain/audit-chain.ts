/**
 * The hash chain of the audit log (RULES §6): every change of state is an entry, and every
 * entry carries the hash of the one before it, so an entry edited or removed in the database
 * is detected by walking the chain.
 *
 *   hash(entry) = sha256_hex( canonicalJson({ seq, at, actor, action, entityType, entityId,
 *                                             before, after, prevHash }) )
 *
 * `before` and `after` are stored as text (canonical JSON of the entity, or null), and are hashed
 * as that text, so a verifier needs nothing but the stored rows. The first entry's prevHash is
 * GENESIS_HASH (64 zeros). Entries are numbered 1, 2, 3, … without gaps.
 *
 * Limit: removing the LAST entries leaves a shorter chain that is still consistent. Publish or
 * record the head (`seq` and `hash` of the last entry) elsewhere to detect that.
 *
 * Pure functions; Node's crypto only.
 */
import { createHash } from 'crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an entry that its hash covers (apart from prevHash). */
export interface AuditFields {
  seq: number;
  /** ISO-8601 instant. */
  at: string;
  /** Who did it: an account's username, or 'system:…'. */
  actor: string;
  /** What was done, e.g. 'teacher.create'. */
  action: string;
  entityType: string;
  entityId: string;
  /** Canonical JSON of the entity before the change, or null (creation). */
  before: string | null;
  /** Canonical JSON of the entity after the change, or null (deletion). */
  after: string | null;
}

/** A stored entry. */
export interface AuditRow extends AuditFields {
  prevHash: string;
  hash: string;
}

/**
 * Canonical JSON: object keys sorted by UTF-16 code unit order (JavaScript's default sort),
 * no whitespace, array order kept. `undefined` object members are left out (as JSON.stringify
 * does); `undefined`, functions, symbols, bigints and non-finite numbers anywhere else throw, so
 * that two different values can never serialise alike.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`canonicalJson: non-finite number ${value}`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return '[' + value.map((v) => canonicalJson(v)).join(',') + ']';
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort();
      return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalJson(obj[k])).join(',') + '}';
    }
    default:
      throw new Error(`canonicalJson: cannot serialise a ${typeof value}`);
  }
}

/** The hash of an entry: sha256 (lowercase hex) of the canonical JSON of its fields + prevHash. */
export function entryHash(fields: AuditFields, prevHash: string): string {
  const covered = {
    seq: fields.seq,
    at: fields.at,
    actor: fields.actor,
    action: fields.action,
    entityType: fields.entityType,
    entityId: fields.entityId,
    before: fields.before,
    after: fields.after,
    prevHash,
  };
  return createHash('sha256').update(canonicalJson(covered), 'utf8').digest('hex');
}

/** The next entry of a chain whose last entry is `previous` (null: the chain is empty). */
export function nextEntry(
  previous: { seq: number; hash: string } | null,
  fields: Omit<AuditFields, 'seq'>,
): AuditRow {
  const seq = previous ? previous.seq + 1 : 1;
  const prevHash = previous ? previous.hash : GENESIS_HASH;
  const full: AuditFields = { ...fields, seq };
  return { ...full, prevHash, hash: entryHash(full, prevHash) };
}

export type ChainProblem = 'edited' | 'removed' | 'out-of-order';

export type ChainResult =
  | { intact: true; count: number; head: { seq: number; hash: string } | null }
  | {
      intact: false;
      /** The first entry found edited or removed. */
      seq: number;
      problem: ChainProblem;
      message: string;
      /** Entries checked and found good before the problem. */
      checked: number;
    };

/**
 * Walks a chain entry by entry (rows in ascending seq), so that a long log can be read in
 * batches. `push` returns null while the chain holds, or the first problem.
 */
export class ChainVerifier {
  private last: { seq: number; hash: string } | null;
  private count = 0;
  private failure: Extract<ChainResult, { intact: false }> | null = null;

  /** `start`: the entry just before the first row pushed (null: the rows start at seq 1). */
  constructor(start: { seq: number; hash: string } | null = null) {
    this.last = start;
  }

  push(row: AuditRow): Extract<ChainResult, { intact: false }> | null {
    if (this.failure) return this.failure;
    const expectedSeq = this.last ? this.last.seq + 1 : 1;
    const expectedPrev = this.last ? this.last.hash : GENESIS_HASH;
    const fail = (seq: number, problem: ChainProblem, message: string) =>
      (this.failure = { intact: false, seq, problem, message, checked: this.count });

    if (row.seq > expectedSeq) {
      return fail(
        expectedSeq,
        'removed',
        expectedSeq === row.seq - 1
          ? `entry ${expectedSeq} is missing (removed): entry ${row.seq} follows entry ${expectedSeq - 1}`
          : `entries ${expectedSeq} to ${row.seq - 1} are missing (removed)`,
      );
    }
    if (row.seq < expectedSeq) {
      return fail(row.seq, 'out-of-order', `entry ${row.seq} appears after entry ${expectedSeq - 1}`);
    }
    // The entry's own content first: an entry rewritten in place (or a later entry renumbered
    // to fill a gap) no longer matches its own hash.
    const recomputed = entryHash(row, row.prevHash);
    if (recomputed !== row.hash) {
      return fail(row.seq, 'edited', `entry ${row.seq} was changed or replaced: its content no longer matches its hash`);
    }
    if (row.prevHash !== expectedPrev) {
      // The entry is intact but the one before was rewritten together with its own hash.
      const before = expectedSeq - 1;
      return before >= 1
        ? fail(
            before,
            'edited',
            `entry ${before} was changed: its hash ${expectedPrev} is not the one entry ${row.seq} recorded (${row.prevHash})`,
          )
        : fail(row.seq, 'edited', `entry ${row.seq} was changed: the first entry must link to the genesis hash`);
    }
    this.last = { seq: row.seq, hash: row.hash };
    this.count++;
    return null;
  }

  result(): ChainResult {
    return this.failure ?? { intact: true, count: this.count, head: this.last };
  }
}

/** Verifies a whole chain given as an array of rows (sorted here by seq). */
export function verifyChain(rows: AuditRow[], start: { seq: number; hash: string } | null = null): ChainResult {
  const verifier = new ChainVerifier(start);
  for (const row of [...rows].sort((a, b) => a.seq - b.seq)) {
    if (verifier.push(row)) break;
  }
  return verifier.result();
}
