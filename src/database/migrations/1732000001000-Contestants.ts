/**
 * Round entrants and their results, shared by entrant lists, judging and advancement.
 * QueryRunner Table API: the same migration on SQLite and PostgreSQL.
 */
import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { fk, id, index, int, text, timestamps, unique, varchar } from './columns';

export class Contestants1732000001000 implements MigrationInterface {
  name = 'Contestants1732000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'round_entrants',
        columns: [
          id(),
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
          ...timestamps(),
        ],
        foreignKeys: [
          fk('FK_round_entrants_contest', 'contest_id', 'contests', 'CASCADE'),
          fk('FK_round_entrants_teacher', 'teacher_id', 'teachers'),
        ],
        indices: [
          unique('UQ_round_entrants_teacher', 'contest_id', 'round', 'teacher_id'),
          unique('UQ_round_entrants_code', 'contest_id', 'round', 'code'),
          index('IDX_round_entrants_school', 'contest_id', 'round', 'school_id'),
          index('IDX_round_entrants_district', 'contest_id', 'round', 'district_id'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'round_results',
        columns: [
          id(),
          int('contest_id'),
          varchar('round', 16),
          int('entrant_id'),
          int('total_hundredths'),
          varchar('total', 16),
          text('item_hundredths'),
          text('item_keys'),
          int('judges'),
          varchar('method', 16),
          int('panel_id', true),
          ...timestamps(),
        ],
        foreignKeys: [fk('FK_round_results_entrant', 'entrant_id', 'round_entrants', 'CASCADE')],
        indices: [unique('UQ_round_results_entrant', 'entrant_id'), index('IDX_round_results_round', 'contest_id', 'round')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('round_results');
    await q.dropTable('round_entrants');
  }
}
