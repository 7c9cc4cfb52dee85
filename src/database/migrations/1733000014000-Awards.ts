/**
 * Prizes, awards and certificates (RULES §5): award options, award rounds, awards, cases against schools.
 * QueryRunner Table API: the same migration on SQLite and PostgreSQL.
 */
import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { bool, fk, id, index, int, text, timestamps, unique, varchar } from './columns';

export class Awards1733000014000 implements MigrationInterface {
  name = 'Awards1733000014000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'award_settings',
        columns: [
          id(),
          int('contest_id'),
          bool('first_prize_in_every_group'),
          int('team_share'),
          int('participation_percent'),
          bool('single_item_awards'),
          varchar('updated_by', 100),
          ...timestamps(),
        ],
        indices: [unique('UQ_award_settings_contest', 'contest_id')],
        foreignKeys: [fk('FK_award_settings_contest', 'contest_id', 'contests', 'CASCADE')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'award_rounds',
        columns: [
          id(),
          int('contest_id'),
          varchar('round', 16),
          varchar('scope_key', 32),
          int('district_id', true),
          varchar('number_code', 64),
          varchar('state', 16),
          text('report'),
          varchar('computed_by', 100),
          varchar('computed_at', 32),
          varchar('published_by', 100, true),
          varchar('published_at', 32, true),
          int('notice_id', true),
          varchar('final_at', 32, true),
          ...timestamps(),
        ],
        indices: [unique('UQ_award_rounds_scope', 'contest_id', 'round', 'scope_key')],
        foreignKeys: [fk('FK_award_rounds_contest', 'contest_id', 'contests', 'CASCADE')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'awards',
        columns: [
          id(),
          int('award_round_id'),
          int('contest_id'),
          varchar('round', 16),
          varchar('kind', 16),
          varchar('prize', 16, true),
          varchar('label', 100),
          varchar('group_key', 64, true),
          varchar('subject', 32, true),
          varchar('group_code', 16, true),
          int('entrant_id', true),
          int('teacher_id', true),
          int('school_id'),
          int('district_id'),
          varchar('holder_name', 200),
          varchar('school_name', 200),
          varchar('masked_id', 32, true),
          int('rank', true),
          int('position'),
          varchar('status', 16),
          varchar('revoked_reason', 2000, true),
          varchar('revoked_at', 32, true),
          varchar('certificate_no', 120, true),
          varchar('issued_at', 32, true),
          ...timestamps(),
        ],
        indices: [
          index('IDX_awards_round', 'award_round_id'),
          index('IDX_awards_school', 'contest_id', 'school_id'),
          unique('UQ_awards_certificate', 'certificate_no'),
        ],
        foreignKeys: [fk('FK_awards_round', 'award_round_id', 'award_rounds', 'CASCADE')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'award_school_cases',
        columns: [
          id(),
          int('contest_id'),
          int('school_id'),
          int('award_id'),
          varchar('reason', 2000),
          varchar('recorded_by', 100),
          varchar('created_at', 32),
        ],
        indices: [index('IDX_award_school_cases_school', 'contest_id', 'school_id')],
        foreignKeys: [fk('FK_award_school_cases_award', 'award_id', 'awards', 'CASCADE')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('award_school_cases');
    await q.dropTable('awards');
    await q.dropTable('award_rounds');
    await q.dropTable('award_settings');
  }
}
