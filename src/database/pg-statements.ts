/**
 * PostgreSQL hot paths: named prepared statements on the driver's pool, each one statement in its
 * own implicit transaction (autocommit). Each pooled connection parses and plans a named statement
 * once and then only binds and executes it, and no BEGIN/COMMIT round trip is spent around a
 * statement that is atomic anyway. Only for texts that never change (the name stands for the
 * text on every connection) and for writes that are one statement (a CTE when several tables
 * change together). Errors are the driver's (`code`, `constraint`), which `uniqueViolation`
 * understands.
 */
import { DataSource } from 'typeorm';

/** The few members of pg's Pool used here (TypeORM's PostgresDriver keeps it as `master`). */
interface PgPool {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }>;
}

/** A named statement: its text is prepared once per pooled connection. */
export interface Statement {
  readonly name: string;
  readonly text: string;
}

export function statement(name: string, text: string): Statement {
  return { name, text };
}

/** The pool of a PostgreSQL DataSource (after initialisation). */
function poolOf(ds: DataSource): PgPool {
  const pool = (ds.driver as unknown as { master?: PgPool }).master;
  if (!pool) throw new Error('pg-statements: the PostgreSQL pool is not open');
  return pool;
}

/** Runs a named statement on a pooled connection, autocommit; its rows and row count. */
export async function run<T = Record<string, unknown>>(ds: DataSource, s: Statement, values: unknown[]): Promise<{ rows: T[]; rowCount: number }> {
  const r = await poolOf(ds).query({ name: s.name, text: s.text, values });
  return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
}
