/**
 * What the panel code assumes, said by the database: one head judge per panel (a partial unique
 * index), and a judge's sheet belongs to a seat on the panel and a place on it: score_sheets
 * (panel_id, judge_id) refers to panel_judges (panel_id, account_id) and (panel_id, entrant_id) to
 * panel_contestants (panel_id, entrant_id), not just to an account and an entrant.
 * QueryRunner Table API: the same migration on SQLite (where adding a foreign key rebuilds the
 * table, data kept) and PostgreSQL.
 */
import { MigrationInterface, QueryRunner, TableForeignKey, TableIndex } from 'typeorm';
import { unique } from './columns';

export class PanelSeats1733000016000 implements MigrationInterface {
  name = 'PanelSeats1733000016000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('panel_judges', new TableIndex({ name: 'UQ_panel_judges_head', columnNames: ['panel_id'], isUnique: true, where: 'is_head = true' }));
    await q.createIndex('panel_contestants', unique('UQ_panel_contestants_panel_entrant', 'panel_id', 'entrant_id'));
    await q.createForeignKeys('score_sheets', [
      new TableForeignKey({
        name: 'FK_score_sheets_seat',
        columnNames: ['panel_id', 'judge_id'],
        referencedTableName: 'panel_judges',
        referencedColumnNames: ['panel_id', 'account_id'],
        onDelete: 'RESTRICT',
      }),
      new TableForeignKey({
        name: 'FK_score_sheets_place',
        columnNames: ['panel_id', 'entrant_id'],
        referencedTableName: 'panel_contestants',
        referencedColumnNames: ['panel_id', 'entrant_id'],
        onDelete: 'RESTRICT',
      }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropForeignKey('score_sheets', 'FK_score_sheets_place');
    await q.dropForeignKey('score_sheets', 'FK_score_sheets_seat');
    await q.dropIndex('panel_contestants', 'UQ_panel_contestants_panel_entrant');
    await q.dropIndex('panel_judges', 'UQ_panel_judges_head');
  }
}
