// seedrandom is wrapped (behaviour unchanged) so that the tests can see every seed it is given.
jest.mock('seedrandom', () => {
  const actual = jest.requireActual('seedrandom');
  return jest.fn((...args: unknown[]) => actual(...args));
});

import { createHash } from 'crypto';
import seedrandom = require('seedrandom');
import {
  below,
  canonicalEntropy,
  CODE_RE,
  DRAW_PROTOCOL,
  DrawInput,
  DrawInputError,
  DrawRecord,
  masterSeed,
  parsePoolSnapshot,
  poolSnapshot,
  rngFor,
  runDraw,
  sha256Hex,
  shuffle,
  unitSeed,
  validateDrawInput,
  verifyDraw,
} from './draw';

const seedrandomMock = seedrandom as unknown as jest.Mock;
const sha = (s: string) => createHash('sha256').update(Buffer.from(s, 'utf8')).digest('hex');
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** The fixed input of the pinned draw. Codes chosen so that byte order ≠ locale order. */
const FIXTURE: DrawInput = {
  contestCode: 'C2024-city',
  roundCode: 'semifinal',
  entropy: ['  2024-12-10 lottery 03 11 19 24 30 + 07 ', 'drand 4567890 9f1c0de2'],
  announcedAt: '2024-12-09T09:00:00+08:00',
  entropySources: [{ name: 'welfare lottery 2024143', description: 'draw of 2024-12-10' }, { name: 'drand mainnet round 4567890' }],
  units: [
    { code: 'S01', drawn: 3, pool: ['E10', 'e-1', 'E2', 'e_3', 'E01', 'Z9', 'a7'] },
    { code: 'S-02', drawn: 2, pool: ['F3', 'F1', 'F2', 'F4'] },
    { code: 'S03', drawn: 2, pool: ['G1'] },
    { code: 'S04', drawn: 0, pool: ['H1', 'H2'] },
  ],
};

const PINNED = {
  pool:
    'S-02,F1\nS-02,F2\nS-02,F3\nS-02,F4\n' +
    'S01,E01\nS01,E10\nS01,E2\nS01,Z9\nS01,a7\nS01,e-1\nS01,e_3\n' +
    'S03,G1\nS04,H1\nS04,H2\n',
  poolHash: 'ae7019dd917a9bf575645855740dc22cf24763e31a197b9673d5e8b3ce0151b9',
  entropyString: '2024-12-10 lottery 03 11 19 24 30 + 07/drand 4567890 9f1c0de2/',
  master: '58e52ef4e705492a47e92afebe9a0440441392368c70fd3157ccf4d8cde52070',
  units: [
    { code: 'S01', seed: 'c4b15a4a504f59ff71466ff4997f30fc312fb8c65fed981922b062859ba50c49', n: 7, d: 3, drawn: ['E2', 'a7', 'E01'], reserve: ['E10', 'Z9', 'e_3', 'e-1'], shortfall: 0 },
    { code: 'S-02', seed: 'a9d6e9e79cda845489c1f969c76ec7998ea1bbd2fd1245500c9b15840943167e', n: 4, d: 2, drawn: ['F1', 'F3'], reserve: ['F4', 'F2'], shortfall: 0 },
    { code: 'S03', seed: '546c3ff6ae7d7e19c3539f641aa7df391b3168e487f1e640503b8e0e2db04b91', n: 1, d: 2, drawn: ['G1'], reserve: [], shortfall: 1 },
    { code: 'S04', seed: 'c3984339e41905083ffc5f70287681c7c625e5be0cf1b05eeb5bbb617e540d86', n: 2, d: 0, drawn: [], reserve: ['H2', 'H1'], shortfall: 0 },
  ],
};

const SEED_A = sha('a');

