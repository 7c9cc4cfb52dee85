/**
 * Round planning: panels know what they judge (subject, merged groups, room, session date and
 * time, the plan that made them, a scoring extension); accepted round plans; judge pools; problems
 * judges report from the tablet. New columns are nullable and added with plain ALTER TABLE … ADD
 * COLUMN (the same statement on SQLite and PostgreSQL, no table rebuild on SQLite).
 */
import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { fk, id, index, int, text, timestamps, unique, varchar } from './columns';

const PANEL_COLUMNS: [string, string][] = [
  ['subject', 'varchar(32)'],
  ['merged_groups', 'text'],
  ['room', 'varchar(100)'],
  ['session_date', 'varchar(10)'],
  ['session_time', 'varchar(5)'],
  ['plan_id', 'integer'],
  ['scoring_until', 'varchar(10)'],
];

export class RoundPlanning1733000015000 implements MigrationInterface {
  name = 'RoundPlanning1733000015000';

  async up(q: QueryRunner): Promise<void> {
    for (const [name, type] of PANEL_COLUMNS) await q.query(`ALTER TABLE panels ADD COLUMN ${name} ${type}`);
    await q.createTable(
      new Table({
        name: 'round_plans',
        columns: [
          id(),
          int('contest_id'),
          varchar('round', 16),
          varchar('scope_key', 32),
          int('school_id', true),
          int('district_id', true),
          text('request'),
          text('summary'),
          varchar('created_by', 100),
          ...timestamps(),
        ],
        indices: [unique('UQ_round_plans_scope', 'contest_id', 'round', 'scope_key')],
        foreignKeys: [fk('FK_round_plans_contest', 'contest_id', 'contests', 'CASCADE')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'judge_pool_members',
        columns: [
          id(),
          int('contest_id'),
          varchar('round', 16),
          varchar('scope_key', 32),
          int('account_id'),
          varchar('phone', 20, true),
          text('subjects', true),
          varchar('source', 16),
          varchar('created_by', 100),
          varchar('created_at', 32),
        ],
        indices: [unique('UQ_judge_pool_members_account', 'contest_id', 'round', 'scope_key', 'account_id')],
        foreignKeys: [fk('FK_judge_pool_members_contest', 'contest_id', 'contests', 'CASCADE'), fk('FK_judge_pool_members_account', 'account_id', 'accounts')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'judge_problems',
        columns: [
          id(),
          int('panel_id'),
          int('account_id'),
          int('entrant_id', true),
          varchar('kind', 32),
          varchar('note', 500, true),
          varchar('created_at', 32),
          varchar('handled_at', 32, true),
          varchar('handled_by', 100, true),
        ],
        indices: [index('IDX_judge_problems_panel', 'panel_id')],
        foreignKeys: [fk('FK_judge_problems_panel', 'panel_id', 'panels', 'CASCADE'), fk('FK_judge_problems_account', 'account_id', 'accounts')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('judge_problems');
    await q.dropTable('judge_pool_members');
    await q.dropTable('round_plans');
    for (const [name] of [...PANEL_COLUMNS].reverse()) await q.query(`ALTER TABLE panels DROP COLUMN ${name}`);
  }
}
