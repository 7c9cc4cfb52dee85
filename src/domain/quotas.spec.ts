import seedrandom = require('seedrandom');
import {
  allocate,
  compareBytes,
  largestRemainder,
  QuotaUnitInput,
  roundHalfUpDiv,
  splitPlaces,
  validateAllocationInput,
} from './quotas';

/** Independent integer helpers for the property tests (no code shared with the module). */
const floorDiv100 = (p: number) => (p - (p % 100)) / 100;
const halfUp100 = (p: number) => floorDiv100(p + 50);

describe('roundHalfUpDiv', () => {
  it.each([
    [690, 100, 7],
    [650, 100, 7],
    [649, 100, 6],
    [600, 100, 6],
    [0, 7, 0],
    [5, 10, 1],
    [4, 10, 0],
    [1, 3, 0],
    [2, 3, 1],
    [-650, 100, -7],
    [-649, 100, -6],
    [5, -10, -1],
    [-5, -10, 1],
  ])('%d / %d → %d', (n, d, want) => {
    expect(roundHalfUpDiv(n, d)).toBe(want);
    expect(roundHalfUpDiv(BigInt(n), BigInt(d))).toBe(want);
  });

  it('is exact where floating point is not', () => {
    // 1.005 × 100 is 100.49999999999999 in floating point; in integers 1005/1000 → 1 (hundredths: 100.5 → 101)
    expect(Math.round(1.005 * 100)).toBe(100);
    expect(roundHalfUpDiv(1005, 10)).toBe(101);
    // large but safe operands
    expect(roundHalfUpDiv(9_007_199_254_740_991n * 100n, 100n)).toBe(9_007_199_254_740_991);
  });

  it('refuses division by zero, non-integers and results that cannot be held exactly', () => {
    expect(() => roundHalfUpDiv(1, 0)).toThrow(/division by zero/);
    expect(() => roundHalfUpDiv(1.5, 2)).toThrow(TypeError);
    expect(() => roundHalfUpDiv(1, Number.NaN)).toThrow(TypeError);
    expect(() => roundHalfUpDiv(2 ** 60, 1)).toThrow(TypeError);
    expect(() => roundHalfUpDiv(10n ** 20n, 3n)).toThrow(RangeError);
  });
});

