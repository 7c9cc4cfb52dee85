import { computePrizes, LevelShare, parseScoreHundredths, PrizeContestant, PrizeGroupInput, PrizeRoundInput } from './prizes';

const FINAL: LevelShare[] = [
  { prize: 'first', share: 15 },
  { prize: 'second', share: 20 },
  { prize: 'third', share: 30 },
];
const SEMI: LevelShare[] = FINAL.slice(0, 2);

/** Contestants C01… with the given totals (whole points); one item equal to the total. */
function group(code: string, totals: number[]): PrizeGroupInput {
  return {
    code,
    contestants: totals.map(
      (t, i): PrizeContestant => ({ code: `${code}-${String(i + 1).padStart(2, '0')}`, totalHundredths: BigInt(t * 100), itemHundredths: [BigInt(t * 100)] }),
    ),
  };
}
const distinct = (n: number) => Array.from({ length: n }, (_, i) => 100 - i);
const run = (groups: PrizeGroupInput[], shares = FINAL, firstPrizeInEveryGroup = false) =>
  computePrizes({ shares, firstPrizeInEveryGroup, tieBreakOrder: [0], groups } satisfies PrizeRoundInput);
const counts = (g: { levels: { prize: string; count: number }[] }) => Object.fromEntries(g.levels.map((l) => [l.prize, l.count]));

