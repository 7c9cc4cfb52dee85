/**
 * SQLite: reads outside a transaction share the one connection with the open group transaction;
 * they wait for its end, so they never see a call's uncommitted writes (here: a write that is then
 * rolled back to its savepoint when the call fails). Skipped on PostgreSQL, where a read has its
 * own connection.
 */
import { Transactions } from '../../src/database/transactions';
import { Teacher } from '../../src/registry/teacher.entity';
import { createTestApp, TestApp, usingPostgres } from '../support/app';
import { Factory } from '../support/factories';

const sqliteOnly = usingPostgres ? describe.skip : describe;

sqliteOnly('SQLite reads during an open group transaction', () => {
  let t: TestApp;
  let f: Factory;
  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
  });
  afterAll(() => t.close());

  it('see only committed data: a call’s write that is rolled back is never seen, a committed one is seen after COMMIT', async () => {
    const school = await f.school();
    const teacher = await f.teacher({ schoolId: school.id, name: '原名' });
    const tx = t.app.get(Transactions);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let written!: () => void;
    const wrote = new Promise<void>((resolve) => (written = resolve));
    // Two calls in one group: the first renames and then fails (after a pause, with the write
    // made), the second renames for good.
    const failing = tx.run(async (em) => {
      await em.getRepository(Teacher).update({ id: teacher.id }, { name: '未提交' });
      written();
      await held;
      throw new Error('refused after writing');
    });
    const committed = tx.run(async (em) => {
      await em.getRepository(Teacher).update({ id: teacher.id }, { name: '已提交' });
    });
    await wrote;
    // A read from outside while the first call's write is uncommitted.
    const read = t.dataSource.getRepository(Teacher).findOneByOrFail({ id: teacher.id });
    const seenEarly = await Promise.race([read.then((r) => r.name), new Promise((resolve) => setTimeout(() => resolve('(waiting)'), 50))]);
    expect(seenEarly).toBe('(waiting)');
    release();
    await expect(failing).rejects.toThrow('refused after writing');
    await committed;
    expect((await read).name).toBe('已提交');
    // Over HTTP too: the guard's and the handler's reads go through the same gate; nothing hangs.
    expect((await t.http().get('/api/health')).status).toBe(200);
  });
});
