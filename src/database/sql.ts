/**
 * Plain SQL for the hot paths (score entry, the audit chain), on either driver: the text is
 * written with PostgreSQL's $1, $2, … (each used once, in ascending order) and becomes `?` on
 * SQLite. TypeORM's query builder costs more than the statement itself on these paths.
 */
import { EntityManager } from 'typeorm';

const sqliteText = new Map<string, string>();

export function sql<T = Record<string, unknown>>(em: EntityManager, text: string, params: unknown[]): Promise<T[]> {
  if (em.connection.options.type !== 'better-sqlite3') return em.query(text, params);
  let converted = sqliteText.get(text);
  if (converted === undefined) {
    converted = text.replace(/\$\d+/g, '?');
    sqliteText.set(text, converted);
  }
  return em.query(converted, params);
}
