/**
 * One place that turns the database configuration into TypeORM options, shared by the Nest
 * module (the service and the tests) and by the command line (data-source.ts, audit-verify).
 *
 * The same migrations run on both databases; the schema is never synchronised from entities.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'fs';
import { dirname, join } from 'path';
import { Client } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config';

/** Timestamped migration files of this folder, as .ts (tests, ts-node) or .js (dist). */
export const MIGRATIONS_GLOB = join(__dirname, 'migrations', '[0-9]*-*.{ts,js}');
export const MIGRATIONS_TABLE = 'migrations';
/** Every entity file (for DataSources built outside Nest; the service registers them by module). */
export const ENTITIES_GLOB = join(__dirname, '..', '**', '*.entity.{ts,js}');

/** SQLite pragmas set on every connection: WAL, synchronous NORMAL, a busy timeout, foreign keys. */
export const SQLITE_PRAGMAS = {
  journal_mode: 'wal',
  synchronous: 1, // NORMAL
  busy_timeout: 5000,
  foreign_keys: 1, // ON
} as const;

/** Applies the pragmas to a better-sqlite3 connection, explicitly (not via TypeORM's enableWAL). */
export function applySqlitePragmas(db: { pragma(source: string): unknown }): void {
  for (const [name, value] of Object.entries(SQLITE_PRAGMAS)) db.pragma(`${name} = ${value}`);
}

export function dataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  const common = {
    migrations: [MIGRATIONS_GLOB],
    migrationsTableName: MIGRATIONS_TABLE,
    synchronize: false,
    logging: false,
  };
  if (db.kind === 'sqlite') {
    return {
      ...common,
      type: 'better-sqlite3',
      database: db.path,
      timeout: SQLITE_PRAGMAS.busy_timeout,
      prepareDatabase: applySqlitePragmas,
    };
  }
  return {
    ...common,
    type: 'postgres',
    url: db.url,
    // Set on every connection of the pool: transactions are READ COMMITTED whatever the server's
    // default (set here once, not by a SET TRANSACTION round trip per transaction); a schema
    // other than public is selected through the search_path, so that every table, the
    // migrations table included, lands in it. (These replace any `options` given in DATABASE_URL.)
    extra: { options: ['-c default_transaction_isolation=read\\ committed', ...(db.schema ? [`-c search_path=${db.schema}`] : [])].join(' ') },
  };
}

/**
 * A new SQLite file is created readable by the owner only (0600, its folder 0700 when created),
 * before SQLite opens it: SQLite gives its -wal and -shm files the mode of the database file.
 * An existing file or folder keeps its mode (reported at start, src/config/file-permissions.ts).
 */
export function createOwnerOnly(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  if (!existsSync(file)) {
    closeSync(openSync(file, 'a', 0o600));
    chmodSync(file, 0o600);
  }
}

/**
 * Makes sure the database can be opened: the SQLite file's folder exists; a configured
 * PostgreSQL schema exists.
 */
export async function prepareDatabaseLocation(db: DatabaseConfig): Promise<void> {
  if (db.kind === 'sqlite') {
    if (db.path !== ':memory:') createOwnerOnly(db.path);
    return;
  }
  if (db.schema) {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      // Two instances starting together: IF NOT EXISTS still races in the catalogue, so the
      // loser's duplicate error means the schema is there.
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${db.schema}"`).catch((e: { code?: string }) => {
        if (e.code !== '23505' && e.code !== '42P06') throw e;
      });
    } finally {
      await client.end();
    }
  }
}

/** A DataSource outside Nest (command line, TypeORM CLI); not initialised yet. */
export function createDataSource(db: DatabaseConfig, withEntities = true): DataSource {
  return new DataSource({ ...dataSourceOptions(db), entities: withEntities ? [ENTITIES_GLOB] : [] });
}
