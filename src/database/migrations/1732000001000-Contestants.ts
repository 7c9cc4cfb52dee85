/**
 * Round entrants and their results, shared by entrant lists, judging and advancement.
 * QueryRunner Table API: the same migration on SQLite and PostgreSQL.
 */
import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

export class Contestants1732000001000 implements MigrationInterface {
  name = 'Contestants1732000001000';

  async up(q: QueryRunner): Promise<void> {
    const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };
    const varchar = (name: string, length: number, isNullable = false) => ({ name, type: 'varchar', length: String(length), isNullable });
    const int = (name: string, isNullable = false) => ({ name, type: 'integer', isNullable });
    await q.createTable(
      new Table({
        name: 'round_entrants',
        columns: [
          id,
          int('contest_id'),
          varchar('round', 16),
          int('teacher_id'),
          varchar('code', 32),
          int('school_id'),
          int('district_id'),
          varchar('subject', 32),
          varchar('group_code', 16),
          varchar('source', 16),
          varchar('status', 16),
          varchar('created_at', 32),
          varchar('updated_at', 32),
        ],
        foreignKeys: [
          { name: 'FK_round_entrants_contest', columnNames: ['contest_id'], referencedTableName: 'contests', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { name: 'FK_round_entrants_teacher', columnNames: ['teacher_id'], referencedTableName: 'teachers', referencedColumnNames: ['id'], onDelete: 'RESTRICT' },
        ],
        indices: [
          new TableIndex({ name: 'UQ_round_entrants_teacher', columnNames: ['contest_id', 'round', 'teacher_id'], isUnique: true }),
          new TableIndex({ name: 'UQ_round_entrants_code', columnNames: ['contest_id', 'round', 'code'], isUnique: true }),
          new TableIndex({ name: 'IDX_round_entrants_school', columnNames: ['contest_id', 'round', 'school_id'] }),
          new TableIndex({ name: 'IDX_round_entrants_district', columnNames: ['contest_id', 'round', 'district_id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'round_results',
        columns: [
          id,
          int('contest_id'),
          varchar('round', 16),
          int('entrant_id'),
          int('total_hundredths'),
          varchar('total', 16),
          { name: 'item_hundredths', type: 'text', isNullable: false },
          { name: 'item_keys', type: 'text', isNullable: false },
          int('judges'),
          varchar('method', 16),
          int('panel_id', true),
          varchar('created_at', 32),
          varchar('updated_at', 32),
        ],
        foreignKeys: [
          { name: 'FK_round_results_entrant', columnNames: ['entrant_id'], referencedTableName: 'round_entrants', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
        indices: [
          new TableIndex({ name: 'UQ_round_results_entrant', columnNames: ['entrant_id'], isUnique: true }),
          new TableIndex({ name: 'IDX_round_results_round', columnNames: ['contest_id', 'round'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('round_results');
    await q.dropTable('round_entrants');
  }
}