describe('known answers of seedrandom 3.0.5 (RULES §4)', () => {
  it("seedrandom('hello.').int32() >>> 0", () => {
    const rng = seedrandom('hello.');
    expect([1, 2, 3, 4, 5].map(() => rng.int32() >>> 0)).toEqual([3986837235, 202575200, 282549050, 3364404048, 2334487860]);
  });

  it("below(10) on a fresh seedrandom('hello.')", () => {
    const rng = seedrandom('hello.');
    expect([1, 2, 3, 4, 5].map(() => below(rng, 10))).toEqual([5, 0, 0, 8, 0]);
  });

  it("rngFor still refuses 'hello.' (not a 64-char hex seed)", () => {
    expect(() => rngFor('hello.')).toThrow(TypeError);
  });
});

describe('below', () => {
  const fake = (values: number[]) => {
    let k = 0;
    return { int32: jest.fn(() => values[k++]), get used() { return k; } };
  };

  it('rejects x ≥ 2^32 − (2^32 mod m) and draws again', () => {
    // 2^32 mod 3 = 1 → limit 2^32 − 1: x = 2^32 − 1 (int32 −1) is rejected, then 5 → 5 mod 3 = 2
    const rng = fake([-1, 5]);
    expect(below(rng, 3)).toBe(2);
    expect(rng.used).toBe(2);
    // 2^32 − 2 (int32 −2) is just below the limit → accepted: (2^32 − 2) mod 3 = 2
    expect(below(fake([-2]), 3)).toBe(2);
  });

  it('never rejects when m divides 2^32, and below(1) is 0 after one draw', () => {
    const rng = fake([-1, 7]);
    expect(below(rng, 4)).toBe(3);
    expect(rng.used).toBe(1);
    const one = fake([123456]);
    expect(below(one, 1)).toBe(0);
    expect(one.used).toBe(1);
  });

  it('treats int32 as unsigned', () => {
    expect(below(fake([-2147483648]), 10)).toBe(2147483648 % 10);
    expect(below(fake([-1]), 2 ** 32)).toBe(2 ** 32 - 1);
    expect(below(fake([2 ** 31 - 1]), 2 ** 32)).toBe(2 ** 31 - 1);
  });

  it.each([0, -1, 1.5, Number.NaN, 2 ** 32 + 1, Infinity])('refuses m = %p', (m) => {
    expect(() => below(fake([1]), m)).toThrow(RangeError);
  });
});

describe('rngFor: only a 64-char lowercase hex seed reaches seedrandom', () => {
  beforeEach(() => seedrandomMock.mockClear());

  it.each([
    ['missing', undefined],
    ['null', null],
    ['a number', 42],
    ['an object', { seed: SEED_A }],
    ['empty', ''],
    ['upper-case hex', SEED_A.toUpperCase()],
    ['63 chars', SEED_A.slice(1)],
    ['65 chars', `${SEED_A}0`],
    ['non-hex', `${SEED_A.slice(1)}g`],
    ['padded', ` ${SEED_A.slice(1)}`],
  ])('refuses a seed that is %s', (_, seed) => {
    expect(() => rngFor(seed as unknown as string)).toThrow(TypeError);
    expect(seedrandomMock).not.toHaveBeenCalled();
  });

  it('accepts a sha256 hex seed and is deterministic', () => {
    const a = rngFor(SEED_A);
    const b = rngFor(SEED_A);
    expect(seedrandomMock).toHaveBeenCalledTimes(2);
    expect(seedrandomMock).toHaveBeenCalledWith(SEED_A);
    const xs = [1, 2, 3].map(() => a.int32());
    expect([1, 2, 3].map(() => b.int32())).toEqual(xs);
    // the same stream as seedrandom itself with that seed (ARC4, no options)
    const raw = jest.requireActual('seedrandom')(SEED_A);
    expect([1, 2, 3].map(() => raw.int32())).toEqual(xs);
  });
});

