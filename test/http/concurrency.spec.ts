/**
 * Concurrent writes: every successful one is stored, no failed one is, and the audit log has
 * exactly one entry per success with an intact chain. On SQLite this holds only because write
 * transactions are serialised (TypeORM shares one connection, and an overlapping transaction
 * would nest as a savepoint, so one request's rollback could undo another's write).
 */
import { AuditService } from '../../src/audit/audit.service';
import { Transactions } from '../../src/database/transactions';
import { Teacher } from '../../src/registry/teacher.entity';
import { createTestApp, TestApp } from '../support/app';
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
          const teacher = em.getRepository(Teacher).create({
            name: `事务${i}`,
            idNumber: f.idNumber(),
            birthDate: '1990-01-01',
            gender: 'male',
            stage: 'primary',
            subject: 'math',
            schoolId: school.id,
            transferredToSeat: false,
            priorAwards: [],
            createdAt: t.clock.nowIso(),
            updatedAt: t.clock.nowIso(),
          });
          await em.getRepository(Teacher).save(teacher);
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

  it('a transaction called inside another joins it instead of waiting for itself', async () => {
    const tx = t.app.get(Transactions);
    const result = await tx.run(async (outer) => tx.run(async (inner) => inner === outer));
    expect(result).toBe(true);
  });
});
