/**
 * Preliminary entrant lists (per contest and school: submission state, deadline extension) and
 * exemption applications (免赛). QueryRunner Table API: the same migration on SQLite and PostgreSQL.
 */
import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { fk, id, index, int, timestamps, unique, varchar } from './columns';

export class Entrants1732000002000 implements MigrationInterface {
  name = 'Entrants1732000002000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'entrant_lists',
        columns: [
          id(),
          int('contest_id'),
          int('school_id'),
          varchar('state', 16),
          varchar('started_at', 32, true),
          varchar('submitted_at', 32, true),
          varchar('submitted_by', 100, true),
          int('submissions'),
          varchar('reopened_at', 32, true),
          varchar('reopened_by', 100, true),
          varchar('extended_to', 10, true),
          varchar('extension_reason', 500, true),
          varchar('extended_by', 100, true),
          varchar('extended_at', 32, true),
          ...timestamps(),
        ],
        indices: [unique('UQ_entrant_lists_contest_school', 'contest_id', 'school_id')],
        foreignKeys: [
          fk('FK_entrant_lists_contest', 'contest_id', 'contests', 'CASCADE'),
          fk('FK_entrant_lists_school', 'school_id', 'schools'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'exemptions',
        columns: [
          id(),
          int('contest_id'),
          int('teacher_id'),
          int('school_id'),
          varchar('kind', 16),
          varchar('note', 500),
          varchar('state', 16),
          varchar('applied_by', 100),
          varchar('applied_at', 32),
          varchar('reviewed_by', 100, true),
          varchar('reviewed_at', 32, true),
          varchar('review_note', 500, true),
          varchar('decided_by', 100, true),
          varchar('decided_at', 32, true),
          varchar('decision_reason', 500, true),
          ...timestamps(),
        ],
        indices: [
          index('IDX_exemptions_contest_school', 'contest_id', 'school_id'),
          index('IDX_exemptions_contest_teacher', 'contest_id', 'teacher_id'),
        ],
        foreignKeys: [
          fk('FK_exemptions_contest', 'contest_id', 'contests', 'CASCADE'),
          fk('FK_exemptions_teacher', 'teacher_id', 'teachers'),
          fk('FK_exemptions_school', 'school_id', 'schools'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('exemptions');
    await q.dropTable('entrant_lists');
  }
}