describe('poolSnapshot', () => {
  it('one LF-terminated line per candidate (the last too), sorted by byte value', () => {
    const text = poolSnapshot([
      { code: 'b', pool: ['x'] },
      { code: 'S01', pool: ['e2', 'E10', 'E2', '_1'] },
      { code: 'S-1', pool: ['A'] },
    ]);
    expect(text).toBe('S-1,A\nS01,E10\nS01,E2\nS01,_1\nS01,e2\nb,x\n');
    expect(text.endsWith('\n')).toBe(true);
    // locale collation would give a different order
    const lines = text.slice(0, -1).split('\n');
    expect([...lines].sort((p, q) => p.localeCompare(q, 'en'))).not.toEqual(lines);
  });

  it('an empty pool contributes no line; no candidates at all → empty text', () => {
    expect(poolSnapshot([{ code: 'S1', pool: [] }, { code: 'S2', pool: ['E1'] }])).toBe('S2,E1\n');
    expect(poolSnapshot([{ code: 'S1', pool: [] }])).toBe('');
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it.each([
    ['a space', [{ code: 'S 1', pool: ['E1'] }]],
    ['a comma', [{ code: 'S1', pool: ['E,1'] }]],
    ['non-ASCII', [{ code: 'S1', pool: ['É1'] }]],
    ['Chinese', [{ code: '一中', pool: ['E1'] }]],
    ['a full-width digit', [{ code: 'S1', pool: ['E１'] }]],
    ['an empty code', [{ code: 'S1', pool: [''] }]],
    ['a line break', [{ code: 'S1', pool: ['E1\n'] }]],
    ['a duplicate entrant in a pool', [{ code: 'S1', pool: ['E1', 'E1'] }]],
    ['an entrant in two pools', [{ code: 'S1', pool: ['E1'] }, { code: 'S2', pool: ['E1'] }]],
    ['a duplicate unit', [{ code: 'S1', pool: ['E1'] }, { code: 'S1', pool: ['E2'] }]],
  ])('refuses %s', (_, units) => {
    expect(() => poolSnapshot(units)).toThrow();
  });

  it('parses back exactly, and refuses text it could not have produced', () => {
    const parsed = parsePoolSnapshot(PINNED.pool);
    expect(parsed.ok && Object.fromEntries(parsed.units)).toEqual({
      'S-02': ['F1', 'F2', 'F3', 'F4'],
      S01: ['E01', 'E10', 'E2', 'Z9', 'a7', 'e-1', 'e_3'],
      S03: ['G1'],
      S04: ['H1', 'H2'],
    });
    expect(parsePoolSnapshot('')).toEqual({ ok: true, units: new Map() });
    for (const bad of ['S1,E1', 'S1,E1\r\n', 'S1,E2\nS1,E1\n', 'S1,E1\nS1,E1\n', 'S1,E1\nS2,E1\n', 'S1;E1\n', '\n', 'S1,E1\n\n', 'S1,E1,X\n']) {
      expect(parsePoolSnapshot(bad).ok).toBe(false);
    }
  });
});

describe('canonicalEntropy, masterSeed, unitSeed', () => {
  it('trims each value and terminates each with "/"', () => {
    expect(canonicalEntropy(['  12 34 ', '\tabc\n'])).toBe('12 34/abc/');
    expect(canonicalEntropy(['x'])).toBe('x/');
  });

  it('refuses an empty list, an empty value and a non-string', () => {
    expect(() => canonicalEntropy([])).toThrow(/at least one/);
    expect(() => canonicalEntropy(['a', '   '])).toThrow(/entropy\[1\] is empty/);
    expect(() => canonicalEntropy([''])).toThrow(/empty/);
    expect(() => canonicalEntropy([7 as unknown as string])).toThrow(TypeError);
    expect(() => canonicalEntropy(undefined as unknown as string[])).toThrow();
  });

  it('master and unit seeds are the specified sha256 strings', () => {
    const poolHash = sha('S1,E1\n');
    expect(masterSeed('C1', 'final', poolHash, 'x/')).toBe(sha(`contest-draw/1|C1|final|${poolHash}|x/`));
    expect(unitSeed(SEED_A, 'S1')).toBe(sha(`${SEED_A}|S1`));
    expect(sha256Hex('中文')).toBe(createHash('sha256').update(Buffer.from([0xe4, 0xb8, 0xad, 0xe6, 0x96, 0x87])).digest('hex'));
  });

  it('refuses malformed parts', () => {
    const h = sha('');
    expect(() => masterSeed('C 1', 'final', h, 'x/')).toThrow();
    expect(() => masterSeed('C1', 'fi|nal', h, 'x/')).toThrow();
    expect(() => masterSeed('C1', 'final', h.toUpperCase(), 'x/')).toThrow();
    expect(() => masterSeed('C1', 'final', h, '')).toThrow();
    expect(() => unitSeed('nothex', 'S1')).toThrow();
    expect(() => unitSeed(h, 'S|1')).toThrow();
  });
});

describe('shuffle', () => {
  it('is Fisher-Yates from the front with below(n − i)', () => {
    const items = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
    const rng = jest.requireActual('seedrandom')(SEED_A);
    const expected = [...items];
    for (let i = 0; i < expected.length - 1; i++) {
      const m = expected.length - i;
      let x: number;
      do x = rng.int32() >>> 0;
      while (x >= 2 ** 32 - (2 ** 32 % m));
      const j = i + (x % m);
      [expected[i], expected[j]] = [expected[j], expected[i]];
    }
    expect(shuffle(items, SEED_A)).toEqual(expected);
    expect(items).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']); // input untouched
  });

  it('handles 0 and 1 candidates', () => {
    expect(shuffle([], SEED_A)).toEqual([]);
    expect(shuffle(['A'], SEED_A)).toEqual(['A']);
  });

  it('refuses candidates that are not sorted by byte value, or repeated', () => {
    expect(() => shuffle(['b', 'a'], SEED_A)).toThrow(/sorted/);
    expect(() => shuffle(['a', 'B'], SEED_A)).toThrow(/sorted/); // 'B' < 'a' in bytes
    expect(() => shuffle(['a', 'a'], SEED_A)).toThrow(/sorted/);
    expect(() => shuffle(['A', 'B'], 'hello.')).toThrow(TypeError);
  });

  it('gives all 6 orders of 3 candidates about equally often over 6000 fixed seeds', () => {
    const counts = new Map<string, number>();
    for (let k = 0; k < 6000; k++) {
      const key = shuffle(['A', 'B', 'C'], sha(`seed ${k}`)).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const c of counts.values()) {
      expect(c).toBeGreaterThan(850);
      expect(c).toBeLessThan(1150);
    }
  });
});

describe('runDraw: the pinned draw', () => {
  const record = runDraw(FIXTURE);

  it('gives exactly the pinned pool, hash, master, seeds and orders', () => {
    expect(record).toEqual({
      protocol: 'contest-draw/1',
      contestCode: 'C2024-city',
      roundCode: 'semifinal',
      announcedAt: '2024-12-09T09:00:00+08:00',
      poolHash: PINNED.poolHash,
      pool: PINNED.pool,
      entropySources: FIXTURE.entropySources,
      entropy: FIXTURE.entropy,
      entropyString: PINNED.entropyString,
      master: PINNED.master,
      units: PINNED.units,
    });
  });

  it('re-derives every step independently with node crypto and raw seedrandom', () => {
    // 1. Freeze: lines sorted by byte value, every line LF-terminated.
    const lines: Buffer[] = [];
    for (const u of FIXTURE.units) for (const e of u.pool) lines.push(Buffer.from(`${u.code},${e}\n`, 'ascii'));
    lines.sort(Buffer.compare);
    const poolText = Buffer.concat(lines).toString('ascii');
    expect(poolText).toBe(PINNED.pool);
    const poolHash = createHash('sha256').update(Buffer.concat(lines)).digest('hex');
    expect(poolHash).toBe(PINNED.poolHash);
    // 3. Entropy: trimmed, each followed by '/'.
    const entropy = FIXTURE.entropy.map((v) => `${v.trim()}/`).join('');
    expect(entropy).toBe(PINNED.entropyString);
    // 4. Seeds.
    const master = createHash('sha256').update(`contest-draw/1|C2024-city|semifinal|${poolHash}|${entropy}`).digest('hex');
    expect(master).toBe(PINNED.master);
    const realSeedrandom = jest.requireActual('seedrandom');
    FIXTURE.units.forEach((u, i) => {
      const seed = createHash('sha256').update(`${master}|${u.code}`).digest('hex');
      expect(seed).toBe(PINNED.units[i].seed);
      // 5. Shuffle the byte-sorted candidates.
      const order = u.pool.map((e) => Buffer.from(e)).sort(Buffer.compare).map((b) => b.toString());
      const rng = realSeedrandom(seed);
      for (let k = 0; k + 1 < order.length; k++) {
        const m = order.length - k;
        let x = rng.int32() >>> 0;
        while (x >= 4294967296 - (4294967296 % m)) x = rng.int32() >>> 0;
        const j = k + (x % m);
        [order[k], order[j]] = [order[j], order[k]];
      }
      const take = Math.min(u.drawn, order.length);
      expect(PINNED.units[i].drawn).toEqual(order.slice(0, take));
      expect(PINNED.units[i].reserve).toEqual(order.slice(take));
      expect(PINNED.units[i].shortfall).toBe(u.drawn - take);
    });
  });

  it('verifies as MATCH, also after a JSON round trip', () => {
    expect(verifyDraw(record)).toEqual({ match: true });
    expect(verifyDraw(JSON.parse(JSON.stringify(record)))).toEqual({ match: true });
  });
});

describe('runDraw: behaviour', () => {
  it('never touches Math.random and gives seedrandom only hex seeds', () => {
    const spy = jest.spyOn(Math, 'random');
    seedrandomMock.mockClear();
    try {
      runDraw(FIXTURE);
      verifyDraw(runDraw(FIXTURE));
      expect(spy).not.toHaveBeenCalled();
      expect(seedrandomMock.mock.calls.length).toBeGreaterThan(0);
      for (const args of seedrandomMock.mock.calls) {
        expect(args).toHaveLength(1);
        expect(args[0]).toMatch(/^[0-9a-f]{64}$/);
      }
    } finally {
      spy.mockRestore();
    }
  });

  it('is reproducible and does not depend on the order of a pool', () => {
    const again = clone(FIXTURE);
    again.units[0].pool.reverse();
    again.units[1].pool.sort();
    expect(runDraw(again)).toEqual(runDraw(FIXTURE));
  });

  it('changes with the entropy, the round and the contest, but not with surrounding blanks', () => {
    const base = runDraw(FIXTURE).master;
    expect(runDraw({ ...FIXTURE, entropy: [...FIXTURE.entropy.map((e) => `  ${e}\t`)] }).master).toBe(base);
    expect(runDraw({ ...FIXTURE, entropy: [FIXTURE.entropy[0], 'drand 4567890 9f1c0de3'] }).master).not.toBe(base);
    expect(runDraw({ ...FIXTURE, roundCode: 'final' }).master).not.toBe(base);
    expect(runDraw({ ...FIXTURE, contestCode: 'C2025' }).master).not.toBe(base);
  });

  it('a pool smaller than d: everyone drawn, the shortfall reported, not filled', () => {
    const r = runDraw({ contestCode: 'C', roundCode: 'R', entropy: ['1'], units: [{ code: 'S1', drawn: 3, pool: ['E2', 'E1'] }, { code: 'S2', drawn: 2, pool: [] }] });
    expect(r.units[0]).toMatchObject({ n: 2, d: 3, reserve: [], shortfall: 1 });
    expect([...r.units[0].drawn].sort()).toEqual(['E1', 'E2']);
    expect(r.units[1]).toMatchObject({ n: 0, d: 2, drawn: [], reserve: [], shortfall: 2 });
    expect(r.pool).toBe('S1,E1\nS1,E2\n');
    expect(r.announcedAt).toBeNull();
    expect(r.entropySources).toEqual([]);
    expect(verifyDraw(r)).toEqual({ match: true });
  });

  it('the record shares no array with the input', () => {
    const input = clone(FIXTURE);
    const r = runDraw(input);
    input.entropy[1] = 'changed';
    input.entropySources![0].name = 'changed';
    expect(r.entropy[1]).toBe('drand 4567890 9f1c0de2');
    expect(r.entropySources[0].name).toBe('welfare lottery 2024143');
  });

  it('refuses bad input with a DrawInputError naming the field', () => {
    expect(() => runDraw({ ...FIXTURE, entropy: [] })).toThrow(DrawInputError);
    try {
      runDraw({ ...FIXTURE, units: [{ code: 'S1', drawn: 1, pool: ['E1', 'E1'] }] });
      throw new Error('not refused');
    } catch (e) {
      expect(e).toBeInstanceOf(DrawInputError);
      expect((e as DrawInputError).field).toBe('units[0].pool[1]');
    }
  });

  it('exports the protocol id and the code alphabet', () => {
    expect(DRAW_PROTOCOL).toBe('contest-draw/1');
    expect(CODE_RE.test('S-01_a')).toBe(true);
    expect(CODE_RE.test('S 01')).toBe(false);
  });
});

describe('validateDrawInput', () => {
  const good = { contestCode: 'C1', roundCode: 'semifinal', entropy: ['123'], units: [{ code: 'S1', drawn: 1, pool: ['E1', 'E2'] }] };

  it('accepts a minimal input and returns a copy with the known keys only', () => {
    const v = validateDrawInput({ ...good, note: 'ignored' });
    expect(v).toEqual({ ok: true, value: good });
    const full = validateDrawInput(FIXTURE);
    expect(full).toEqual({ ok: true, value: FIXTURE });
  });

  it.each([
    ['not an object', null, '$'],
    ['an array', [], '$'],
    ['missing contestCode', { ...good, contestCode: undefined }, 'contestCode'],
    ['bad contestCode', { ...good, contestCode: 'C|1' }, 'contestCode'],
    ['bad roundCode', { ...good, roundCode: 'semi final' }, 'roundCode'],
    ['missing entropy', { ...good, entropy: undefined }, 'entropy'],
    ['empty entropy', { ...good, entropy: [] }, 'entropy'],
    ['an empty entropy value', { ...good, entropy: ['1', ''] }, 'entropy[1]'],
    ['a blank entropy value', { ...good, entropy: ['  '] }, 'entropy[0]'],
    ['a numeric entropy value', { ...good, entropy: [7] }, 'entropy[0]'],
    ['no units', { ...good, units: [] }, 'units'],
    ['units not a list', { ...good, units: 'S1' }, 'units'],
    ['a unit not an object', { ...good, units: [1] }, 'units[0]'],
    ['a bad unit code', { ...good, units: [{ code: 'S1,', drawn: 1, pool: [] }] }, 'units[0].code'],
    ['a non-ASCII unit code', { ...good, units: [{ code: 'Ｓ1', drawn: 1, pool: [] }] }, 'units[0].code'],
    ['a duplicate unit code', { ...good, units: [{ code: 'S1', drawn: 1, pool: [] }, { code: 'S1', drawn: 1, pool: [] }] }, 'units[1].code'],
    ['a negative d', { ...good, units: [{ code: 'S1', drawn: -1, pool: [] }] }, 'units[0].drawn'],
    ['a fractional d', { ...good, units: [{ code: 'S1', drawn: 1.5, pool: [] }] }, 'units[0].drawn'],
    ['a textual d', { ...good, units: [{ code: 'S1', drawn: '1', pool: [] }] }, 'units[0].drawn'],
    ['no pool', { ...good, units: [{ code: 'S1', drawn: 1 }] }, 'units[0].pool'],
    ['a bad entrant code', { ...good, units: [{ code: 'S1', drawn: 1, pool: ['E1', 'é2'] }] }, 'units[0].pool[1]'],
    ['a numeric entrant code', { ...good, units: [{ code: 'S1', drawn: 1, pool: [1] }] }, 'units[0].pool[0]'],
    ['a duplicate entrant', { ...good, units: [{ code: 'S1', drawn: 1, pool: ['E1', 'E1'] }] }, 'units[0].pool[1]'],
    ['an entrant in two pools', { ...good, units: [{ code: 'S1', drawn: 1, pool: ['E1'] }, { code: 'S2', drawn: 1, pool: ['E1'] }] }, 'units[1].pool[0]'],
    ['a date without time', { ...good, announcedAt: '2024-12-09' }, 'announcedAt'],
    ['a time without offset', { ...good, announcedAt: '2024-12-09T09:00:00' }, 'announcedAt'],
    ['sources not matching the values', { ...good, entropySources: [{ name: 'a' }, { name: 'b' }] }, 'entropySources'],
    ['a source without name', { ...good, entropySources: [{ description: 'x' }] }, 'entropySources[0].name'],
    ['a source with a numeric description', { ...good, entropySources: [{ name: 'a', description: 1 }] }, 'entropySources[0].description'],
  ])('refuses %s', (_, input, field) => {
    const v = validateDrawInput(input);
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.field).toBe(field);
      expect(v.message.length).toBeGreaterThan(0);
    }
  });
});

