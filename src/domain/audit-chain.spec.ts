import { createHash } from 'crypto';
import {
  AuditRow,
  canonicalJson,
  ChainVerifier,
  entryHash,
  GENESIS_HASH,
  nextEntry,
  verifyChain,
} from './audit-chain';

function chain(n: number): AuditRow[] {
  const rows: AuditRow[] = [];
  for (let i = 0; i < n; i++) {
    const prev = rows.length ? rows[rows.length - 1] : null;
    rows.push(
      nextEntry(prev, {
        at: `2025-11-20T02:00:0${i % 10}.000Z`,
        actor: i % 2 ? 'city' : 'school-S001',
        action: 'teacher.update',
        entityType: 'teacher',
        entityId: String(100 + i),
        before: i === 0 ? null : canonicalJson({ name: `张${i}`, n: i }),
        after: canonicalJson({ name: `张${i + 1}`, n: i + 1 }),
      }),
    );
  }
  return rows;
}

/** Rewrites an entry's hash (as an attacker with database access would) and relinks nothing. */
function rehash(row: AuditRow): AuditRow {
  return { ...row, hash: entryHash(row, row.prevHash) };
}

describe('canonicalJson', () => {
  it('sorts keys at every level, keeps array order, drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null }, u: undefined })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });
  it('does not depend on insertion order', () => {
    expect(canonicalJson({ x: 1, y: '二' })).toBe(canonicalJson({ y: '二', x: 1 }));
  });
  it('refuses values that JSON cannot represent faithfully', () => {
    expect(() => canonicalJson(NaN)).toThrow(/non-finite/);
    expect(() => canonicalJson([undefined])).toThrow(/undefined/);
    expect(() => canonicalJson(10n)).toThrow(/bigint/);
  });
});

describe('entryHash', () => {
  it('is sha256 over the canonical JSON of the fields and prevHash', () => {
    const fields = {
      seq: 1,
      at: '2025-11-20T02:00:00.000Z',
      actor: 'city',
      action: 'district.create',
      entityType: 'district',
      entityId: '1',
      before: null,
      after: '{"code":"D1"}',
    };
    const expected = createHash('sha256')
      .update(
        '{"action":"district.create","actor":"city","after":"{\\"code\\":\\"D1\\"}","at":"2025-11-20T02:00:00.000Z",' +
          '"before":null,"entityId":"1","entityType":"district","prevHash":"' +
          GENESIS_HASH +
          '","seq":1}',
      )
      .digest('hex');
    expect(entryHash(fields, GENESIS_HASH)).toBe(expected);
  });
  it('changes when any covered field changes', () => {
    const [row] = chain(1);
    for (const key of ['seq', 'at', 'actor', 'action', 'entityType', 'entityId', 'before', 'after'] as const) {
      const edited = { ...row, [key]: key === 'seq' ? 2 : 'x' };
      expect(entryHash(edited, row.prevHash)).not.toBe(row.hash);
    }
    expect(entryHash(row, 'f'.repeat(64))).not.toBe(row.hash);
  });
});

describe('verifyChain', () => {
  it('accepts an empty chain and an intact one, reporting the head', () => {
    expect(verifyChain([])).toEqual({ intact: true, count: 0, head: null });
    const rows = chain(5);
    expect(verifyChain(rows)).toEqual({ intact: true, count: 5, head: { seq: 5, hash: rows[4].hash } });
    expect(rows[0].prevHash).toBe(GENESIS_HASH);
    expect(rows[3].prevHash).toBe(rows[2].hash);
  });

  it('names an entry edited in place', () => {
    const rows = chain(6);
    rows[2] = { ...rows[2], after: '{"name":"李四"}' };
    expect(verifyChain(rows)).toMatchObject({ intact: false, seq: 3, problem: 'edited', checked: 2 });
  });

  it('names an entry edited together with its own hash (caught by the next link)', () => {
    const rows = chain(6);
    rows[2] = rehash({ ...rows[2], actor: 'someone-else' });
    expect(verifyChain(rows)).toMatchObject({ intact: false, seq: 3, problem: 'edited' });
  });

  it('names a removed entry, and a removed run of entries', () => {
    const rows = chain(6);
    expect(verifyChain(rows.filter((r) => r.seq !== 4))).toMatchObject({
      intact: false,
      seq: 4,
      problem: 'removed',
      message: expect.stringContaining('entry 4 is missing'),
    });
    expect(verifyChain(rows.filter((r) => r.seq !== 2 && r.seq !== 3))).toMatchObject({
      intact: false,
      seq: 2,
      problem: 'removed',
      message: expect.stringContaining('entries 2 to 3'),
    });
  });

  it('names a removed first entry', () => {
    expect(verifyChain(chain(3).slice(1))).toMatchObject({ intact: false, seq: 1, problem: 'removed' });
  });

  it('reports the FIRST problem when there are several', () => {
    const rows = chain(8);
    rows[5] = { ...rows[5], action: 'x' };
    rows[1] = { ...rows[1], action: 'x' };
    expect(verifyChain(rows)).toMatchObject({ seq: 2, problem: 'edited' });
  });

  it('detects a renumbered chain after a removal', () => {
    const rows = chain(5).filter((r) => r.seq !== 3);
    const renumbered = rows.map((r, i) => ({ ...r, seq: i + 1 }));
    expect(verifyChain(renumbered)).toMatchObject({ intact: false, seq: 3, problem: 'edited' });
  });

  it('walks a chain in batches with ChainVerifier', () => {
    const rows = chain(10);
    const first = new ChainVerifier();
    rows.slice(0, 4).forEach((r) => expect(first.push(r)).toBeNull());
    const head = first.result();
    expect(head).toMatchObject({ intact: true, count: 4 });
    const second = verifyChain(rows.slice(4), (head as { head: { seq: number; hash: string } }).head);
    expect(second).toMatchObject({ intact: true, count: 6, head: { seq: 10 } });
  });
});