describe('computePrizes (RULES §5), known answers', () => {
  it('a group of 1: no prize by the shares (0.15, 0.20, 0.30 all round to 0)', () => {
    const r = run([group('A', [90])]);
    expect(r.levels.map((l) => l.total)).toEqual([0, 0, 0]);
    expect(counts(r.groups[0])).toEqual({ first: 0, second: 0, third: 0 });
    expect(r.groups[0].winners).toEqual([]);
  });

  it('a group of 1 with firstPrizeInEveryGroup: one forced first prize, reported', () => {
    const r = run([group('A', [90])], FINAL, true);
    expect(counts(r.groups[0])).toEqual({ first: 1, second: 0, third: 0 });
    expect(r.groups[0].levels[0]).toMatchObject({ apportioned: 0, forced: 1, count: 1 });
    expect(r.levels[0]).toMatchObject({ total: 0, awarded: 1, forced: 1 });
    expect(r.groups[0].winners).toEqual([{ code: 'A-01', rank: 1, prize: 'first' }]);
  });

  it('groups of 2: equal remainders go to the smaller code; the levels exceed group A, so its third prize is cut', () => {
    // C = 4. first: 0.30 + 0.30, T = round(0.60) = 1 → A (equal remainder, equal size, code A < B);
    // second: 0.40 + 0.40, T = 1 → A; third: 0.60 + 0.60, T = round(1.20) = 1 → A.
    // A has 2 contestants: first 1, second 1, third cut 1 (not moved to B).
    const r = run([group('A', [90, 80]), group('B', [85, 75])]);
    expect(r.levels.map((l) => l.total)).toEqual([1, 1, 1]);
    const [a, b] = r.groups;
    expect(a.levels.map((l) => [l.exactShare, l.floor, l.remainder, l.tieOrder, l.apportioned, l.cut, l.count])).toEqual([
      ['0.30', 0, '0.30', 1, 1, 0, 1],
      ['0.40', 0, '0.40', 1, 1, 0, 1],
      ['0.60', 0, '0.60', 1, 1, 1, 0],
    ]);
    expect(a.cuts).toEqual([{ prize: 'third', count: 1 }]);
    expect(counts(b)).toEqual({ first: 0, second: 0, third: 0 });
    expect(b.levels.map((l) => l.tieOrder)).toEqual([2, 2, 2]);
    expect(a.winners).toEqual([
      { code: 'A-01', rank: 1, prize: 'first' },
      { code: 'A-02', rank: 2, prize: 'second' },
    ]);
    expect(r.levels.map((l) => l.awarded)).toEqual([1, 1, 0]);
  });

  it('groups of 2 with firstPrizeInEveryGroup on: B gets a forced first prize above T_1', () => {
    const r = run([group('A', [90, 80]), group('B', [85, 75])], FINAL, true);
    expect(counts(r.groups[0])).toEqual({ first: 1, second: 1, third: 0 });
    expect(counts(r.groups[1])).toEqual({ first: 1, second: 0, third: 0 });
    expect(r.levels[0]).toMatchObject({ total: 1, awarded: 2, forced: 1 });
  });

  it('firstPrizeInEveryGroup off over 21 small groups keeps the first prizes at 15% of the round', () => {
    // 21 groups of 3 (C = 63): T_1 = round(9.45) = 9; every group's share is 0.45, so 9 groups get 1.
    const groups = Array.from({ length: 21 }, (_, i) => group(`G${String(i).padStart(2, '0')}`, [90, 80, 70]));
    const off = run(groups, SEMI);
    expect(off.levels[0]).toMatchObject({ total: 9, awarded: 9, forced: 0 });
    expect(off.groups.filter((g) => g.levels[0].count === 1).map((g) => g.code)).toEqual(groups.slice(0, 9).map((g) => g.code));
    const on = run(groups, SEMI, true);
    expect(on.levels[0]).toMatchObject({ total: 9, awarded: 21, forced: 12 });
  });

  it('levels that together exceed a group: higher levels kept, the lowest cut, nothing moved to another group', () => {
    // One group of 3 in a round with a big group: shares 40/40/30 (sum 110 is refused), so 30/35/35.
    const shares: LevelShare[] = [
      { prize: 'first', share: 30 },
      { prize: 'second', share: 35 },
      { prize: 'third', share: 35 },
    ];
    // Group S of 3: 0.90, 1.05, 1.05; group L of 10: 3.00, 3.50, 3.50 (C = 13).
    // first: T = round(3.9) = 4, floors 0 + 3, leftover 1 → S (0.90). second: T = round(4.55) = 5,
    // floors 1 + 3, leftover 1 → L (0.50 > 0.05). third: the same → L. S: 1, 1, 1 = 3 (fits).
    const r = run([group('S', [90, 80, 70]), group('L', distinct(10))], shares);
    expect(counts(r.groups[0])).toEqual({ first: 1, second: 1, third: 1 });
    expect(counts(r.groups[1])).toEqual({ first: 3, second: 4, third: 3 });
    // L has 10 = 3 + 4 + 4 → third cut to 3.
    expect(r.groups[1].cuts).toEqual([{ prize: 'third', count: 1 }]);
  });

  it('a tie across the boundary at every level shifts the next levels, nearest first', () => {
    // Group of 20, final: first 3, second 4, third 6.
    // Places 3 and 4 tied → first 4; second 4 − 1 = 3 → places 5–7; places 7 and 8 tied → second 4,
    // third 6 − 1 = 5 → places 9–13; places 13 and 14 tied → third 6 (last level: one more prize).
    const t = [100, 99, 98, 98, 96, 95, 94, 94, 92, 91, 90, 89, 88, 88, 86, 85, 84, 83, 82, 81];
    const r = run([group('A', t)]);
    const g = r.groups[0];
    expect(g.levels.map((l) => [l.apportioned, l.tieShiftIn, l.tieShiftOut, l.count])).toEqual([
      [3, 1, 0, 4],
      [4, 1, 1, 4],
      [6, 1, 1, 6],
    ]);
    expect(g.tieShifts).toEqual([
      { prize: 'first', rank: 3, added: 1, takenFrom: [{ prize: 'second', count: 1 }], overflow: 0 },
      { prize: 'second', rank: 7, added: 1, takenFrom: [{ prize: 'third', count: 1 }], overflow: 0 },
      { prize: 'third', rank: 13, added: 1, takenFrom: [], overflow: 1 },
    ]);
    expect(g.winners.map((w) => w.prize)).toEqual([...Array(4).fill('first'), ...Array(4).fill('second'), ...Array(6).fill('third')]);
    expect(g.winners.slice(2, 4)).toEqual([
      { code: 'A-03', rank: 3, prize: 'first' },
      { code: 'A-04', rank: 3, prize: 'first' },
    ]);
    // Nobody with an equal rank gets a lower prize than another.
    const byRank = new Map<number, Set<string | null>>();
    for (const x of g.ranking) byRank.set(x.rank, (byRank.get(x.rank) ?? new Set()).add(x.prize));
    for (const s of byRank.values()) expect(s.size).toBe(1);
  });

  it('a tie at the last level: the group simply has more prizes', () => {
    // Semi-final, group of 10: first 2 (1.50 → T=2 alone in its round), second 2; places 4, 5, 6 tied.
    const r = run([group('A', [100, 99, 98, 97, 97, 97, 90, 89, 88, 87])], SEMI);
    const g = r.groups[0];
    expect(g.levels.map((l) => l.apportioned)).toEqual([2, 2]);
    expect(counts(g)).toEqual({ first: 2, second: 4 });
    expect(g.tieShifts).toEqual([{ prize: 'second', rank: 4, added: 2, takenFrom: [], overflow: 2 }]);
  });

  it('a tie shift bigger than the next level empties it and takes the rest from the one after', () => {
    // Final, group of 10: first 2 (1.50), second 2, third 3; places 2–6 all tied at 99.
    const r = run([group('A', [100, 99, 99, 99, 99, 99, 90, 89, 88, 87])]);
    const g = r.groups[0];
    expect(g.levels.map((l) => l.apportioned)).toEqual([2, 2, 3]);
    expect(counts(g)).toEqual({ first: 6, second: 0, third: 1 });
    expect(g.tieShifts).toEqual([
      { prize: 'first', rank: 2, added: 4, takenFrom: [{ prize: 'second', count: 2 }, { prize: 'third', count: 2 }], overflow: 0 },
    ]);
    expect(g.winners.at(-1)).toEqual({ code: 'A-07', rank: 7, prize: 'third' });
  });

  it('ties are broken by the heaviest item before they share a rank', () => {
    const groups: PrizeGroupInput[] = [
      {
        code: 'A',
        contestants: [
          { code: 'X', totalHundredths: 9000n, itemHundredths: [1000n, 8000n] },
          { code: 'Y', totalHundredths: 9000n, itemHundredths: [2000n, 7000n] },
          ...Array.from({ length: 8 }, (_, i) => ({ code: `Z${i}`, totalHundredths: BigInt(8000 - i * 100), itemHundredths: [0n, BigInt(8000 - i * 100)] })),
        ],
      },
    ];
    // Heaviest item is index 1: X (80) before Y (70); first prize T = round(1.5) = 2 → both X and Y; no tie shift.
    const r = computePrizes({ shares: SEMI, firstPrizeInEveryGroup: false, tieBreakOrder: [1, 0], groups });
    expect(r.groups[0].winners.slice(0, 2)).toEqual([
      { code: 'X', rank: 1, prize: 'first' },
      { code: 'Y', rank: 2, prize: 'first' },
    ]);
    expect(r.groups[0].tieShifts).toEqual([]);
  });

  it('refuses shares above 100% together and unknown levels', () => {
    expect(() => run([group('A', [1])], [{ prize: 'first', share: 60 }, { prize: 'second', share: 50 }])).toThrow(/110%/);
    expect(() => run([group('A', [1])], [{ prize: 'fourth' as 'first', share: 5 }])).toThrow(/prize/);
  });

  it('parses published scores exactly', () => {
    expect(parseScoreHundredths('87.63')).toBe(8763n);
    expect(parseScoreHundredths('87.6')).toBe(8760n);
    expect(parseScoreHundredths('87')).toBe(8700n);
    expect(parseScoreHundredths('87.634')).toBeNull();
    expect(parseScoreHundredths('-1')).toBeNull();
  });
});