describe('compareBytes', () => {
  it('orders by byte value, not by locale', () => {
    const codes = ['b', 'B', 'a', '_x', 'A', '-1', '01', 'Z'];
    expect([...codes].sort(compareBytes)).toEqual(['-1', '01', 'A', 'B', 'Z', '_x', 'a', 'b']);
    // locale collation would put lowercase next to uppercase
    expect([...codes].sort((x, y) => x.localeCompare(y, 'en'))).not.toEqual([...codes].sort(compareBytes));
  });

  it('agrees with the UTF-8 byte comparison on random ASCII and non-ASCII strings', () => {
    const rng = seedrandom('compare-bytes-v1');
    const alphabet = ['A', 'a', 'Z', '0', '9', '_', '-', 'T', 'é', '中', '\u{1F600}', '\uFFFD', '\u007F', '\u0080'];
    const word = () => Array.from({ length: Math.floor(rng() * 5) }, () => alphabet[Math.floor(rng() * alphabet.length)]).join('');
    const sign = (x: number) => (x > 0 ? 1 : x < 0 ? -1 : 0);
    for (let i = 0; i < 5000; i++) {
      const a = word();
      const b = rng() < 0.2 ? a : word();
      expect([a, b, sign(compareBytes(a, b))]).toEqual([a, b, sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')))]);
    }
  });
});

describe('splitPlaces', () => {
  it('with 60% equals floor((6q + 5) / 10) for q = 0 … 2000', () => {
    for (let q = 0; q <= 2000; q++) {
      const s = splitPlaces(q, 60);
      expect(s.recommended).toBe(Math.floor((6 * q + 5) / 10));
      expect(s.recommended + s.drawn).toBe(q);
    }
  });

  it.each([
    [0, 60, 0, 0],
    [1, 60, 1, 0],
    [2, 60, 1, 1],
    [3, 60, 2, 1],
    [4, 60, 2, 2],
    [5, 60, 3, 2],
    [7, 60, 4, 3],
    [12, 60, 7, 5],
    [5, 0, 0, 5],
    [5, 100, 5, 0],
    [5, 50, 3, 2],
    [3, 50, 2, 1],
  ])('q=%d at %d%% → %d recommended, %d drawn', (q, share, r, d) => {
    expect(splitPlaces(q, share)).toEqual({ recommended: r, drawn: d });
  });

  it('refuses bad arguments', () => {
    expect(() => splitPlaces(-1, 60)).toThrow(RangeError);
    expect(() => splitPlaces(1.5, 60)).toThrow(RangeError);
    expect(() => splitPlaces(3, 101)).toThrow(RangeError);
    expect(() => splitPlaces(3, 59.5)).toThrow(RangeError);
  });
});

describe('allocate: the worked example of RULES §4', () => {
  const units = [
    { code: 'S01', entrants: 23 },
    { code: 'S02', entrants: 17 },
    { code: 'S03', entrants: 12 },
    { code: 'S04', entrants: 8 },
    { code: 'S05', entrants: 40 },
  ];
  const report = allocate({ rate: 30, recommendedShare: 60, units });

  it('gives T = 30, places 7, 5, 4, 2, 12 and 4/3, 3/2, 2/2, 1/1, 7/5', () => {
    expect(report.total).toBe(30);
    expect(report.entrants).toBe(100);
    expect(report.units.map((u) => u.places)).toEqual([7, 5, 4, 2, 12]);
    expect(report.units.map((u) => [u.recommended, u.drawn])).toEqual([
      [4, 3],
      [3, 2],
      [2, 2],
      [1, 1],
      [7, 5],
    ]);
  });

  it('shows every figure needed to check it by hand', () => {
    expect(report.units).toEqual([
      { code: 'S01', entrants: 23, share: '6.90', floor: 6, remainder: '0.90', tieOrder: 1, extra: 1, places: 7, recommended: 4, drawn: 3 },
      { code: 'S02', entrants: 17, share: '5.10', floor: 5, remainder: '0.10', tieOrder: 4, extra: 0, places: 5, recommended: 3, drawn: 2 },
      { code: 'S03', entrants: 12, share: '3.60', floor: 3, remainder: '0.60', tieOrder: 2, extra: 1, places: 4, recommended: 2, drawn: 2 },
      { code: 'S04', entrants: 8, share: '2.40', floor: 2, remainder: '0.40', tieOrder: 3, extra: 0, places: 2, recommended: 1, drawn: 1 },
      { code: 'S05', entrants: 40, share: '12.00', floor: 12, remainder: '0.00', tieOrder: 5, extra: 0, places: 12, recommended: 7, drawn: 5 },
    ]);
    // per unit 60/40 does not add up to 60% overall: 17 of 30 = 56.67%
    expect(report.recommended).toBe(17);
    expect(report.drawn).toBe(13);
    expect(report.recommendedPercent).toBe('56.67');
    expect(report.rate).toBe(30);
    expect(report.recommendedShare).toBe(60);
  });

  it('does not depend on the order of the input (output stays in input order)', () => {
    const reversed = allocate({ rate: 30, recommendedShare: 60, units: [...units].reverse() });
    expect(reversed.units.map((u) => u.code)).toEqual(['S05', 'S04', 'S03', 'S02', 'S01']);
    expect([...reversed.units].reverse()).toEqual(report.units);
  });
});

describe('allocate: ties and edge cases', () => {
  it('breaks equal remainders by larger n, then smaller code by byte value', () => {
    // 50%: remainders all 0.50; N = 5 → T = round(2.5) = 3; floors 0 + 0 + 1 = 1 → 2 leftover
    const r = allocate({ rate: 50, recommendedShare: 60, units: [{ code: 'b', entrants: 1 }, { code: 'B', entrants: 1 }, { code: 'a', entrants: 3 }] });
    expect(r.total).toBe(3);
    expect(r.units.map((u) => [u.code, u.tieOrder, u.extra, u.places])).toEqual([
      ['b', 3, 0, 0], // 'b' (0x62) after 'B' (0x42); locale order would have put 'b' first
      ['B', 2, 1, 1],
      ['a', 1, 1, 2], // larger n first
    ]);
  });

  it('byte order: "-" < digits < upper case < "_" < lower case', () => {
    const r = largestRemainder(50, ['a1', '_1', 'Z1', '01', '-1'].map((code) => ({ code, entrants: 1 })));
    // five remainders of 0.5: T = round(2.5) = 3 → the three smallest codes get a place
    expect(r.map((x) => x.tieOrder)).toEqual([5, 4, 3, 2, 1]);
    expect(r.map((x) => x.extra)).toEqual([0, 0, 1, 1, 1]);
  });

  it('floating point would misorder 0.3 × 13 and 0.3 × 23; integer arithmetic does not', () => {
    // In floating point the two "equal" remainders 0.9 differ, and differ in the wrong direction:
    const fracs = [13, 23].map((n) => 0.3 * n - Math.floor(0.3 * n));
    expect(fracs[0]).not.toBe(fracs[1]);
    expect(fracs[0]).toBeGreaterThan(fracs[1]); // 13 would come before 23

    // Six units, every remainder exactly 0.90: T = round(50.4) = 50, floors 45 → 5 leftover, one unit misses out.
    const units = [3, 13, 23, 33, 43, 53].map((n) => ({ code: `S${n}`, entrants: n }));
    const r = allocate({ rate: 30, recommendedShare: 60, units });
    expect(r.total).toBe(50);
    expect(r.units.every((u) => u.remainder === '0.90')).toBe(true);
    // the rule: larger n first → the 3-entrant school is the one without an extra place
    expect(r.units.map((u) => u.extra)).toEqual([0, 1, 1, 1, 1, 1]);
    expect(r.units.map((u) => u.tieOrder)).toEqual([6, 5, 4, 3, 2, 1]);

    // a naive floating-point largest remainder decides the tie by rounding noise
    const naive = [...units]
      .map((u) => ({ code: u.code, frac: 0.3 * u.entrants - Math.floor(0.3 * u.entrants), n: u.entrants }))
      .sort((a, b) => b.frac - a.frac || b.n - a.n);
    const naiveLoser = naive[5].code;
    expect(naiveLoser).not.toBe('S3');
    expect(naiveLoser).toBe('S53'); // the largest school would lose its place to noise
  });

  it('T from the parent total: 30% of three schools of 1 → T = round(0.9) = 1', () => {
    const r = allocate({ rate: 30, recommendedShare: 60, units: [{ code: 'A', entrants: 1 }, { code: 'B', entrants: 1 }, { code: 'C', entrants: 1 }] });
    expect(r.total).toBe(1);
    expect(r.units.map((u) => u.places)).toEqual([1, 0, 0]);
    expect(r.units[0]).toMatchObject({ share: '0.30', remainder: '0.30', recommended: 1, drawn: 0 });
  });

  it('zero entrants, zero rate and 100% rate', () => {
    const zero = allocate({ rate: 30, recommendedShare: 60, units: [{ code: 'A', entrants: 0 }] });
    expect(zero).toMatchObject({ total: 0, recommended: 0, drawn: 0, recommendedPercent: '0.00' });
    expect(zero.units[0]).toMatchObject({ share: '0.00', floor: 0, remainder: '0.00', tieOrder: 1, extra: 0, places: 0 });
    const none = allocate({ rate: 0, recommendedShare: 60, units: [{ code: 'A', entrants: 50 }] });
    expect(none.total).toBe(0);
    const all = allocate({ rate: 100, recommendedShare: 60, units: [{ code: 'A', entrants: 7 }, { code: 'B', entrants: 3 }] });
    expect(all.units.map((u) => u.places)).toEqual([7, 3]);
    expect(all.units.map((u) => [u.recommended, u.drawn])).toEqual([[4, 3], [2, 1]]);
    expect(all.recommendedPercent).toBe('60.00');
  });

  it('an empty unit list allocates nothing', () => {
    expect(allocate({ rate: 30, recommendedShare: 60, units: [] })).toMatchObject({ total: 0, entrants: 0, units: [] });
  });

  it('final places: 10% of districts', () => {
    const r = allocate({ rate: 10, recommendedShare: 60, units: [{ code: 'D1', entrants: 45 }, { code: 'D2', entrants: 38 }, { code: 'D3', entrants: 27 }] });
    // shares 4.5, 3.8, 2.7 → floors 4+3+2 = 9, T = 11 → D2 (.8) and D3 (.7)
    expect(r.total).toBe(11);
    expect(r.units.map((u) => u.places)).toEqual([4, 4, 3]);
    expect(r.units.map((u) => u.share)).toEqual(['4.50', '3.80', '2.70']);
  });

  it('refuses bad arguments', () => {
    expect(() => allocate({ rate: 30.5, recommendedShare: 60, units: [{ code: 'A', entrants: 1 }] })).toThrow(RangeError);
    expect(() => allocate({ rate: 30, recommendedShare: 160, units: [{ code: 'A', entrants: 1 }] })).toThrow(RangeError);
    expect(() => allocate({ rate: 30, recommendedShare: 60, units: [{ code: 'A', entrants: -1 }] })).toThrow(RangeError);
    expect(() => allocate({ rate: 30, recommendedShare: 60, units: [{ code: 'A', entrants: 1 }, { code: 'A', entrants: 2 }] })).toThrow(/twice/);
    expect(() => allocate({ rate: 30, recommendedShare: 60, units: [{ code: 'A B', entrants: 1 }] })).toThrow(/ASCII/);
    expect(() => largestRemainder(30, [{ code: '', entrants: 1 }])).toThrow(TypeError);
  });
});

describe('allocate: properties over random inputs (seeded)', () => {
  const rng = seedrandom('quotas-property-tests-v1');
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));

  function randomInput(): { rate: number; recommendedShare: number; units: QuotaUnitInput[] } {
    const rate = rng() < 0.4 ? [10, 30, 50][int(0, 2)] : int(0, 100);
    const recommendedShare = rng() < 0.5 ? 60 : int(0, 100);
    const k = int(1, 15);
    const pool = [int(0, 5), int(0, 40), int(0, 300)]; // repeated n values make ties likely
    const units = Array.from({ length: k }, (_, i) => ({
      code: `${['S', 's', '_', '-', '0'][int(0, 4)]}${i}`,
      entrants: rng() < 0.5 ? pool[int(0, 2)] : int(0, 300),
    }));
    return { rate, recommendedShare, units };
  }

  const cases = Array.from({ length: 600 }, randomInput);

  it('every unit gets the floor or the ceiling of its own share, and the units add up to T', () => {
    for (const input of cases) {
      const r = allocate(input);
      const N = input.units.reduce((s, u) => s + u.entrants, 0);
      expect(r.entrants).toBe(N);
      expect(r.total).toBe(halfUp100(input.rate * N));
      expect(r.units.reduce((s, u) => s + u.places, 0)).toBe(r.total);
      for (const u of r.units) {
        const p = input.rate * u.entrants;
        const lo = floorDiv100(p);
        const hi = p % 100 === 0 ? lo : lo + 1;
        expect(u.places === lo || u.places === hi).toBe(true);
        expect(u.floor).toBe(lo);
        expect(u.places).toBe(u.floor + u.extra);
        expect(`${u.floor}.${String(p % 100).padStart(2, '0')}`).toBe(u.share);
        if (p % 100 === 0) expect(u.extra).toBe(0);
      }
    }
  });

  it('recommended + drawn = places, recommended = round_half_up(share × q), totals add up', () => {
    for (const input of cases) {
      const r = allocate(input);
      for (const u of r.units) {
        expect(u.recommended + u.drawn).toBe(u.places);
        expect(u.recommended).toBe(halfUp100(input.recommendedShare * u.places));
        expect(u.drawn).toBeGreaterThanOrEqual(0);
      }
      expect(r.recommended + r.drawn).toBe(r.total);
    }
  });

  it('tie order is a permutation that follows the rule, and the extras are its first places', () => {
    for (const input of cases) {
      const r = allocate(input);
      const orders = r.units.map((u) => u.tieOrder).sort((a, b) => a - b);
      expect(orders).toEqual(r.units.map((_, i) => i + 1));
      const byOrder = [...r.units].sort((a, b) => a.tieOrder - b.tieOrder);
      for (let i = 1; i < byOrder.length; i++) {
        const a = byOrder[i - 1];
        const b = byOrder[i];
        const ra = (input.rate * a.entrants) % 100;
        const rb = (input.rate * b.entrants) % 100;
        const inOrder = ra > rb || (ra === rb && (a.entrants > b.entrants || (a.entrants === b.entrants && a.code < b.code)));
        expect(inOrder).toBe(true);
      }
      const leftover = r.total - r.units.reduce((s, u) => s + u.floor, 0);
      for (const u of r.units) expect(u.extra).toBe(u.tieOrder <= leftover ? 1 : 0);
    }
  });

  it('the result for a unit does not depend on the order of the input', () => {
    for (const input of cases.slice(0, 150)) {
      const shuffled = [...input.units];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = int(0, i);
        [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
      }
      const a = allocate(input);
      const b = allocate({ ...input, units: shuffled });
      const byCode = (rep: typeof a) => Object.fromEntries(rep.units.map((u) => [u.code, u]));
      expect(byCode(b)).toEqual(byCode(a));
    }
  });
});

