/**
 * Corrections of a published award list (supplementary notices, RULES §6): each award remembers the
 * supplementary notice that last changed it (removed, reinstated or corrected it), so that its
 * certificate waits for that notice to be final. QueryRunner Table API: the same migration on
 * SQLite and PostgreSQL.
 */
import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

export class AwardCorrections1734000010000 implements MigrationInterface {
  name = 'AwardCorrections1734000010000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('awards', new TableColumn({ name: 'correction_notice_id', type: 'integer', isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('awards', 'correction_notice_id');
  }
}
