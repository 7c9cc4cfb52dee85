import { readdirSync } from 'fs';
import { join } from 'path';
import { createTestApp, TestApp, usingPostgres } from '../support/app';
import { Factory } from '../support/factories';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { createHttpAdapter } from '../../src/app.setup';
import { loadEnvironment } from '../../src/config/environment';
import { Transactions } from '../../src/database/transactions';
import { Teacher } from '../../src/registry/teacher.entity';

describe('database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it(`runs on ${usingPostgres ? 'PostgreSQL' : 'SQLite'} as configured`, () => {
    expect(t.dataSource.options.type).toBe(usingPostgres ? 'postgres' : 'better-sqlite3');
    expect(t.dataSource.options.synchronize).toBe(false);
  });

  (usingPostgres ? it.skip : it)('sets the SQLite pragmas explicitly (WAL, NORMAL, busy timeout, foreign keys)', async () => {
    const pragma = async (name: string) => Object.values((await t.dataSource.query(`PRAGMA ${name}`))[0])[0];
    expect(await pragma('journal_mode')).toBe('wal');
    expect(await pragma('synchronous')).toBe(1); // NORMAL
    expect(await pragma('busy_timeout')).toBe(5000);
    expect(await pragma('foreign_keys')).toBe(1);
  });

  (usingPostgres ? it : it.skip)('on PostgreSQL, sets READ COMMITTED on each connection it opens, and write transactions run at it', async () => {
    const [setting] = await t.dataSource.query("SELECT setting, source FROM pg_settings WHERE name = 'default_transaction_isolation'");
    expect(setting).toEqual({ setting: 'read committed', source: 'client' });
    const level = await t.app.get(Transactions).run(async (em) => (await em.query('SHOW transaction_isolation'))[0].transaction_isolation);
    expect(level).toBe('read committed');
  });

  (usingPostgres ? it : it.skip)('uses the test file’s own PostgreSQL schema', async () => {
    const [{ current_schema }] = await t.dataSource.query('SELECT current_schema()');
    expect(current_schema).toBe(t.env.DATABASE_SCHEMA);
  });

  it('applied every migration file, and the schema matches the entities exactly', async () => {
    const files = readdirSync(join(__dirname, '../../src/database/migrations')).filter((f) => /^\d+-.+\.ts$/.test(f));
    const applied: { name: string }[] = await t.dataSource.query('SELECT name FROM migrations ORDER BY id');
    expect(applied.map((m) => m.name)).toEqual(
      files.map((f) => {
        const [ts, name] = f.replace(/\.ts$/, '').split('-');
        return `${name}${ts}`;
      }),
    );
    expect(await t.dataSource.showMigrations()).toBe(false);
    // What `synchronize` would still do: nothing, on either database.
    const pending = await t.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('enforces foreign keys', async () => {
    await expect(
      t.dataSource.query(
        "INSERT INTO schools (code, name, district_id, stage, is_central, in_district_seat, created_at, updated_at) VALUES ('X', 'x', 9999, 'primary', true, false, 'a', 'a')",
      ),
    ).rejects.toThrow(/foreign key/i);
  });

  it('a second start on the same database keeps the data and runs no migration again', async () => {
    const f = new Factory(t);
    const teacher = await f.teacher({ name: '留存' });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(loadEnvironment(t.env))] }).compile();
    const again = moduleRef.createNestApplication(createHttpAdapter(), { logger: false });
    await again.init();
    try {
      const ds = again.get<DataSource>(getDataSourceToken());
      expect((await ds.getRepository(Teacher).findOneByOrFail({ id: teacher.id })).name).toBe('留存');
      const files = readdirSync(join(__dirname, '../../src/database/migrations')).filter((f) => /^\d+-.+\.ts$/.test(f));
      const [{ n }] = await ds.query('SELECT COUNT(*) AS n FROM migrations');
      expect(Number(n)).toBe(files.length);
    } finally {
      await again.close();
    }
  });
});
