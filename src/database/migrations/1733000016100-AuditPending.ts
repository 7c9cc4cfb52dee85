/**
 * audit_pending: audit entries written inside their transaction on PostgreSQL and chained into
 * audit_entries by the sequencer once committed (src/audit/audit.service.ts). Created on SQLite
 * too (same schema on both; SQLite chains inside the transaction and leaves it empty).
 */
import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { text, varchar } from './columns';

export class AuditPending1733000016100 implements MigrationInterface {
  name = 'AuditPending1733000016100';

  async up(q: QueryRunner): Promise<void> {
    const postgres = q.connection.options.type === 'postgres';
    await q.createTable(
      new Table({
        name: 'audit_pending',
        columns: [
          { name: 'id', type: postgres ? 'bigint' : 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          varchar('at', 32),
          varchar('actor', 100),
          varchar('action', 100),
          varchar('entity_type', 50),
          varchar('entity_id', 100),
          text('before', true),
          text('after', true),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('audit_pending');
  }
}
