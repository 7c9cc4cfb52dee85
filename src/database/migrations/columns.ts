/**
 * Column, index and foreign-key builders shared by the migrations (QueryRunner Table API, so one
 * migration serves SQLite and PostgreSQL). Not a migration itself: the migrations glob only takes
 * files named `<timestamp>-<Name>`.
 */
import { TableColumnOptions, TableForeignKey, TableIndex } from 'typeorm';

export const id = (): TableColumnOptions => ({
  name: 'id',
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment',
});
export const varchar = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
export const text = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
export const int = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable });
export const bool = (name: string): TableColumnOptions => ({ name, type: 'boolean', isNullable: false });
/** created_at and updated_at: ISO-8601 text from the injected Clock. */
export const timestamps = (): TableColumnOptions[] => [varchar('created_at', 32), varchar('updated_at', 32)];
export const unique = (name: string, ...columnNames: string[]): TableIndex => new TableIndex({ name, columnNames, isUnique: true });
export const index = (name: string, ...columnNames: string[]): TableIndex => new TableIndex({ name, columnNames });
export const fk = (name: string, column: string, table: string, onDelete: 'RESTRICT' | 'CASCADE' = 'RESTRICT'): TableForeignKey =>
  new TableForeignKey({ name, columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete });
