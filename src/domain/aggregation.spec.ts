import * as fs from 'fs';
import * as path from 'path';
import { AggregateResult, JudgeEntry, aggregate, medianOf, statistic, systematicBias, trimCount } from './aggregation';
import { AggregationConfig, defaultPreset } from './preset';
import { formatHundredths, roundHalfUpToHundredths, toTenths } from './points';
import { Sheet } from './sheets';

const preset = defaultPreset();
const PRELIM: Sheet = preset.sheets.preliminary; // 10 / 10 / 30 / 50
const FINAL: Sheet = preset.sheets.final; // 15 / 15 / 70
const DEFAULT: AggregationConfig = preset.aggregation; // trimmed-mean, 1 each end from 5 judges, outlier 10

/** An entry from decimal scores, parsed exactly. */
function entry(judge: string, ...scores: (number | string)[]): JudgeEntry {
  return { judge, tenths: scores.map((s, i) => toTenths(s, `${judge}.scores[${i}]`)) };
}

/** A one-item-heavy entry on the preliminary sheet whose total is `total` points (for tests about totals only). */
function withTotal(judge: string, total: string): JudgeEntry {
  const t = toTenths(total);
  // classroom takes up to 50, design up to 30, the rest on handwriting / classic case
  const classroom = Math.min(t, 500);
  const design = Math.min(t - classroom, 300);
  const hand = Math.min(t - classroom - design, 100);
  const classic = t - classroom - design - hand;
  return { judge, tenths: [hand, classic, design, classroom] };
}

// ---------------------------------------------------------------------------
// Known-answer fixtures: test/fixtures/aggregation/*.json

interface Fixture {
  title: string;
  arithmetic: string[];
  sheet: Sheet;
  config: AggregationConfig;
  judges: { judge: string; scores: (number | string)[] }[];
  expected?: Omit<AggregateResult, 'totalHundredths' | 'itemHundredths'>;
  expectedError?: string;
}

const FIXTURE_DIR = path.join(__dirname, '..', '..', 'test', 'fixtures', 'aggregation');
const fixtureFiles = fs
  .readdirSync(FIXTURE_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();
const fixtures: [string, Fixture][] = fixtureFiles.map((f) => [
  f,
  JSON.parse(fs.readFileSync(path.join(FIXTURE_DIR, f), 'utf8')) as Fixture,
]);

describe('aggregation fixtures (test/fixtures/aggregation)', () => {
  it('has at least 8 fixtures, including the RULES six-judge example', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(8);
    const rules = fixtures.find(([, fx]) => fx.title.startsWith('RULES §3 example'));
    expect(rules).toBeDefined();
    expect(rules![1].expected!.total).toBe('80.98');
  });

  it.each(fixtures)('%s', (_file, fx) => {
    const entries = fx.judges.map((j) => entry(j.judge, ...j.scores));
    if (fx.expectedError !== undefined) {
      expect(() => aggregate(fx.sheet, entries, fx.config)).toThrow(fx.expectedError);
      return;
    }
    const { totalHundredths, itemHundredths, ...rest } = aggregate(fx.sheet, entries, fx.config);
    expect(rest).toEqual(fx.expected);
    // internal consistency: the bigint forms print as the strings, the exact total rounds to the total
    expect(formatHundredths(totalHundredths)).toBe(fx.expected!.total);
    expect(itemHundredths.map((h) => formatHundredths(h))).toEqual(fx.expected!.items);
    expect(formatHundredths(roundHalfUpToHundredths(BigInt(rest.exactTotal.num), BigInt(rest.exactTotal.den)))).toBe(
      fx.expected!.total,
    );
  });
});

// ---------------------------------------------------------------------------

describe('aggregate: the RULES example', () => {
  it('six judges 83.9, 80.0, 95.0, 80.0, 79.0, 80.0 → exactly 80.975, published 80.98', () => {
    // drop 79.0 and 95.0: (83.9 + 80.0 + 80.0 + 80.0) / 4 = 323.9 / 4 = 80.975 → half up 80.98
    const entries = ['83.9', '80.0', '95.0', '80.0', '79.0', '80.0'].map((t, i) => withTotal(`J${i + 1}`, t));
    const r = aggregate(PRELIM, entries, DEFAULT);
    expect(r.exactTotal).toEqual({ num: '3239', den: '40' });
    expect(r.total).toBe('80.98');
    expect(r.totalHundredths).toBe(8098n);
    expect(r.trimmedEachEnd).toBe(1);
    // what a floating-point implementation would publish:
    expect(((83.9 + 80 + 80 + 80) / 4).toFixed(2)).toBe('80.97');
  });
});

describe('aggregate: trimmed mean', () => {
  it('with exactly 5 judges drops one highest and one lowest', () => {
    // totals 60, 70, 80, 90, 100 → drop 60, 100 → (70+80+90)/3 = 80.00
    const r = aggregate(PRELIM, ['60', '70', '80', '90', '100'].map((t, i) => withTotal(`J${i}`, t)), {
      ...DEFAULT,
      outlierPoints: 100,
    });
    expect(r.total).toBe('80.00');
    expect(r.trimmedEachEnd).toBe(1);
    expect(r.judges).toBe(5);
  });

  it('with 4 judges takes the plain mean (nothing dropped)', () => {
    // totals 60, 70, 80, 100 → (60+70+80+100)/4 = 310/4 = 77.50 (trimmed would be (70+80)/2 = 75.00)
    const r = aggregate(PRELIM, ['60', '70', '80', '100'].map((t, i) => withTotal(`J${i}`, t)), DEFAULT);
    expect(r.total).toBe('77.50');
    expect(r.trimmedEachEnd).toBe(0);
  });

  it('of three equal highest drops only one', () => {
    // totals 90, 90, 90, 80, 85 → drop 80 and ONE 90 → (85+90+90)/3 = 265/3 = 88.333… → 88.33
    // (dropping every 90 would leave 85.00; dropping none of the ties at the top would be 86.25)
    const r = aggregate(PRELIM, ['90', '90', '90', '80', '85'].map((t, i) => withTotal(`J${i}`, t)), DEFAULT);
    expect(r.exactTotal).toEqual({ num: '265', den: '3' });
    expect(r.total).toBe('88.33');
  });

  it('of three equal lowest drops only one', () => {
    // totals 70, 70, 70, 90, 80 → drop one 70 and 90 → (70+70+80)/3 = 220/3 = 73.333… → 73.33
    const r = aggregate(PRELIM, ['70', '70', '70', '90', '80'].map((t, i) => withTotal(`J${i}`, t)), DEFAULT);
    expect(r.total).toBe('73.33');
  });

  it('with all judges equal gives that total', () => {
    const r = aggregate(PRELIM, ['77.7', '77.7', '77.7', '77.7', '77.7'].map((t, i) => withTotal(`J${i}`, t)), DEFAULT);
    expect(r.total).toBe('77.70');
    expect(r.flags).toEqual([]);
  });

  it('trims the totals, not item by item: the two give different answers', () => {
    // final sheet; totals J1 85, J2 85, J3 84, J4 85, J5 83 → drop 83 and one 85 → (84+85+85)/3 = 254/3 → 84.67
    // item by item: featured 15 10 12 12 12 → 12; qa 10 15 12 12 12 → 12; micro 60 60 60 61 59 → 60;
    // 12 + 12 + 60 = 84.00 ≠ 84.67
    const entries = [
      entry('J1', 15, 10, 60),
      entry('J2', 10, 15, 60),
      entry('J3', 12, 12, 60),
      entry('J4', 12, 12, 61),
      entry('J5', 12, 12, 59),
    ];
    const r = aggregate(FINAL, entries, DEFAULT);
    expect(r.total).toBe('84.67');
    expect(r.items).toEqual(['12.00', '12.00', '60.00']);
    const itemSum = r.itemHundredths.reduce((s, h) => s + h, 0n);
    expect(formatHundredths(itemSum)).toBe('84.00');
    expect(itemSum).not.toBe(r.totalHundredths);
  });

  it('follows a configured trim of 2 each end from 7 judges, and the plain mean below 7', () => {
    const config: AggregationConfig = { method: 'trimmed-mean', trimEachEnd: 2, trimFromPanelSize: 7, outlierPoints: 50 };
    // 7 judges 60 70 80 81 82 90 100 → drop 60 70 90 100 → (80+81+82)/3 = 81.00
    const seven = ['60', '70', '80', '81', '82', '90', '100'].map((t, i) => withTotal(`J${i}`, t));
    expect(aggregate(PRELIM, seven, config).total).toBe('81.00');
    // 6 judges 60 70 80 81 82 90 → plain mean 463/6 = 77.1666… → 77.17
    expect(aggregate(PRELIM, seven.slice(0, 6), config).total).toBe('77.17');
    expect(aggregate(PRELIM, seven.slice(0, 6), config).trimmedEachEnd).toBe(0);
  });

  it('does not depend on the order of the entries', () => {
    const entries = [
      entry('J1', 8.5, 8.4, 25, 42),
      entry('J2', 8, 8, 24, 40),
      entry('J3', 9.5, 9.5, 28.5, 47.5),
      entry('J4', 8, 7.5, 24.5, 40),
      entry('J5', 7.5, 8, 23.5, 40),
      entry('J6', 8, 8, 24, 40),
    ];
    const a = aggregate(PRELIM, entries, DEFAULT);
    const b = aggregate(PRELIM, [...entries].reverse(), DEFAULT);
    expect(b.total).toBe(a.total);
    expect(b.items).toEqual(a.items);
    expect(b.flags).toEqual(a.flags);
  });

  it('does not modify the entries', () => {
    const entries = [entry('J1', 1, 2, 3, 4), entry('J2', 4, 3, 2, 1)];
    const copy = JSON.parse(JSON.stringify(entries));
    aggregate(PRELIM, entries, DEFAULT);
    expect(entries).toEqual(copy);
  });
});

describe('aggregate: mean and median', () => {
  it("'mean' never drops anyone, whatever the panel size", () => {
    // (60+70+80+90+100+81)/6 = 481/6 = 80.1666… → 80.17 (the trimmed mean would be (70+80+81+90)/4 = 80.25)
    const cfg: AggregationConfig = { ...DEFAULT, method: 'mean', outlierPoints: 100 };
    const r = aggregate(PRELIM, ['60', '70', '80', '90', '100', '81'].map((t, i) => withTotal(`J${i}`, t)), cfg);
    expect(r.total).toBe('80.17');
    expect(r.exactTotal).toEqual({ num: '481', den: '6' });
    expect(r.trimmedEachEnd).toBe(0);
    expect(aggregate(PRELIM, ['60', '70', '80', '90', '100', '81'].map((t, i) => withTotal(`J${i}`, t)), { ...cfg, method: 'trimmed-mean' }).total).toBe('80.25');
  });

  it("'median' of an odd panel is the middle total", () => {
    // 75.0, 90.0, 82.5 → 82.50
    const r = aggregate(PRELIM, ['75', '90', '82.5'].map((t, i) => withTotal(`J${i}`, t)), { ...DEFAULT, method: 'median' });
    expect(r.total).toBe('82.50');
    expect(r.exactTotal).toEqual({ num: '165', den: '2' });
  });

  it("'median' of an even panel is the mean of the two middle totals", () => {
    // 70.0, 80.0, 80.1, 95.0 → (80.0 + 80.1)/2 = 80.05
    const r = aggregate(PRELIM, ['80', '80.1', '70', '95'].map((t, i) => withTotal(`J${i}`, t)), { ...DEFAULT, method: 'median' });
    expect(r.total).toBe('80.05');
    // 70.0, 80.1, 80.2, 95.0 → (80.1 + 80.2)/2 = 80.15 exactly (no rounding needed: a median of tenths is a multiple of 0.05)
    const s = aggregate(PRELIM, ['80.2', '80.1', '70', '95'].map((t, i) => withTotal(`J${i}`, t)), { ...DEFAULT, method: 'median' });
    expect(s.exactTotal).toEqual({ num: '1603', den: '20' });
    expect(s.total).toBe('80.15');
  });
});

describe('aggregate: half-up rounding at the end, once', () => {
  it('rounds an exact x.xx5 up (4 judges: 321.9 / 4 = 80.475 → 80.48)', () => {
    const r = aggregate(PRELIM, ['80.0', '81.0', '79.5', '81.4'].map((t, i) => withTotal(`J${i}`, t)), DEFAULT);
    expect(r.exactTotal).toEqual({ num: '3219', den: '40' });
    expect(r.total).toBe('80.48');
  });

  it('keeps exact hundredths as they are and rounds repeating thirds to the nearest', () => {
    // (80.0 + 80.9)/2 = 80.45 exactly
    expect(aggregate(PRELIM, [withTotal('A', '80.0'), withTotal('B', '80.9')], DEFAULT).total).toBe('80.45');
    // (80.0 + 80.9 + 80.5)/3 = 241.4/3 = 80.4666… → 80.47
    expect(aggregate(PRELIM, [withTotal('A', '80.0'), withTotal('B', '80.9'), withTotal('C', '80.5')], DEFAULT).total).toBe('80.47');
    // (80.0 + 80.0 + 80.1)/3 = 240.1/3 = 80.0333… → 80.03
    expect(aggregate(PRELIM, [withTotal('A', '80.0'), withTotal('B', '80.0'), withTotal('C', '80.1')], DEFAULT).total).toBe('80.03');
  });

  it('rounds items independently of the total (items need not add up)', () => {
    // 3 judges: handwriting 8.0 8.0 8.1 → 24.1/3 = 8.0333… → 8.03; classic 8 8 8.1 → 8.03;
    // total (80 + 80 + 80.2)/3 = 240.2/3 = 80.0666… → 80.07
    const entries = [entry('A', 8, 8, 24, 40), entry('B', 8, 8, 24, 40), entry('C', 8.1, 8.1, 24, 40)];
    const r = aggregate(PRELIM, entries, DEFAULT);
    expect(r.items).toEqual(['8.03', '8.03', '24.00', '40.00']);
    expect(r.total).toBe('80.07');
    expect(r.exactTotal).toEqual({ num: '1201', den: '15' });
  });

  it('agrees with an independent brute-force computation on 300 pseudo-random panels', () => {
    // independent path: remove min and max with indexOf/splice, sum in hundredths, round with integer division
    let seed = 12345;
    const next = (m: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % m;
    };
    for (let run = 0; run < 300; run++) {
      const n = 1 + next(9);
      const entries = Array.from({ length: n }, (_, j) => ({
        judge: `J${j}`,
        tenths: PRELIM.map((it) => next(it.points * 10 + 1)),
      }));
      const totals = entries.map((e) => e.tenths.reduce((a, b) => a + b, 0));
      const kept = [...totals];
      if (n >= 5) {
        kept.splice(kept.indexOf(Math.max(...kept)), 1);
        kept.splice(kept.indexOf(Math.min(...kept)), 1);
      }
      const sumTenths = kept.reduce((a, b) => a + b, 0);
      // value in hundredths = sumTenths*10/k ; half up: floor((sumTenths*20 + k) / (2k))
      const expectedHundredths = Math.floor((sumTenths * 20 + kept.length) / (2 * kept.length));
      const r = aggregate(PRELIM, entries, DEFAULT);
      expect(r.totalHundredths).toBe(BigInt(expectedHundredths));
    }
  });
});

