/**
 * Advancement: allocations, recommendations, draws and replacements.
 * QueryRunner Table API: the same migration on SQLite and PostgreSQL.
 */
import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { fk, id, index, int, text, timestamps, unique, varchar } from './columns';

export class Advancement1732000004000 implements MigrationInterface {
  name = 'Advancement1732000004000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'adv_allocations',
        columns: [
          id(),
          int('contest_id'),
          varchar('round', 16),
          varchar('scope_key', 32),
          int('district_id', true),
          text('report'),
          text('units'),
          varchar('recommendation_deadline', 10),
          varchar('created_by', 100),
          ...timestamps(),
        ],
        indices: [unique('UQ_adv_allocations_scope', 'contest_id', 'round', 'scope_key')],
        foreignKeys: [fk('FK_adv_allocations_contest', 'contest_id', 'contests', 'CASCADE')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'adv_recommendations',
        columns: [id(), int('allocation_id'), int('unit_id'), int('entrant_id'), varchar('created_by', 100), varchar('created_at', 32)],
        indices: [unique('UQ_adv_recommendations_entrant', 'allocation_id', 'entrant_id')],
        foreignKeys: [
          fk('FK_adv_recommendations_allocation', 'allocation_id', 'adv_allocations', 'CASCADE'),
          fk('FK_adv_recommendations_entrant', 'entrant_id', 'round_entrants'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'adv_draws',
        columns: [
          id(),
          int('allocation_id'),
          int('contest_id'),
          varchar('round', 16),
          varchar('scope_key', 32),
          varchar('scope_name', 100),
          varchar('state', 16),
          text('pool'),
          varchar('pool_hash', 64),
          text('units'),
          text('entropy_sources', true),
          text('entropy', true),
          text('record', true),
          varchar('frozen_at', 32),
          varchar('frozen_by', 100),
          varchar('announced_at', 32, true),
          varchar('announced_by', 100, true),
          varchar('entropy_at', 32, true),
          varchar('entropy_by', 100, true),
          varchar('run_at', 32, true),
          varchar('run_by', 100, true),
          varchar('published_at', 32, true),
          varchar('published_by', 100, true),
          ...timestamps(),
        ],
        indices: [unique('UQ_adv_draws_allocation', 'allocation_id')],
        foreignKeys: [fk('FK_adv_draws_allocation', 'allocation_id', 'adv_allocations')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'adv_replacements',
        columns: [
          id(),
          int('draw_id'),
          int('unit_id'),
          varchar('unit_code', 32),
          int('withdrawn_entrant_id'),
          varchar('kind', 16),
          varchar('reason', 500),
          varchar('place', 16),
          varchar('deadline', 10, true),
          int('replacement_entrant_id', true),
          varchar('withdrawn_by', 100),
          varchar('withdrawn_at', 32),
          varchar('replaced_by', 100, true),
          varchar('replaced_at', 32, true),
        ],
        indices: [index('IDX_adv_replacements_draw', 'draw_id')],
        foreignKeys: [
          fk('FK_adv_replacements_draw', 'draw_id', 'adv_draws'),
          fk('FK_adv_replacements_withdrawn', 'withdrawn_entrant_id', 'round_entrants'),
          fk('FK_adv_replacements_replacement', 'replacement_entrant_id', 'round_entrants'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('adv_replacements');
    await q.dropTable('adv_draws');
    await q.dropTable('adv_recommendations');
    await q.dropTable('adv_allocations');
  }
}
