/**
 * Accounts: a token version (a token carries the version it was issued under; a password change
 * or a deactivation raises it, so older tokens stop working) and a flag for accounts that still
 * have the demo's known password. Accounts the demo seed created on an earlier start (its audit
 * entry `account.create` by `system:demo-seed`) and whose password was never changed since are
 * flagged here (the audit log's chained and pending entries alike). QueryRunner API: the same migration on SQLite and PostgreSQL.
 */
import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** The audit entries of both kinds: chained, and (PostgreSQL, since audit_pending) committed, not yet chained. */
const AUDIT_SOURCES = `(SELECT entity_type, entity_id, action, actor FROM audit_entries
    UNION ALL SELECT entity_type, entity_id, action, actor FROM audit_pending)`;

/** Accounts the demo seed created (by the audit log `audit`) whose password never changed since. */
const demoAccounts = (audit: string) => `CAST(id AS VARCHAR(100)) IN (
    SELECT entity_id FROM ${audit} a WHERE entity_type = 'account' AND action = 'account.create' AND actor = 'system:demo-seed'
  ) AND CAST(id AS VARCHAR(100)) NOT IN (
    SELECT entity_id FROM ${audit} a WHERE entity_type = 'account' AND action IN ('account.update+password-reset', 'account.password-change')
  )`;

/**
 * The demo accounts with their known password, by the audit log: its chained entries and the
 * pending ones (PostgreSQL writes an entry to audit_pending in its transaction and chains it after
 * the COMMIT, so a committed change may not be in audit_entries yet). Strings, not functions: the
 * migrations glob takes every exported function for a migration.
 */
export const DEMO_ACCOUNTS_CONDITION = demoAccounts(AUDIT_SOURCES);
/** The same before audit_pending exists (a database migrated from before it). */
export const DEMO_ACCOUNTS_CONDITION_CHAINED_ONLY = demoAccounts('audit_entries');

export class AccountSafety1733000011000 implements MigrationInterface {
  name = 'AccountSafety1733000011000';

  async up(q: QueryRunner): Promise<void> {
    const postgres = q.connection.options.type === 'postgres';
    await q.addColumn('accounts', new TableColumn({ name: 'token_version', type: 'integer', isNullable: false, default: 0 }));
    // SQLite keeps booleans as 0/1 (and TypeORM compares the default as written).
    await q.addColumn('accounts', new TableColumn({ name: 'demo_password', type: 'boolean', isNullable: false, default: postgres ? false : 0 }));
    const yes = postgres ? 'TRUE' : '1';
    const condition = (await q.hasTable('audit_pending')) ? DEMO_ACCOUNTS_CONDITION : DEMO_ACCOUNTS_CONDITION_CHAINED_ONLY;
    await q.query(`UPDATE accounts SET demo_password = ${yes} WHERE ${condition}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('accounts', 'demo_password');
    await q.dropColumn('accounts', 'token_version');
  }
}