describe('aggregate: outlier flags', () => {
  it('does not flag a judge exactly 10.0 from the median of the others, flags 10.1', () => {
    // J4 90.0 vs median of {80, 80, 80, 69.9} = 80.0 → +10.0: not MORE than 10 → no flag
    // J5 69.9 vs median of {80, 80, 80, 90} = 80.0 → -10.1 → flag
    const r = aggregate(PRELIM, ['80', '80', '80', '90', '69.9'].map((t, i) => withTotal(`J${i + 1}`, t)), DEFAULT);
    expect(r.flags).toEqual([
      { judge: 'J5', rule: 'far-from-median', total: '69.90', medianOfOthers: '80.00', difference: '-10.10' },
    ]);
  });

  it('uses the median of the OTHER judges, the one nearest to the judge when the others are even', () => {
    // three judges 70, 80, 92: the others of each are two, and every value between them is a median.
    // J3 92 vs {70, 80}: nearest 80 → +12 → flag; J1 70 vs {80, 92}: nearest 80 → -10, not more than 10;
    // J2 80 lies between 70 and 92 → 0
    const r = aggregate(PRELIM, ['70', '80', '92'].map((t, i) => withTotal(`J${i + 1}`, t)), DEFAULT);
    expect(r.flags.map((f) => [f.judge, f.medianOfOthers, f.difference])).toEqual([['J3', '80.00', '12.00']]);
  });

  it('flags only the judge who stands apart, not the two who agree (three judges, one 41 points off)', () => {
    // 86, 85, 45: J1 86 vs {85, 45} → 86 lies between → 0; J2 85 likewise; J3 45 vs {86, 85} → 85 → -40
    // (the mean of the other two, 65.5 and 65, would have flagged all three)
    const r = aggregate(PRELIM, ['86', '85', '45'].map((t, i) => withTotal(`J${i + 1}`, t)), DEFAULT);
    expect(r.flags.map((f) => [f.judge, f.medianOfOthers, f.difference])).toEqual([['J3', '85.00', '-40.00']]);
  });

  it('takes the plain middle value when the others are odd', () => {
    // four judges 80, 81, 83, 95: J4 95 vs {80, 81, 83} → 81 → +14 → flag; J1 80 vs {81, 83, 95} → 83 → -3
    const r = aggregate(PRELIM, ['80', '81', '83', '95'].map((t, i) => withTotal(`J${i + 1}`, t)), DEFAULT);
    expect(r.flags.map((f) => [f.judge, f.medianOfOthers, f.difference])).toEqual([['J4', '81.00', '14.00']]);
  });

  it('flags but never drops: a flagged judge still counts in the mean', () => {
    // 4 judges 80, 80, 80, 60 → plain mean 300/4 = 75.00 although J4 (-20) is flagged
    const r = aggregate(PRELIM, ['80', '80', '80', '60'].map((t, i) => withTotal(`J${i + 1}`, t)), DEFAULT);
    expect(r.total).toBe('75.00');
    expect(r.flags.map((f) => f.judge)).toEqual(['J4']);
  });

  it('follows a configured threshold, including one with a decimal', () => {
    const entries = ['80', '80', '80', '90', '69.9'].map((t, i) => withTotal(`J${i + 1}`, t));
    expect(aggregate(PRELIM, entries, { ...DEFAULT, outlierPoints: 10.1 }).flags).toEqual([]);
    expect(aggregate(PRELIM, entries, { ...DEFAULT, outlierPoints: 9.9 }).flags.map((f) => f.judge)).toEqual(['J4', 'J5']);
  });

  it('compares exactly against the nearest median, strictly above the threshold', () => {
    // J1 92.6 vs {80.0, 82.5}: nearest 82.5 → +10.1 → flagged at 10 and 10.0, not at 10.1
    const entries = ['92.6', '80', '82.5'].map((t, i) => withTotal(`J${i + 1}`, t));
    expect(aggregate(PRELIM, entries, DEFAULT).flags.find((f) => f.judge === 'J1')).toEqual({
      judge: 'J1',
      rule: 'far-from-median',
      total: '92.60',
      medianOfOthers: '82.50',
      difference: '10.10',
    });
    expect(aggregate(PRELIM, entries, { ...DEFAULT, outlierPoints: 10.1 }).flags.find((f) => f.judge === 'J1')).toBeUndefined();
  });

  it('never flags a single judge (nobody to compare with)', () => {
    expect(aggregate(PRELIM, [withTotal('J1', '10')], DEFAULT).flags).toEqual([]);
  });
});

