/**
 * Concurrent writes: every successful one is stored, no failed one is, and the audit log has
 * exactly one entry per success with an intact chain. On SQLite this holds only because write
 * transactions are serialised (TypeORM shares one connection, and an overlapping transaction
 * would nest as a savepoint, so one request's rollback could undo another's write); the calls
 * waiting together share one transaction, each in its own savepoint (group commit).
 */
import Database from 'better-sqlite3';
import { EntityManager } from 'typeorm';
import { AuditService } from '../../src/audit/audit.service';
import { Transactions } from '../../src/database/transactions';
import { Teacher } from '../../src/registry/teacher.entity';
import { createTestApp, TestApp, usingPostgres } from '../support/app';
import { bearer, Factory } from '../support/factories';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('concurrent writes', () => {
  let t: TestApp;
  let f: Factory;
  let city: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    city = bearer(await f.loginAs('city_admin'));
  });
  afterAll(() => t.close());

  const sqliteOnly = usingPostgres ? it.skip : it;

  const newTeacher = (em: EntityManager, schoolId: number, name: string) =>
    em.getRepository(Teacher).save(
      em.getRepository(Teacher).create({
        name,
        idNumber: f.idNumber(),
        birthDate: '1990-01-01',
        gender: 'male',
        stage: 'primary',
        subject: 'math',
        schoolId,
        transferredToSeat: false,
        priorAwards: [],
        createdAt: t.clock.nowIso(),
        updatedAt: t.clock.nowIso(),
      }),
    );

  const auditCount = async (action: string) =>
    Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM audit_entries WHERE action = '${action}'`))[0].n);

  it('60 concurrent teacher registrations, 20 of them duplicates: exactly the 40 successes are stored and audited', async () => {
    const school = await f.school();
    const unique = Array.from({ length: 40 }, () => f.idNumber());
    const ids = [...unique, ...unique.slice(0, 20)];
    const teachersBefore = await t.dataSource.getRepository(Teacher).count();
    const auditBefore = await auditCount('teacher.create');

    const responses = await Promise.all(
      ids.map((idNumber, i) =>
        t.http().post('/api/teachers').set(city).send({ name: `并发${i}`, idNumber, subject: 'math', schoolId: school.id }),
      ),
    );
    const ok = responses.filter((r) => r.status === 201);
    const conflicts = responses.filter((r) => r.status === 409);
    expect(ok).toHaveLength(40);
    expect(conflicts).toHaveLength(20);
    expect(conflicts.every((r) => r.body.code === 'DUPLICATE_ID_NUMBER')).toBe(true);

    const stored = await t.dataSource.getRepository(Teacher).findBy({ schoolId: school.id });
    expect(stored.map((s) => s.id).sort((a, b) => a - b)).toEqual(ok.map((r) => r.body.id).sort((a, b) => a - b));
    expect(new Set(stored.map((s) => s.idNumber))).toEqual(new Set(unique));
    expect(await t.dataSource.getRepository(Teacher).count()).toBe(teachersBefore + 40);
    expect(await auditCount('teacher.create')).toBe(auditBefore + 40);
    expect(await t.app.get(AuditService).verify()).toMatchObject({ intact: true });
  });

  it('60 concurrent transactions, a third failing AFTER their writes: none of theirs is kept, all others are', async () => {
    const school = await f.school();
    const tx = t.app.get(Transactions);
    const audit = t.app.get(AuditService);
    const auditBefore = await auditCount('test.write');

    const results = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) =>
        tx.run(async (em) => {
          const teacher = await newTeacher(em, school.id, `事务${i}`);
          await tick(); // let other requests run while this transaction is open
          await audit.append(em, { actor: 'system:test', action: 'test.write', entityType: 'teacher', entityId: teacher.id, after: teacher });
          await tick();
          if (i % 3 === 0) throw new Error(`injected failure ${i}`);
          return teacher.name;
        }),
      ),
    );
    const succeeded = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failed = results.filter((r) => r.status === 'rejected');
    expect(succeeded).toHaveLength(40);
    expect(failed).toHaveLength(20);
    expect(failed.every((r) => (r as PromiseRejectedResult).reason.message.startsWith('injected failure'))).toBe(true);

    const stored = await t.dataSource.getRepository(Teacher).findBy({ schoolId: school.id });
    expect(stored.map((s) => s.name).sort()).toEqual([...succeeded].sort());
    expect(await auditCount('test.write')).toBe(auditBefore + 40);
    const chain = await audit.verify();
    expect(chain).toMatchObject({ intact: true });
  });

  sqliteOnly('synchronous calls (runSync) in a group with async ones, a third failing after their writes: none of theirs is kept, all others are', async () => {
    const school = await f.school();
    const tx = t.app.get(Transactions);
    const audit = t.app.get(AuditService);
    const auditBefore = await auditCount('test.sync');
    const insert = 'INSERT INTO teachers (name, id_number, birth_date, gender, stage, subject, school_id, transferred_to_seat, prior_awards, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)';
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) =>
        i % 2
          ? tx.runSync(() => {
              const now = t.clock.nowIso();
              const { lastInsertRowid } = tx.prepared(insert).run(`同步${i}`, f.idNumber(), '1990-01-01', 'male', 'primary', 'math', school.id, '[]', now, now);
              audit.appendSync({ actor: 'system:test', action: 'test.sync', entityType: 'teacher', entityId: Number(lastInsertRowid), after: { name: `同步${i}` } });
              if (i % 3 === 0) throw new Error(`injected failure ${i}`);
              return `同步${i}`;
            })
          : tx.run(async (em) => {
              const teacher = await newTeacher(em, school.id, `异步${i}`);
              await tick();
              await audit.append(em, { actor: 'system:test', action: 'test.sync', entityType: 'teacher', entityId: teacher.id, after: { name: teacher.name } });
              if (i % 3 === 0) throw new Error(`injected failure ${i}`);
              return teacher.name;
            }),
      ),
    );
    const succeeded = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(succeeded).toHaveLength(40);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason.message.startsWith('injected failure'))).toBe(true);
    const stored = await t.dataSource.getRepository(Teacher).findBy({ schoolId: school.id });
    expect(stored.map((s) => s.name).sort()).toEqual([...succeeded].sort());
    expect(await auditCount('test.sync')).toBe(auditBefore + 40);
    expect(await audit.verify()).toMatchObject({ intact: true });
  });

  sqliteOnly('a group of synchronous calls only, and one alone: each failing call rolled back alone; runSync inside run is refused', async () => {
    const school = await f.school();
    const tx = t.app.get(Transactions);
    const insert = 'INSERT INTO teachers (name, id_number, birth_date, gender, stage, subject, school_id, transferred_to_seat, prior_awards, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)';
    const write = (name: string, fail: boolean) =>
      tx.runSync(() => {
        tx.prepared(insert).run(name, f.idNumber(), '1990-01-01', 'male', 'primary', 'math', school.id, '[]', t.clock.nowIso(), t.clock.nowIso());
        if (fail) throw new Error(`injected ${name}`);
        return name;
      });
    const group = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => write(`组${i}`, i % 2 === 0)));
    expect(group.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    await expect(write('独自失败', true)).rejects.toThrow('injected 独自失败');
    await expect(write('独自成功', false)).resolves.toBe('独自成功');
    await expect(tx.run(() => tx.runSync(() => 1))).rejects.toThrow('cannot run inside');
    const stored = await t.dataSource.getRepository(Teacher).findBy({ schoolId: school.id });
    expect(stored.map((s) => s.name).sort()).toEqual(['组1', '组3', '组5', '组7', '组9', '独自成功'].sort());
  });

  it('a transaction called inside another joins it instead of waiting for itself', async () => {
    const tx = t.app.get(Transactions);
    const result = await tx.run(async (outer) => tx.run(async (inner) => inner === outer));
    expect(result).toBe(true);
  });

  sqliteOnly('on SQLite, calls waiting together commit together: another connection sees none of their writes before the COMMIT, all of them after', async () => {
    const school = await f.school();
    const tx = t.app.get(Transactions);
    const outside = new Database(t.env.SQLITE_PATH!, { readonly: true });
    try {
      const countOutside = () => (outside.prepare('SELECT COUNT(*) AS n FROM teachers WHERE school_id = ?').get(school.id) as { n: number }).n;
      const seenInside: number[] = [];
      const seenOutside: number[] = [];
      const settled: number[] = [];
      await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          tx
            .run(async (em) => {
              await newTeacher(em, school.id, `成组${i}`);
              seenInside.push(await em.getRepository(Teacher).countBy({ schoolId: school.id }));
              seenOutside.push(countOutside());
            })
            .then(() => settled.push(countOutside())),
        ),
      );
      // Each call sees the writes of the calls before it in its group…
      expect(seenInside).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      // …which no other connection sees until the group's COMMIT; no call answered before it.
      expect(seenOutside).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
      expect(settled).toEqual([8, 8, 8, 8, 8, 8, 8, 8]);
    } finally {
      outside.close();
    }
  });

  it('a call inside a call that shares a transaction with others joins that transaction', async () => {
    const tx = t.app.get(Transactions);
    const joined = await Promise.all(Array.from({ length: 4 }, () => tx.run(async (outer) => tx.run(async (inner) => inner === outer))));
    expect(joined).toEqual([true, true, true, true]);
  });

  sqliteOnly("on SQLite, a group whose COMMIT fails rejects every call of it and stores nothing of it; the next group is stored", async () => {
    const school = await f.school();
    const tx = t.app.get(Transactions);
    const audit = t.app.get(AuditService);
    const runner = t.dataSource.createQueryRunner(); // better-sqlite3: the one query runner TypeORM uses
    const commit = runner.commitTransaction.bind(runner);
    const spy = jest.spyOn(runner, 'commitTransaction').mockImplementation(async () => {
      if ((runner as unknown as { transactionDepth: number }).transactionDepth === 1) {
        spy.mockRestore();
        throw new Error('injected COMMIT failure');
      }
      return commit();
    });
    const write = (i: number) =>
      tx.run(async (em) => {
        const teacher = await newTeacher(em, school.id, `提交失败${i}`);
        await audit.append(em, { actor: 'system:test', action: 'test.group', entityType: 'teacher', entityId: teacher.id, after: teacher });
        return teacher.name;
      });
    const first = await Promise.allSettled([0, 1, 2, 3, 4].map(write));
    expect(first.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'stored'))).toEqual(Array(5).fill('injected COMMIT failure'));
    expect(await t.dataSource.getRepository(Teacher).countBy({ schoolId: school.id })).toBe(0);
    expect(await auditCount('test.group')).toBe(0);

    expect(await Promise.all([5, 6, 7].map(write))).toEqual(['提交失败5', '提交失败6', '提交失败7']);
    expect((await t.dataSource.getRepository(Teacher).findBy({ schoolId: school.id })).map((s) => s.name).sort()).toEqual(['提交失败5', '提交失败6', '提交失败7']);
    expect(await auditCount('test.group')).toBe(3);
    expect(await audit.verify()).toMatchObject({ intact: true });
  });
});
