/**
 * Accounts: a token version (a token carries the version it was issued under; a password change
 * or a deactivation raises it, so older tokens stop working) and a flag for accounts that still
 * have the demo's known password. Accounts the demo seed created on an earlier start (its audit
 * entry `account.create` by `system:demo-seed`) and whose password was never changed since are
 * flagged here. QueryRunner API: the same migration on SQLite and PostgreSQL.
 */
import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * Accounts the demo seed created (by the audit log) whose password never changed since.
 * (A string, not a function: the migrations glob takes every exported function for a migration.)
 */
export const DEMO_ACCOUNTS_CONDITION = `CAST(id AS VARCHAR(100)) IN (
    SELECT entity_id FROM audit_entries WHERE entity_type = 'account' AND action = 'account.create' AND actor = 'system:demo-seed'
  ) AND CAST(id AS VARCHAR(100)) NOT IN (
    SELECT entity_id FROM audit_entries WHERE entity_type = 'account' AND action IN ('account.update+password-reset', 'account.password-change')
  )`;

export class AccountSafety1733000011000 implements MigrationInterface {
  name = 'AccountSafety1733000011000';

  async up(q: QueryRunner): Promise<void> {
    const postgres = q.connection.options.type === 'postgres';
    await q.addColumn('accounts', new TableColumn({ name: 'token_version', type: 'integer', isNullable: false, default: 0 }));
    // SQLite keeps booleans as 0/1 (and TypeORM compares the default as written).
    await q.addColumn('accounts', new TableColumn({ name: 'demo_password', type: 'boolean', isNullable: false, default: postgres ? false : 0 }));
    const yes = postgres ? 'TRUE' : '1';
    await q.query(`UPDATE accounts SET demo_password = ${yes} WHERE ${DEMO_ACCOUNTS_CONDITION}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('accounts', 'demo_password');
    await q.dropColumn('accounts', 'token_version');
  }
}