describe('aggregate: refused input', () => {
  it('throws a clear error for zero judges', () => {
    expect(() => aggregate(PRELIM, [], DEFAULT)).toThrow(/no judges/);
  });

  it('throws when a judge’s entry has the wrong number of scores, naming the judge', () => {
    expect(() => aggregate(PRELIM, [entry('J1', 1, 2, 3, 4), entry('J2', 1, 2, 3)], DEFAULT)).toThrow(
      'judge J2: expected 4 scores (one per sheet item), got 3',
    );
    expect(() => aggregate(PRELIM, [entry('J1', 1, 2, 3, 4, 5)], DEFAULT)).toThrow(/judge J1/);
  });

  it('throws on a score outside the item’s range or not in whole tenths', () => {
    expect(() => aggregate(PRELIM, [{ judge: 'J1', tenths: [101, 0, 0, 0] }], DEFAULT)).toThrow(/J1.*书写技能/);
    expect(() => aggregate(PRELIM, [{ judge: 'J1', tenths: [-1, 0, 0, 0] }], DEFAULT)).toThrow(/J1/);
    expect(() => aggregate(PRELIM, [{ judge: 'J1', tenths: [7.5, 0, 0, 0] }], DEFAULT)).toThrow(/whole tenths/);
  });

  it('throws when the same judge appears twice', () => {
    expect(() => aggregate(PRELIM, [entry('J1', 1, 2, 3, 4), entry('J1', 1, 2, 3, 4)], DEFAULT)).toThrow(/J1.*more than one entry/);
  });

  it('throws on an invalid sheet', () => {
    expect(() => aggregate([{ key: 'a', name: '甲', points: 99 }], [{ judge: 'J1', tenths: [1] }], DEFAULT)).toThrow(/invalid sheet.*99/);
  });

  it('throws on an invalid config', () => {
    const e = [entry('J1', 1, 2, 3, 4)];
    expect(() => aggregate(PRELIM, e, { ...DEFAULT, method: 'mode' as never })).toThrow(/method/);
    expect(() => aggregate(PRELIM, e, { ...DEFAULT, trimEachEnd: 1, trimFromPanelSize: 2 })).toThrow(/trimFromPanelSize/);
    expect(() => aggregate(PRELIM, e, { ...DEFAULT, trimEachEnd: -1 })).toThrow(/trimEachEnd/);
    expect(() => aggregate(PRELIM, e, { ...DEFAULT, outlierPoints: -1 })).toThrow(/outlierPoints/);
    expect(() => aggregate(PRELIM, e, { ...DEFAULT, outlierPoints: 10.25 })).toThrow(/outlierPoints/);
  });
});

describe('statistic helpers', () => {
  it('medianOf', () => {
    expect(medianOf([3n, 1n, 2n])).toEqual({ num: 2n, den: 1n });
    expect(medianOf([4n, 1n, 2n, 3n])).toEqual({ num: 5n, den: 2n });
    expect(() => medianOf([])).toThrow();
  });

  it('trimCount', () => {
    expect(trimCount(4, DEFAULT)).toBe(0);
    expect(trimCount(5, DEFAULT)).toBe(1);
    expect(trimCount(9, { ...DEFAULT, method: 'mean' })).toBe(0);
  });

  it('statistic works in the unit given (tenths in, tenths out)', () => {
    // 790 800 800 800 839 950 → drop 790, 950 → 3239/4 tenths
    expect(statistic([839n, 800n, 950n, 800n, 790n, 800n], DEFAULT)).toEqual({ num: 3239n, den: 4n });
  });
});

// ---------------------------------------------------------------------------

