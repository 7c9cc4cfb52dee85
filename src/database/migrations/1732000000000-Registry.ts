/**
 * The first schema: registry (cities, districts, schools, teachers), contests and rounds,
 * accounts, and the audit log. Written with the QueryRunner Table API so that the same
 * migration runs on SQLite and PostgreSQL; index and foreign-key names match the entities'.
 */
import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { bool, fk, id, index, int, text, timestamps, unique, varchar } from './columns';

export class Registry1732000000000 implements MigrationInterface {
  name = 'Registry1732000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'cities',
        columns: [id(), varchar('code', 32), varchar('name', 100), ...timestamps()],
        indices: [unique('UQ_cities_code', 'code')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'districts',
        columns: [id(), varchar('code', 32), varchar('name', 100), ...timestamps()],
        indices: [unique('UQ_districts_code', 'code')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'schools',
        columns: [
          id(),
          varchar('code', 32),
          varchar('name', 100),
          int('district_id'),
          varchar('stage', 16),
          bool('is_central'),
          bool('in_district_seat'),
          ...timestamps(),
        ],
        indices: [unique('UQ_schools_code', 'code'), index('IDX_schools_district_id', 'district_id')],
        foreignKeys: [fk('FK_schools_district', 'district_id', 'districts')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'teachers',
        columns: [
          id(),
          varchar('name', 50),
          varchar('id_number', 18),
          varchar('birth_date', 10),
          varchar('gender', 8),
          varchar('stage', 16),
          varchar('subject', 32),
          int('school_id'),
          bool('transferred_to_seat'),
          text('prior_awards'),
          ...timestamps(),
        ],
        indices: [
          unique('UQ_teachers_id_number', 'id_number'),
          index('IDX_teachers_school_id', 'school_id'),
          index('IDX_teachers_subject', 'subject'),
          index('IDX_teachers_birth_date', 'birth_date'),
        ],
        foreignKeys: [fk('FK_teachers_school', 'school_id', 'schools')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'contests',
        columns: [
          id(),
          varchar('code', 32),
          varchar('name', 200),
          int('year'),
          varchar('youth_cutoff_date', 10),
          bool('youth_cutoff_inclusive'),
          text('subjects'),
          text('advancement'),
          text('prizes'),
          text('holidays'),
          text('settings'),
          ...timestamps(),
        ],
        indices: [unique('UQ_contests_code', 'code')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'contest_rounds',
        columns: [
          id(),
          int('contest_id'),
          varchar('code', 16),
          varchar('name', 50),
          varchar('organiser', 16),
          varchar('starts_on', 10, true),
          varchar('ends_on', 10, true),
          varchar('deadline', 10),
          ...timestamps(),
        ],
        indices: [unique('UQ_contest_rounds_contest_code', 'contest_id', 'code')],
        foreignKeys: [fk('FK_contest_rounds_contest', 'contest_id', 'contests', 'CASCADE')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'accounts',
        columns: [
          id(),
          varchar('username', 64),
          varchar('password_hash', 255),
          varchar('role', 20),
          varchar('display_name', 100),
          int('district_id', true),
          int('school_id', true),
          bool('active'),
          ...timestamps(),
        ],
        indices: [unique('UQ_accounts_username', 'username')],
        foreignKeys: [
          fk('FK_accounts_district', 'district_id', 'districts'),
          fk('FK_accounts_school', 'school_id', 'schools'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'audit_entries',
        columns: [
          { name: 'seq', type: 'integer', isPrimary: true },
          varchar('at', 32),
          varchar('actor', 100),
          varchar('action', 100),
          varchar('entity_type', 50),
          varchar('entity_id', 100),
          text('before', true),
          text('after', true),
          varchar('prev_hash', 64),
          varchar('hash', 64),
        ],
        indices: [index('IDX_audit_entries_entity', 'entity_type', 'entity_id')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['audit_entries', 'accounts', 'contest_rounds', 'contests', 'teachers', 'schools', 'districts', 'cities']) {
      await q.dropTable(table);
    }
  }
}
