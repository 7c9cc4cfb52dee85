/**
 * Judging: school sheets, panels, panel judges and contestants, judges' private links,
 * score sheets and their versions. QueryRunner Table API: the same migration on SQLite and PostgreSQL.
 */
import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { bool, fk, id, index, int, text, timestamps, unique, varchar } from './columns';

export class Judging1732000003000 implements MigrationInterface {
  name = 'Judging1732000003000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'school_sheets',
        columns: [id(), int('contest_id'), int('school_id'), text('items'), text('added'), text('reweighted'), varchar('updated_by', 100), ...timestamps()],
        indices: [unique('UQ_school_sheets_contest_school', 'contest_id', 'school_id')],
        foreignKeys: [fk('FK_school_sheets_contest', 'contest_id', 'contests', 'CASCADE'), fk('FK_school_sheets_school', 'school_id', 'schools')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'panels',
        columns: [
          id(),
          int('contest_id'),
          varchar('code', 32),
          varchar('round', 16),
          varchar('group_code', 16),
          varchar('session', 100),
          int('school_id', true),
          int('district_id', true),
          varchar('state', 16),
          bool('announced'),
          varchar('order_source', 16, true),
          text('draw_record', true),
          varchar('locked_at', 32, true),
          varchar('locked_by', 100, true),
          varchar('announced_at', 32, true),
          ...timestamps(),
        ],
        indices: [unique('UQ_panels_contest_code', 'contest_id', 'code'), index('IDX_panels_contest_round', 'contest_id', 'round')],
        foreignKeys: [fk('FK_panels_contest', 'contest_id', 'contests', 'CASCADE')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'panel_judges',
        columns: [id(), int('panel_id'), int('account_id'), bool('is_head'), varchar('created_at', 32)],
        indices: [unique('UQ_panel_judges_panel_account', 'panel_id', 'account_id'), index('IDX_panel_judges_account', 'account_id')],
        foreignKeys: [fk('FK_panel_judges_panel', 'panel_id', 'panels', 'CASCADE'), fk('FK_panel_judges_account', 'account_id', 'accounts')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'panel_contestants',
        columns: [id(), int('panel_id'), int('entrant_id'), int('position'), varchar('created_at', 32)],
        indices: [unique('UQ_panel_contestants_entrant', 'entrant_id'), index('IDX_panel_contestants_panel', 'panel_id')],
        foreignKeys: [fk('FK_panel_contestants_panel', 'panel_id', 'panels', 'CASCADE'), fk('FK_panel_contestants_entrant', 'entrant_id', 'round_entrants')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'judge_links',
        columns: [id(), int('panel_judge_id'), varchar('token_hash', 64), varchar('created_by', 100), varchar('created_at', 32), varchar('revoked_at', 32, true), varchar('revoked_by', 100, true)],
        indices: [unique('UQ_judge_links_token_hash', 'token_hash')],
        foreignKeys: [fk('FK_judge_links_panel_judge', 'panel_judge_id', 'panel_judges', 'CASCADE')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'score_sheets',
        columns: [
          id(),
          int('panel_id'),
          int('judge_id'),
          int('entrant_id'),
          varchar('state', 16),
          int('version'),
          text('tenths'),
          text('item_keys'),
          int('total_tenths'),
          ...timestamps(),
        ],
        indices: [unique('UQ_score_sheets_panel_judge_entrant', 'panel_id', 'judge_id', 'entrant_id')],
        foreignKeys: [
          fk('FK_score_sheets_panel', 'panel_id', 'panels'),
          fk('FK_score_sheets_judge', 'judge_id', 'accounts'),
          fk('FK_score_sheets_entrant', 'entrant_id', 'round_entrants'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'score_sheet_versions',
        columns: [
          id(),
          int('sheet_id'),
          int('version'),
          varchar('state', 16),
          text('tenths'),
          int('total_tenths'),
          varchar('client_id', 64, true),
          varchar('action', 16),
          varchar('reason', 500, true),
          varchar('at', 32),
          varchar('by', 100),
        ],
        indices: [unique('UQ_score_sheet_versions_sheet_version', 'sheet_id', 'version'), unique('UQ_score_sheet_versions_client', 'client_id')],
        foreignKeys: [fk('FK_score_sheet_versions_sheet', 'sheet_id', 'score_sheets')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['score_sheet_versions', 'score_sheets', 'judge_links', 'panel_contestants', 'panel_judges', 'panels', 'school_sheets']) {
      await q.dropTable(t);
    }
  }
}