describe('systematicBias', () => {
  // Three contestants, three judges each (totals in tenths).
  //  C1: J1 80.0, J2 87.0, J3 70.0   C2: J1 90.0, J2 97.0, J3 80.0   C3: J1 75.0, J2 81.0, J3 68.0
  // deviation = total − the median of the other two nearest to it (any value between them is one):
  //  J1: always between the others → 0, 0, 0                 → 0.00, not flagged
  //  J2: 87−80 = +7, 97−90 = +7, 81−75 = +6  → 20/3 = 6.666… → 6.67, lenient (> 5)
  //  J3: 70−80 = −10, 80−90 = −10, 68−75 = −7 → −27/3 = −9   → −9.00, harsh
  const panels = [
    { contestant: 'C1', totals: [{ judge: 'J1', tenths: 800 }, { judge: 'J2', tenths: 870 }, { judge: 'J3', tenths: 700 }] },
    { contestant: 'C2', totals: [{ judge: 'J1', tenths: 900 }, { judge: 'J2', tenths: 970 }, { judge: 'J3', tenths: 800 }] },
    { contestant: 'C3', totals: [{ judge: 'J3', tenths: 680 }, { judge: 'J2', tenths: 810 }, { judge: 'J1', tenths: 750 }] },
  ];

  it('computes each judge’s average signed deviation and flags harsh / lenient beyond 5 points', () => {
    expect(systematicBias(panels)).toEqual([
      { judge: 'J1', contestants: 3, averageDeviation: '0.00', exactAverage: { num: '0', den: '1' }, flag: null },
      { judge: 'J2', contestants: 3, averageDeviation: '6.67', exactAverage: { num: '20', den: '3' }, flag: 'lenient' },
      { judge: 'J3', contestants: 3, averageDeviation: '-9.00', exactAverage: { num: '-9', den: '1' }, flag: 'harsh' },
    ]);
  });

  it('takes the threshold from thresholdPoints, else half of outlierPoints', () => {
    // outlierPoints 13 → threshold 6.5: J2 6.67 still lenient
    expect(systematicBias(panels, { outlierPoints: 13 }).map((b) => b.flag)).toEqual([null, 'lenient', 'harsh']);
    // outlierPoints 14 → threshold 7: J2 6.67 no longer flagged
    expect(systematicBias(panels, { outlierPoints: 14 }).map((b) => b.flag)).toEqual([null, null, 'harsh']);
    // explicit threshold wins: 9 → nobody (J3's 9.00 is not more than 9)
    expect(systematicBias(panels, { thresholdPoints: 9, outlierPoints: 2 }).map((b) => b.flag)).toEqual([null, null, null]);
  });

  it('is strict at the threshold: an average of exactly 5.0 is not flagged, 5.1 is', () => {
    // two judges: J1 85.0, J2 80.0 → +5.0 and −5.0 → not flagged
    const five = [{ contestant: 'C1', totals: [{ judge: 'J1', tenths: 850 }, { judge: 'J2', tenths: 800 }] }];
    expect(systematicBias(five).map((b) => [b.averageDeviation, b.flag])).toEqual([
      ['5.00', null],
      ['-5.00', null],
    ]);
    // J1 85.1 → +5.1 lenient, J2 −5.1 harsh
    const fiveOne = [{ contestant: 'C1', totals: [{ judge: 'J1', tenths: 851 }, { judge: 'J2', tenths: 800 }] }];
    expect(systematicBias(fiveOne).map((b) => [b.averageDeviation, b.flag])).toEqual([
      ['5.10', 'lenient'],
      ['-5.10', 'harsh'],
    ]);
  });

  it('rounds a negative average by magnitude, half up (−0.125 → −0.13)', () => {
    // two judges: J1 is 0.1 below J2 three times and 0.2 below once → −0.5/4 = −0.125 → −0.13; J2 +0.13
    const p = [801, 801, 801, 802].map((j2, k) => ({ contestant: `C${k + 1}`, totals: [{ judge: 'J1', tenths: 800 }, { judge: 'J2', tenths: j2 }] }));
    expect(systematicBias(p).map((b) => b.averageDeviation)).toEqual(['-0.13', '0.13']);
  });

  it('counts only contestants with another judge; a judge never compared has a null average', () => {
    const p = [
      { contestant: 'C1', totals: [{ judge: 'J9', tenths: 500 }] },
      { contestant: 'C2', totals: [{ judge: 'J1', tenths: 800 }, { judge: 'J9', tenths: 700 }] },
      { contestant: 'C3', totals: [{ judge: 'J8', tenths: 900 }] },
    ];
    expect(systematicBias(p)).toEqual([
      { judge: 'J1', contestants: 1, averageDeviation: '10.00', exactAverage: { num: '10', den: '1' }, flag: 'lenient' },
      { judge: 'J8', contestants: 0, averageDeviation: null, exactAverage: null, flag: null },
      { judge: 'J9', contestants: 1, averageDeviation: '-10.00', exactAverage: { num: '-10', den: '1' }, flag: 'harsh' },
    ]);
  });

  it('returns nothing for no contestants, and refuses a judge listed twice or a bad total', () => {
    expect(systematicBias([])).toEqual([]);
    expect(() =>
      systematicBias([{ contestant: 'C1', totals: [{ judge: 'J1', tenths: 1 }, { judge: 'J1', tenths: 2 }] }]),
    ).toThrow(/C1.*J1.*twice/);
    expect(() => systematicBias([{ contestant: 'C1', totals: [{ judge: 'J1', tenths: 1.5 }] }])).toThrow(/whole tenths/);
  });
});
