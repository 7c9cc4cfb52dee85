import seedrandom = require('seedrandom');
import { defaultPreset, PrizeShare } from './preset';
import { prizeCounts } from './prizes';

const preset = defaultPreset();
const FINAL = preset.prizes.final; // first 15, second 20, third 30
const SEMI = preset.prizes.semifinal; // first 15, second 20

const share = (prize: PrizeShare['prize'], s: number): PrizeShare => ({ prize, name: prize, share: s });

describe('prizeCounts (RULES §5), by hand', () => {
  it('final, groups of 20, 7, 1 and 0 contestants', () => {
    // C = 28.
    // first 15%:  3.00, 1.05, 0.15, 0 → T = round(4.2) = 4, floors 3+1+0 = 4, no leftover;
    //             the 1-contestant group got 0 → forced to 1 (total 5 > 4).
    // second 20%: 4.00, 1.40, 0.20    → T = round(5.6) = 6, floors 5, leftover → 7-group (0.40 > 0.20).
    // third 30%:  6.00, 2.10, 0.30    → T = round(8.4) = 8, floors 8, no leftover.
    const r = prizeCounts(
      [
        { code: 'chinese-primary-youth', contestants: 20 },
        { code: 'math-primary-youth', contestants: 7 },
        { code: 'art-senior', contestants: 1 },
        { code: 'pe-senior', contestants: 0 },
      ],
      FINAL,
    );
    expect(r).toEqual([
      { code: 'chinese-primary-youth', contestants: 20, counts: { first: 3, second: 4, third: 6 } },
      { code: 'math-primary-youth', contestants: 7, counts: { first: 1, second: 2, third: 2 } },
      { code: 'art-senior', contestants: 1, counts: { first: 1, second: 0, third: 0 } },
      { code: 'pe-senior', contestants: 0, counts: { first: 0, second: 0, third: 0 } },
    ]);
  });

  it('semi-final: first and second only', () => {
    // C = 50: first 15% → 6.00, 1.50 → T = round(7.5) = 8, floors 7 → leftover to B (0.50);
    // second 20% → 8.00, 2.00 → 10.
    const r = prizeCounts([{ code: 'A', contestants: 40 }, { code: 'B', contestants: 10 }], SEMI);
    expect(r.map((g) => g.counts)).toEqual([
      { first: 6, second: 8 },
      { first: 2, second: 2 },
    ]);
  });

  it('ties between groups follow the quota rule: larger group first, then smaller code by byte value', () => {
    // first 15% of 10, 10, 20 → 1.50, 1.50, 3.00 → T = round(6.0) = 6, floors 5 → one leftover
    const r = prizeCounts(
      [{ code: 'b', contestants: 10 }, { code: 'B', contestants: 10 }, { code: 'C', contestants: 20 }],
      [share('first', 15)],
    );
    expect(r.map((g) => g.counts.first)).toEqual([1, 2, 3]); // 'B' < 'b' in byte order
  });

  it('caps a group at its contestants, keeping the higher levels (default final shares)', () => {
    // C = 5. first: 0.15, 0.60 → T = round(0.75) = 1 → B; A forced to 1.
    // second: 0.20, 0.80 → T = 1 → B.  third: 0.30, 1.20 → T = round(1.5) = 2 → B 1 + leftover to A (0.30 > 0.20).
    // A has 1 contestant but would get first 1 + third 1 → the third is cut.
    const r = prizeCounts([{ code: 'A', contestants: 1 }, { code: 'B', contestants: 4 }], FINAL);
    expect(r.map((g) => g.counts)).toEqual([
      { first: 1, second: 0, third: 0 },
      { first: 1, second: 1, third: 1 },
    ]);
  });

  it('caps higher levels first when the configured shares exceed 100%', () => {
    // 50/50/50 of groups of 1, 1 and 2: each level gives A 1 (tie: code), B 0 → forced first, C 1.
    const r = prizeCounts(
      [{ code: 'A', contestants: 1 }, { code: 'B', contestants: 1 }, { code: 'C', contestants: 2 }],
      [share('first', 50), share('second', 50), share('third', 50)],
    );
    expect(r.map((g) => g.counts)).toEqual([
      { first: 1, second: 0, third: 0 },
      { first: 1, second: 0, third: 0 },
      { first: 1, second: 1, third: 0 },
    ]);
  });

  it('handles levels from the highest down whatever the order of the shares', () => {
    const groups = [{ code: 'A', contestants: 1 }, { code: 'B', contestants: 4 }];
    expect(prizeCounts(groups, [...FINAL].reverse())).toEqual(prizeCounts(groups, FINAL));
  });

  it('no first level configured → no first-prize guarantee', () => {
    expect(prizeCounts([{ code: 'A', contestants: 3 }], [share('second', 20)])).toEqual([
      { code: 'A', contestants: 3, counts: { second: 1 } },
    ]);
  });

  it('no groups → no counts', () => {
    expect(prizeCounts([], FINAL)).toEqual([]);
  });

  it('refuses bad levels, shares, codes and counts', () => {
    expect(() => prizeCounts([{ code: 'A', contestants: 3 }], [share('first', 15), share('first', 20)])).toThrow(/twice/);
    expect(() => prizeCounts([{ code: 'A', contestants: 3 }], [{ prize: 'gold' as never, name: 'x', share: 10 }])).toThrow(/unknown/);
    expect(() => prizeCounts([{ code: 'A', contestants: 3 }], [share('first', 15.5)])).toThrow(RangeError);
    expect(() => prizeCounts([{ code: 'A', contestants: 3 }], [share('first', 101)])).toThrow(RangeError);
    expect(() => prizeCounts([{ code: 'A', contestants: -3 }], FINAL)).toThrow(RangeError);
    expect(() => prizeCounts([{ code: 'A', contestants: 3 }, { code: 'A', contestants: 4 }], FINAL)).toThrow(/twice/);
  });
});

describe('prizeCounts properties (seeded random groups)', () => {
  const rng = seedrandom('prizes-property-tests-v1');
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));

  it('never more prizes than contestants, one first prize in every non-empty group, floor/ceil when not forced or capped', () => {
    for (let t = 0; t < 300; t++) {
      const groups = Array.from({ length: int(1, 10) }, (_, i) => ({ code: `G${i}`, contestants: int(0, 3) === 0 ? int(0, 3) : int(0, 60) }));
      const shares = rng() < 0.5 ? FINAL : [share('first', int(0, 50)), share('second', int(0, 50)), share('third', int(0, 50))];
      const r = prizeCounts(groups, shares);
      r.forEach((g, i) => {
        expect(g.code).toBe(groups[i].code);
        const total = Object.values(g.counts).reduce((s, c) => s + c, 0);
        expect(total).toBeLessThanOrEqual(g.contestants);
        if (g.contestants > 0) expect(g.counts.first).toBeGreaterThanOrEqual(1);
        else expect(total).toBe(0);
        let left = g.contestants;
        for (const level of ['first', 'second', 'third'] as const) {
          const s = shares.find((x) => x.prize === level)!.share;
          const p = s * g.contestants;
          const lo = (p - (p % 100)) / 100;
          const hi = p % 100 === 0 ? lo : lo + 1;
          const c = g.counts[level];
          const forced = level === 'first' && g.contestants > 0 && c === 1 && lo === 0;
          const capped = c === left && c < hi;
          expect(forced || capped || c === lo || c === hi).toBe(true);
          left -= c;
        }
      });
    }
  });
});
