/**
 * Plain SQL on either driver, for the hot paths and the bulk reads where TypeORM's query builder
 * would cost more than the statement: the text is written with `?` placeholders (SQLite's), which
 * become $1, $2, … on PostgreSQL. (No `?` may appear inside a string literal of the text.)
 */
import { EntityManager } from 'typeorm';

const postgresText = new Map<string, string>();

/** The text with its placeholders as the connection's driver wants them. */
export function placeholders(em: EntityManager, text: string): string {
  if (em.connection.options.type !== 'postgres') return text;
  let converted = postgresText.get(text);
  if (converted === undefined) {
    let i = 0;
    converted = text.replace(/\?/g, () => `$${++i}`);
    if (postgresText.size < 1000) postgresText.set(text, converted);
  }
  return converted;
}

export function sql<T = Record<string, unknown>>(em: EntityManager, text: string, params: unknown[]): Promise<T[]> {
  return em.query(placeholders(em, text), params);
}

/**
 * An UPDATE or DELETE, and how many rows it changed, on either driver. (A raw `em.query` of an
 * UPDATE answers `[rows, count]` on PostgreSQL and the rows of a RETURNING clause on SQLite, so its
 * length says nothing portable.)
 */
export async function sqlAffected(em: EntityManager, text: string, params: unknown[]): Promise<number> {
  const runner = em.queryRunner;
  if (!runner) throw new Error('sqlAffected must run inside a transaction (Transactions.run)');
  const result = await runner.query(placeholders(em, text), params, true);
  return result.affected ?? (Array.isArray(result.records) ? result.records.length : 0);
}

/** One `?` per value, comma-separated: the placeholders of an `IN (…)` list. */
export function marks(values: readonly unknown[]): string {
  return values.map(() => '?').join(',');
}

/** A round of a contest, narrowed to a school or a district (the columns the per-round tables name alike). */
export interface RoundUnitScope {
  contestId: number;
  round: string;
  schoolId?: number;
  districtId?: number;
}

/** The scope as a condition on the table of alias `alias` (its contest_id, round, school_id, district_id), with its parameters. */
export function roundUnitCondition(alias: string, scope: RoundUnitScope): { text: string; params: unknown[] } {
  const parts = [`${alias}.contest_id = ?`, `${alias}.round = ?`];
  const params: unknown[] = [scope.contestId, scope.round];
  if (scope.schoolId !== undefined) {
    parts.push(`${alias}.school_id = ?`);
    params.push(scope.schoolId);
  }
  if (scope.districtId !== undefined) {
    parts.push(`${alias}.district_id = ?`);
    params.push(scope.districtId);
  }
  return { text: parts.join(' AND '), params };
}
