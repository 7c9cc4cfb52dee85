/**
 * Public announcements (公示) with objections (RULES §6): notices, their rows, objections,
 * resolutions, integrity cases, the final's district exclusions; and the audit head printed on a
 * published draw record. QueryRunner Table API: the same migration on SQLite and PostgreSQL.
 */
import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import { bool, fk, id, index, int, text, timestamps, unique, varchar } from './columns';

export class Announcements1733000013000 implements MigrationInterface {
  name = 'Announcements1733000013000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'ann_notices',
        columns: [
          id(),
          int('contest_id'),
          varchar('kind', 24),
          varchar('round_code', 16),
          varchar('scope_key', 32),
          varchar('issuer_level', 16),
          int('issuer_id', true),
          varchar('issuer_name', 200),
          varchar('resolver_level', 16),
          int('resolver_id', true),
          varchar('resolver_name', 200),
          varchar('title', 300),
          varchar('objection_contact', 300),
          int('row_count'),
          varchar('state', 16),
          int('window_days'),
          varchar('opens_on', 10, true),
          varchar('closes_on', 10, true),
          varchar('closes_at', 32, true),
          text('working_days', true),
          bool('calendar_covers'),
          int('audit_seq', true),
          varchar('audit_hash', 64, true),
          varchar('content_hash', 64, true),
          int('supplements_notice_id', true),
          varchar('published_at', 32, true),
          varchar('published_by', 100, true),
          ...timestamps(),
        ],
        indices: [index('IDX_ann_notices_scope', 'contest_id', 'kind', 'scope_key')],
        foreignKeys: [fk('FK_ann_notices_contest', 'contest_id', 'contests', 'CASCADE'), fk('FK_ann_notices_supplements', 'supplements_notice_id', 'ann_notices')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'ann_notice_rows',
        columns: [
          id(),
          int('notice_id'),
          int('position'),
          varchar('teacher_name', 100),
          varchar('school_name', 200),
          int('school_id', true),
          varchar('subject', 64),
          varchar('group_name', 64),
          varchar('masked_id', 32),
          varchar('note', 100),
          varchar('ref', 64),
        ],
        indices: [index('IDX_ann_notice_rows_notice', 'notice_id', 'position')],
        foreignKeys: [fk('FK_ann_notice_rows_notice', 'notice_id', 'ann_notices', 'CASCADE')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'ann_objections',
        columns: [
          id(),
          int('notice_id'),
          int('row_id', true),
          varchar('receipt_code', 16),
          varchar('objector_name', 50),
          varchar('objector_contact', 100),
          text('grounds'),
          varchar('state', 16),
          varchar('lodged_at', 32),
        ],
        indices: [unique('UQ_ann_objections_receipt', 'receipt_code'), index('IDX_ann_objections_notice', 'notice_id', 'state')],
        foreignKeys: [fk('FK_ann_objections_notice', 'notice_id', 'ann_notices', 'CASCADE'), fk('FK_ann_objections_row', 'row_id', 'ann_notice_rows')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'ann_resolutions',
        columns: [
          id(),
          int('objection_id'),
          varchar('decision', 16),
          bool('falsified'),
          varchar('reason', 1000),
          varchar('outcome', 1000),
          int('supplementary_notice_id', true),
          varchar('resolved_by', 100),
          varchar('resolved_at', 32),
        ],
        indices: [unique('UQ_ann_resolutions_objection', 'objection_id')],
        foreignKeys: [fk('FK_ann_resolutions_objection', 'objection_id', 'ann_objections', 'CASCADE')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'ann_integrity_cases',
        columns: [id(), int('contest_id'), int('school_id'), int('notice_id'), int('objection_id'), varchar('reason', 1000), varchar('created_by', 100), varchar('created_at', 32)],
        indices: [index('IDX_ann_integrity_cases_school', 'contest_id', 'school_id')],
        foreignKeys: [
          fk('FK_ann_integrity_cases_contest', 'contest_id', 'contests', 'CASCADE'),
          fk('FK_ann_integrity_cases_school', 'school_id', 'schools'),
          fk('FK_ann_integrity_cases_notice', 'notice_id', 'ann_notices'),
          fk('FK_ann_integrity_cases_objection', 'objection_id', 'ann_objections'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'ann_final_exclusions',
        columns: [id(), int('contest_id'), int('district_id'), varchar('reason', 500), varchar('created_by', 100), varchar('created_at', 32)],
        indices: [unique('UQ_ann_final_exclusions', 'contest_id', 'district_id')],
        foreignKeys: [fk('FK_ann_final_exclusions_contest', 'contest_id', 'contests', 'CASCADE'), fk('FK_ann_final_exclusions_district', 'district_id', 'districts')],
      }),
    );
    // The audit head at the publication of a draw (printed on its public record).
    await q.addColumns('adv_draws', [
      new TableColumn({ name: 'audit_seq', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'audit_hash', type: 'varchar', length: '64', isNullable: true }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('adv_draws', 'audit_hash');
    await q.dropColumn('adv_draws', 'audit_seq');
    for (const t of ['ann_final_exclusions', 'ann_integrity_cases', 'ann_resolutions', 'ann_objections', 'ann_notice_rows', 'ann_notices']) await q.dropTable(t);
  }
}