describe('verifyDraw', () => {
  const record: DrawRecord = runDraw(FIXTURE);

  it('reports the first difference in the documented words', () => {
    const swapped = clone(record);
    swapped.units[0].drawn = ['a7', 'E2', 'E01'];
    expect(verifyDraw(swapped)).toEqual({ match: false, difference: 'units[0].drawn[0]: record has a7, recomputed E2' });

    const hash = clone(record);
    hash.poolHash = `0${record.poolHash.slice(1)}`;
    expect(verifyDraw(hash)).toEqual({ match: false, difference: `poolHash: record has ${hash.poolHash}, recomputed ${record.poolHash}` });

    const reserve = clone(record);
    reserve.units[1].reserve.pop();
    expect(verifyDraw(reserve)).toEqual({ match: false, difference: 'units[1].reserve[1]: record has (nothing), recomputed F2' });

    const n = clone(record);
    n.units[2].n = 2;
    expect(verifyDraw(n)).toEqual({ match: false, difference: 'units[2].n: record has 2, recomputed 1' });

    const proto = clone(record) as unknown as Record<string, unknown>;
    proto.protocol = 'contest-draw/2';
    expect(verifyDraw(proto)).toEqual({ match: false, difference: 'protocol: record has contest-draw/2, recomputed contest-draw/1' });

    const entropy = clone(record);
    entropy.entropy[1] = 'drand 4567890 9f1c0de3';
    expect(verifyDraw(entropy)).toMatchObject({ match: false, difference: expect.stringMatching(/^entropyString: /) });

    const missing = clone(record);
    missing.units.pop();
    expect(verifyDraw(missing)).toEqual({ match: false, difference: 'units: unit S04 of the pool snapshot is missing' });

    const d = clone(record);
    d.units[0].d = 4;
    expect(verifyDraw(d)).toEqual({ match: false, difference: 'units[0].drawn[3]: record has (nothing), recomputed E10' });
  });

  it('a consistently altered pool is caught by the hash, a hash altered with it by the master', () => {
    const altered = clone(record);
    altered.pool = altered.pool.replace('S01,Z9\n', 'S01,Z8\n');
    expect(verifyDraw(altered)).toMatchObject({ match: false, difference: expect.stringMatching(/^poolHash: /) });
    altered.poolHash = sha(altered.pool);
    expect(verifyDraw(altered)).toMatchObject({ match: false, difference: expect.stringMatching(/^master: /) });
  });

  it.each([null, undefined, 42, 'MATCH', [], {}, { protocol: 'contest-draw/1' }])('says no (without throwing) to %p', (junk) => {
    const v = verifyDraw(junk);
    expect(v.match).toBe(false);
  });

  /** Every way of changing one thing in the record; announcedAt and the sources' wording are not bound by the protocol. */
  function* mutations(value: unknown, path: string): Generator<[string, unknown]> {
    if (typeof value === 'string') {
      for (let k = 0; k < value.length; k++) {
        const c = value[k] === '0' ? '1' : '0';
        yield [`${path}@${k}`, value.slice(0, k) + c + value.slice(k + 1)];
      }
      yield [`${path}+`, `${value}0`];
      if (value.length > 0) yield [`${path}-`, value.slice(0, -1)];
    } else if (typeof value === 'number') {
      yield [`${path}+1`, value + 1];
      yield [`${path}-1`, value - 1];
      yield [`${path}:str`, String(value)];
    } else if (Array.isArray(value)) {
      for (let k = 0; k < value.length; k++) {
        for (const [p, v] of mutations(value[k], `${path}[${k}]`)) yield [p, value.map((x, i) => (i === k ? v : x))];
        yield [`${path}[${k}]:del`, value.filter((_, i) => i !== k)];
        if (k > 0 && JSON.stringify(value[k]) !== JSON.stringify(value[k - 1])) {
          const sw = [...value];
          [sw[k - 1], sw[k]] = [sw[k], sw[k - 1]];
          yield [`${path}[${k - 1}<>${k}]`, sw];
        }
      }
      yield [`${path}:add`, [...value, typeof value[0] === 'object' ? clone(value[0]) : 'X9']];
    } else if (value !== null && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        const p = path ? `${path}.${key}` : key;
        if (p === 'announcedAt' || p === 'entropySources') continue;
        for (const [pp, vv] of mutations(v, p)) yield [pp, { ...value, [key]: vv }];
        yield [`${p}:del`, Object.fromEntries(Object.entries(value).filter(([k2]) => k2 !== key))];
      }
    }
  }

  it('finds a difference for every single change of the bound content', () => {
    const original = JSON.stringify(record);
    let count = 0;
    const undetected: string[] = [];
    const blankOnly: string[] = []; // equivalent records, not changes
    for (const [where, mutated] of mutations(clone(record), '')) {
      expect(JSON.stringify(mutated)).not.toBe(original);
      const v = verifyDraw(mutated);
      // The protocol trims each entropy value: a change of surrounding blanks only is not a change of the draw.
      const m = mutated as DrawRecord;
      if (where.startsWith('entropy[') && Array.isArray(m.entropy) && m.entropy.length === 2 && m.entropy.every((e) => typeof e === 'string' && e.trim() !== '') && canonicalEntropy(m.entropy) === record.entropyString) {
        expect(v).toEqual({ match: true });
        blankOnly.push(where);
        continue;
      }
      // Units are identified by code, so their order in the record is not bound (each result is unchanged).
      if (/^units\[\d+<>\d+\]$/.test(where)) {
        expect(v).toEqual({ match: true });
        blankOnly.push(where);
        continue;
      }
      if (v.match) undetected.push(where);
      count++;
    }
    expect(undetected).toEqual([]);
    // dropping the trailing blank of '  2024-12-10 … 07 ', and swapping two neighbouring units
    expect(blankOnly).toEqual(['entropy[0]-', 'units[0<>1]', 'units[1<>2]', 'units[2<>3]']);
    expect(count).toBeGreaterThan(800);
    expect(JSON.stringify(record)).toBe(original);
  });

  it('announcedAt and the sources are checked for shape only', () => {
    const other = clone(record);
    other.announcedAt = '2024-12-09T10:00:00+08:00';
    other.entropySources[0].description = 'another wording';
    expect(verifyDraw(other)).toEqual({ match: true });
    other.announcedAt = 'yesterday';
    expect(verifyDraw(other)).toMatchObject({ match: false, difference: expect.stringMatching(/^announcedAt: /) });
    const sources = clone(record);
    sources.entropySources = [{ name: 'only one' }];
    expect(verifyDraw(sources)).toMatchObject({ match: false, difference: expect.stringMatching(/^entropySources: /) });
  });
});
