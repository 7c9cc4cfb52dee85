import { DataSource } from 'typeorm';

/** Row counts of tables, to show that a refused request changed nothing. */
export async function counts(ds: DataSource, ...tables: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of tables) {
    const [{ n }] = await ds.query(`SELECT COUNT(*) AS n FROM ${table}`);
    out[table] = Number(n);
  }
  return out;
}

/** A snapshot of whole tables (every row), for "the database is unchanged". */
export async function snapshot(ds: DataSource, ...tables: string[]): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of tables) out[table] = await ds.query(`SELECT * FROM ${table} ORDER BY 1`);
  return out;
}