describe('validateAllocationInput', () => {
  const good = { rate: 30, recommendedShare: 60, units: [{ code: 'S01', entrants: 23 }, { code: 'S-02', entrants: 0 }] };

  it('accepts the RULES §7 example and returns a clean copy', () => {
    const v = validateAllocationInput({ ...good, comment: 'ignored' });
    expect(v).toEqual({ ok: true, value: good });
    if (v.ok) expect(v.value.units).not.toBe(good.units);
  });

  it.each([
    [null, '$'],
    [[], '$'],
    ['x', '$'],
    [{ ...good, rate: undefined }, 'rate'],
    [{ ...good, rate: '30' }, 'rate'],
    [{ ...good, rate: 0.3 }, 'rate'],
    [{ ...good, rate: -1 }, 'rate'],
    [{ ...good, rate: 101 }, 'rate'],
    [{ ...good, recommendedShare: undefined }, 'recommendedShare'],
    [{ ...good, recommendedShare: 60.5 }, 'recommendedShare'],
    [{ ...good, units: [] }, 'units'],
    [{ ...good, units: {} }, 'units'],
    [{ ...good, units: [null] }, 'units[0]'],
    [{ ...good, units: [{ code: 'S 1', entrants: 1 }] }, 'units[0].code'],
    [{ ...good, units: [{ code: '学校', entrants: 1 }] }, 'units[0].code'],
    [{ ...good, units: [{ code: '', entrants: 1 }] }, 'units[0].code'],
    [{ ...good, units: [{ code: 7, entrants: 1 }] }, 'units[0].code'],
    [{ ...good, units: [{ code: 'A', entrants: 1 }, { code: 'A', entrants: 2 }] }, 'units[1].code'],
    [{ ...good, units: [{ code: 'A', entrants: -1 }] }, 'units[0].entrants'],
    [{ ...good, units: [{ code: 'A', entrants: 2.5 }] }, 'units[0].entrants'],
    [{ ...good, units: [{ code: 'A', entrants: '3' }] }, 'units[0].entrants'],
    [{ ...good, units: [{ code: 'A' }] }, 'units[0].entrants'],
    [{ ...good, units: [{ code: 'A', entrants: 2 ** 52 }, { code: 'B', entrants: 2 ** 52 }] }, 'units[1].entrants'],
  ])('refuses %j at %s', (input, field) => {
    const v = validateAllocationInput(input);
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.field).toBe(field);
      expect(v.message.length).toBeGreaterThan(0);
    }
  });
});
