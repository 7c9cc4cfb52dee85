/**
 * `npm run -s cli -- audit-verify [--sqlite <file> | --database-url <url> [--schema <name>]] [--expect <seq>:<hash> …]`
 *
 * Walks the audit log's hash chain straight from the configured database (DATABASE_URL /
 * DATABASE_SCHEMA / SQLITE_PATH, as for the service; the options override them), without the
 * service (on PostgreSQL, the chained entries; `pending` counts those committed but not chained yet). Prints JSON; exit 0 when the chain is intact, 1 when an entry was edited or removed
 * (the first one is named), 2 on bad input (bad option, database missing or not migrated).
 *
 * `--expect <seq>:<hash>` (repeatable): a chain head printed on a public notice or draw record.
 * The answer says for each whether that entry is still in the chain with that hash and the chain
 * is intact up to it; exit 1 when one is not (history up to it was rewritten).
 */
import { existsSync } from 'fs';
import { databaseConfig, DatabaseConfig } from '../config/app-config';
import { ConfigError, loadEnvironment } from '../config/environment';
import { pendingCount, verifyStoredChain } from '../audit/audit.service';
import { createDataSource } from '../database/data-source-options';
import { sql } from '../database/sql';
import { BadInput, EXIT_BAD_INPUT, EXIT_NO, EXIT_OK, Io, printJson, processIo } from './io';

const OPTIONS: Record<string, string> = {
  '--sqlite': 'SQLITE_PATH',
  '--database-url': 'DATABASE_URL',
  '--schema': 'DATABASE_SCHEMA',
};

const EXPECT_RE = /^([1-9][0-9]{0,15}):([0-9a-f]{64})$/;

/** Takes the `--expect <seq>:<hash>` options out of argv. */
function expectations(argv: string[]): { rest: string[]; expected: { seq: number; hash: string }[] } {
  const rest: string[] = [];
  const expected: { seq: number; hash: string }[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] !== '--expect') {
      rest.push(argv[i]);
      continue;
    }
    const value = argv[++i];
    if (value === undefined) throw new BadInput('--expect', '--expect needs a value <seq>:<hash>');
    const m = EXPECT_RE.exec(value.trim().toLowerCase());
    if (!m) throw new BadInput('--expect', `--expect must be <seq>:<hash> (a sequence number and a 64-digit lowercase hex hash), got ${JSON.stringify(value)}`);
    expected.push({ seq: Number(m[1]), hash: m[2] });
  }
  return { rest, expected };
}

function targetDatabase(argv: string[], env: Record<string, string | undefined>): DatabaseConfig {
  const overrides: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const variable = OPTIONS[argv[i]];
    const value = argv[i + 1];
    if (!variable) throw new BadInput(argv[i], `unknown option ${argv[i]} (options: ${Object.keys(OPTIONS).join(', ')})`);
    if (value === undefined) throw new BadInput(argv[i], `${argv[i]} needs a value`);
    overrides[variable] = value;
    i++;
  }
  const merged = { ...env, ...overrides };
  // --sqlite chooses SQLite even when DATABASE_URL is set in the environment.
  if (overrides.SQLITE_PATH && !overrides.DATABASE_URL) delete merged.DATABASE_URL;
  try {
    return databaseConfig(loadEnvironment(merged));
  } catch (e) {
    if (e instanceof ConfigError) throw new BadInput(e.problems[0].variable, e.message);
    throw e;
  }
}

export async function auditVerify(argv: string[], io: Io = processIo): Promise<number> {
  let db: DatabaseConfig;
  let expected: { seq: number; hash: string }[];
  try {
    const parsed = expectations(argv);
    expected = parsed.expected;
    db = targetDatabase(parsed.rest, process.env);
  } catch (e) {
    if (!(e instanceof BadInput)) throw e;
    io.err(JSON.stringify({ error: 'bad-input', field: e.field, message: e.message }));
    return EXIT_BAD_INPUT;
  }
  if (db.kind === 'sqlite' && !existsSync(db.path)) {
    io.err(JSON.stringify({ error: 'bad-input', field: 'SQLITE_PATH', message: `no database at ${db.path}` }));
    return EXIT_BAD_INPUT;
  }
  const dataSource = createDataSource(db, false);
  try {
    await dataSource.initialize();
  } catch (e) {
    io.err(JSON.stringify({ error: 'bad-input', field: 'database', message: `cannot open the database: ${(e as Error).message}` }));
    return EXIT_BAD_INPUT;
  }
  try {
    let result;
    try {
      result = await verifyStoredChain(dataSource);
    } catch (e) {
      io.err(JSON.stringify({ error: 'bad-input', field: 'database', message: `cannot read the audit log: ${(e as Error).message}` }));
      return EXIT_BAD_INPUT;
    }
    const where = db.kind === 'sqlite' ? db.path : `${db.url.replace(/\/\/[^@/]*@/, '//***@')}${db.schema ? ` (schema ${db.schema})` : ''}`;
    // PostgreSQL: entries committed but not chained yet (the sequencer chains them within
    // milliseconds; a count that stays up means no instance is running to chain them).
    const pending = await pendingCount(dataSource).catch(() => 0);
    const checks = [];
    for (const e of expected) {
      const [row] = await sql<{ hash: string }>(dataSource.manager, 'SELECT hash FROM audit_entries WHERE seq = ?', [e.seq]);
      const goodUpTo = result.intact || result.seq > e.seq;
      const inChain = goodUpTo && row !== undefined && row.hash === e.hash;
      const message = inChain
        ? `entry ${e.seq} is in the chain with this hash: history up to it is unchanged`
        : row === undefined
          ? `entry ${e.seq} is not in the chain${pending ? ` (${pending} entries are pending, not chained yet)` : ''}`
          : row.hash !== e.hash
            ? `entry ${e.seq} has another hash now (${row.hash}): history up to it was rewritten`
            : `entry ${e.seq} has this hash but the chain before it is broken at entry ${(result as { seq: number }).seq}`;
      checks.push({ seq: e.seq, hash: e.hash, inChain, message });
    }
    const withExpect = expected.length ? { expected: checks } : {};
    const allFound = checks.every((c) => c.inChain);
    if (result.intact) {
      printJson(io, { intact: true, database: where, entries: result.count, head: result.head, pending, ...withExpect });
      return allFound ? EXIT_OK : EXIT_NO;
    }
    printJson(io, {
      intact: false,
      database: where,
      firstBadEntry: result.seq,
      problem: result.problem,
      message: result.message,
      entriesVerified: result.checked,
      ...withExpect,
    });
    return EXIT_NO;
  } finally {
    await dataSource.destroy();
  }
}
