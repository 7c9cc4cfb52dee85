/**
 * Nothing a judge entered is lost: an entry refused because the sheet changed meanwhile (another
 * device submitted first, or saved since this device read the sheet) is kept as a `rejected` row of
 * score_sheet_versions, with no version number of its own (version NULL: it never became the sheet),
 * and every entry records the version it was based on (based_on; NULL when the device did not say).
 * QueryRunner Table API: the same migration on SQLite (the column change rebuilds the table, data
 * kept) and PostgreSQL.
 */
import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

export class RejectedVersions1733000016200 implements MigrationInterface {
  name = 'RejectedVersions1733000016200';

  async up(q: QueryRunner): Promise<void> {
    await q.changeColumn('score_sheet_versions', 'version', new TableColumn({ name: 'version', type: 'integer', isNullable: true }));
    await q.addColumn('score_sheet_versions', new TableColumn({ name: 'based_on', type: 'integer', isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DELETE FROM score_sheet_versions WHERE action = 'rejected'");
    await q.dropColumn('score_sheet_versions', 'based_on');
    await q.changeColumn('score_sheet_versions', 'version', new TableColumn({ name: 'version', type: 'integer', isNullable: false }));
  }
}
