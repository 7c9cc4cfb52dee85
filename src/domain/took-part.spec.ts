import Database from 'better-sqlite3';
import { nextReserve, placeOf, resultJoinSql, tookPart, tookPartJoinSql, tookPartSql } from './took-part';

describe('took part', () => {
  it.each([
    [null, false],
    [undefined, false],
    ['80.98', true],
    [0, true],
    ['', true],
  ])('result %j → %s', (result, expected) => {
    expect(tookPart(result)).toBe(expected);
  });

  it('the SQL join and condition find exactly the entrants the predicate accepts', () => {
    const db = new Database(':memory:');
    db.exec(`CREATE TABLE round_entrants (id INTEGER PRIMARY KEY, code TEXT);
             CREATE TABLE round_results (id INTEGER PRIMARY KEY, entrant_id INTEGER UNIQUE, total TEXT NOT NULL);`);
    for (let id = 1; id <= 12; id++) db.prepare('INSERT INTO round_entrants VALUES (?, ?)').run(id, `T${id}`);
    for (const id of [2, 3, 5, 8, 12]) db.prepare('INSERT INTO round_results (entrant_id, total) VALUES (?, ?)').run(id, String(60 + id));
    const rows = db.prepare(`SELECT e.id, r.total FROM round_entrants e ${resultJoinSql('e', 'r')} ORDER BY e.id`).all() as { id: number; total: string | null }[];
    const bySql = (db.prepare(`SELECT e.id FROM round_entrants e ${resultJoinSql('e', 'r')} WHERE ${tookPartSql('r')} ORDER BY e.id`).all() as { id: number }[]).map((r) => r.id);
    expect(bySql).toEqual(rows.filter((r) => tookPart(r.total)).map((r) => r.id));
    expect(bySql).toEqual([2, 3, 5, 8, 12]);
    const byJoin = (db.prepare(`SELECT e.id FROM round_entrants e ${tookPartJoinSql('e', 'r')} ORDER BY e.id`).all() as { id: number }[]).map((r) => r.id);
    expect(byJoin).toEqual(bySql);
    db.close();
  });
});

describe('freed places', () => {
  it.each([
    ['recommended', 'recommended'],
    ['re-recommended', 'recommended'],
    ['drawn', 'drawn'],
    ['reserve', 'drawn'],
    ['all-staff', 'drawn'],
  ] as const)('an entrant who came in as %s frees a %s place', (source, place) => {
    expect(placeOf(source)).toBe(place);
  });

  it.each([
    [['T1', 'T2', 'T3'], [], 'T1'],
    [['T1', 'T2', 'T3'], ['T1'], 'T2'],
    [['T1', 'T2', 'T3'], ['T2', 'T1'], 'T3'],
    [['T1', 'T2'], ['T1', 'T2'], undefined],
    [[], [], undefined],
  ])('reserves %j, already on the list %j → %s', (reserve, used, expected) => {
    expect(nextReserve(reserve, new Set(used))).toBe(expected);
  });
});
