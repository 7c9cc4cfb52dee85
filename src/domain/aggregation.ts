/**
 * Judges' entries → a contestant's result (RULES §3), exactly.
 *
 * A judge's total is the sum of the judge's item scores (integer tenths). The
 * contestant's total is a statistic of the judges' TOTALS (trimmed mean by
 * default; plain mean; median); each item's score is the same statistic taken
 * over that item's scores on its own (so the items need not add up to the
 * total). Sums and means are exact rationals; one half-up rounding to two
 * decimals at the end. Judges far from the others are flagged, never dropped.
 */
import type { AggregationConfig, AggregationMethod } from './preset';
import {
  Rational,
  compareRational,
  formatHundredths,
  formatRational,
  rational,
  roundHalfUpToHundredths,
  subtractRational,
  toTenths,
} from './points';
import { Sheet, validateSheet } from './sheets';

/** One judge's submitted scores for one contestant: integer tenths per item, in sheet order. */
export interface JudgeEntry {
  judge: string;
  tenths: number[];
}

/** A judge whose total is far from the median of the other judges' totals. */
export interface OutlierFlag {
  judge: string;
  rule: 'far-from-median';
  /** The judge's total, two decimals. */
  total: string;
  /**
   * The median of the other judges' totals nearest to this judge's (see nearestMedian: with an even
   * number of others, any value between the two middle ones is a median), two decimals.
   */
  medianOfOthers: string;
  /** Signed: total − medianOfOthers ('-12.50' = below the others), two decimals, exact. */
  difference: string;
}

export interface AggregateResult {
  method: AggregationMethod;
  /** Number of judges on the panel (entries aggregated). */
  judges: number;
  /** How many totals were dropped at EACH end (0 unless the trimmed mean applied). */
  trimmedEachEnd: number;
  totalHundredths: bigint;
  /** The published total, two decimals: '80.98'. */
  total: string;
  /** The unrounded total in points as a reduced fraction, for audit: 80.975 = { num: '3239', den: '40' }. */
  exactTotal: { num: string; den: string };
  /** Per-item statistic (same statistic taken per item), two decimals, in sheet order. */
  items: string[];
  itemHundredths: bigint[];
  /** Each judge's total, in entry order, two decimals. */
  judgeTotals: { judge: string; total: string }[];
  flags: OutlierFlag[];
}

const METHODS: readonly AggregationMethod[] = ['trimmed-mean', 'mean', 'median'];

/** Checks an aggregation config; throws an Error naming the bad field. Returns the outlier threshold in tenths. */
export function checkAggregationConfig(config: AggregationConfig): { outlierTenths: number } {
  if (!config || typeof config !== 'object') throw new Error('aggregation config is missing');
  if (!METHODS.includes(config.method)) {
    throw new Error(`aggregation.method: "${String(config.method)}" is not one of ${METHODS.join(', ')}`);
  }
  if (config.method === 'trimmed-mean') {
    if (!Number.isSafeInteger(config.trimEachEnd) || config.trimEachEnd < 0) {
      throw new Error(`aggregation.trimEachEnd: must be a whole number >= 0, got ${String(config.trimEachEnd)}`);
    }
    if (!Number.isSafeInteger(config.trimFromPanelSize) || config.trimFromPanelSize < 1) {
      throw new Error(
        `aggregation.trimFromPanelSize: must be a whole number >= 1, got ${String(config.trimFromPanelSize)}`,
      );
    }
    if (config.trimFromPanelSize <= 2 * config.trimEachEnd) {
      throw new Error(
        `aggregation.trimFromPanelSize: ${config.trimFromPanelSize} judges minus ${config.trimEachEnd} at each end leaves nobody; ` +
          `it must be greater than 2 × trimEachEnd = ${2 * config.trimEachEnd}`,
      );
    }
  }
  const outlierTenths = toTenths(config.outlierPoints as number | string, 'aggregation.outlierPoints');
  if (outlierTenths < 0) throw new Error('aggregation.outlierPoints: must not be negative');
  return { outlierTenths };
}

function sortedAsc(values: bigint[]): bigint[] {
  return [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function sum(values: bigint[]): bigint {
  return values.reduce((s, v) => s + v, 0n);
}

/** Median of integer values as an exact rational (even count: mean of the two middle values). */
export function medianOf(values: bigint[]): Rational {
  if (values.length === 0) throw new Error('median of no values');
  const s = sortedAsc(values);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? rational(s[mid]) : rational(s[mid - 1] + s[mid], 2n);
}

/**
 * The median of `values` nearest to `x`. With an odd count the median is the middle value; with an
 * even count every point between the two middle values is a median (each minimises the sum of
 * distances), so the one nearest to `x` is `x` itself when it lies between them, else the nearer of
 * the two. This is what "far from the median of the other judges" means: with three judges, the two
 * who agree are never far from the others' median, only the one who stands apart is.
 */
export function nearestMedian(values: bigint[], x: bigint): Rational {
  if (values.length === 0) throw new Error('median of no values');
  const s = sortedAsc(values);
  const mid = Math.floor(s.length / 2);
  if (s.length % 2 === 1) return rational(s[mid]);
  const [lo, hi] = [s[mid - 1], s[mid]];
  return rational(x < lo ? lo : x > hi ? hi : x);
}

/** How many values are dropped at each end for a panel of `n` judges under `config`. */
export function trimCount(n: number, config: AggregationConfig): number {
  return config.method === 'trimmed-mean' && n >= config.trimFromPanelSize ? config.trimEachEnd : 0;
}

/**
 * The configured statistic of integer values (tenths), exact, in the same unit.
 * Trimmed mean: sort, drop `trim` values at each end (one value per drop, so of
 * three equal highest only one goes), mean of the rest.
 */
export function statistic(values: bigint[], config: AggregationConfig): Rational {
  if (values.length === 0) throw new Error('statistic of no values');
  if (config.method === 'median') return medianOf(values);
  const trim = trimCount(values.length, config);
  const kept = sortedAsc(values).slice(trim, values.length - trim);
  return rational(sum(kept), BigInt(kept.length));
}

function tenthsToPoints(r: Rational): Rational {
  return rational(r.num, r.den * 10n);
}

/**
 * Aggregates one contestant's judges' entries on a sheet.
 * Throws an Error when: the sheet is invalid; the config is invalid; there are
 * no judges; a judge appears twice; an entry has the wrong number of scores; a
 * score is not a whole number of tenths within 0 … the item's points.
 */
export function aggregate(sheet: Sheet, entries: JudgeEntry[], config: AggregationConfig): AggregateResult {
  const sheetProblems = validateSheet(sheet);
  if (sheetProblems.length > 0) {
    throw new Error(`invalid sheet: ${sheetProblems.map((p) => p.message).join('; ')}`);
  }
  const { outlierTenths } = checkAggregationConfig(config);
  if (!Array.isArray(entries) || entries.length === 0) {
    throw new Error('no judges: a contestant needs at least one judge’s entry to be aggregated');
  }
  const seen = new Set<string>();
  for (const e of entries) {
    if (!e || typeof e.judge !== 'string' || e.judge.trim() === '') {
      throw new Error('every entry needs a judge identifier');
    }
    if (seen.has(e.judge)) throw new Error(`judge ${e.judge} has more than one entry for this contestant`);
    seen.add(e.judge);
    if (!Array.isArray(e.tenths) || e.tenths.length !== sheet.length) {
      const got = Array.isArray(e.tenths) ? e.tenths.length : 'no';
      throw new Error(`judge ${e.judge}: expected ${sheet.length} scores (one per sheet item), got ${got}`);
    }
    e.tenths.forEach((t, i) => {
      const item = sheet[i];
      if (!Number.isSafeInteger(t) || t < 0 || t > item.points * 10) {
        throw new Error(
          `judge ${e.judge}: score for ${item.name} (${item.key}) must be whole tenths from 0 to ${item.points * 10}, got ${String(t)}`,
        );
      }
    });
  }

  const totals = entries.map((e) => sum(e.tenths.map((t) => BigInt(t))));
  const exact = tenthsToPoints(statistic(totals, config));
  const totalHundredths = roundHalfUpToHundredths(exact.num, exact.den);

  const itemHundredths = sheet.map((_, i) => {
    const r = tenthsToPoints(statistic(entries.map((e) => BigInt(e.tenths[i])), config));
    return roundHalfUpToHundredths(r.num, r.den);
  });

  const flags: OutlierFlag[] = [];
  const threshold = rational(BigInt(outlierTenths));
  totals.forEach((t, j) => {
    const others = totals.filter((_, k) => k !== j);
    if (others.length === 0) return;
    const med = nearestMedian(others, t);
    const diff = subtractRational(rational(t), med); // tenths
    const abs = diff.num < 0n ? rational(-diff.num, diff.den) : diff;
    if (compareRational(abs, threshold) > 0) {
      flags.push({
        judge: entries[j].judge,
        rule: 'far-from-median',
        total: formatRational(tenthsToPoints(rational(t))),
        medianOfOthers: formatRational(tenthsToPoints(med)),
        difference: formatRational(tenthsToPoints(diff)),
      });
    }
  });

  return {
    method: config.method,
    judges: entries.length,
    trimmedEachEnd: trimCount(entries.length, config),
    totalHundredths,
    total: formatHundredths(totalHundredths),
    exactTotal: { num: exact.num.toString(), den: exact.den.toString() },
    items: itemHundredths.map((h) => formatHundredths(h)),
    itemHundredths,
    judgeTotals: entries.map((e, j) => ({ judge: e.judge, total: formatRational(tenthsToPoints(rational(totals[j]))) })),
    flags,
  };
}

// ---------------------------------------------------------------------------
// Systematic bias: is a judge harsh or lenient over all the contestants they scored?

/** One contestant's judges' totals (integer tenths). */
export interface ContestantTotals {
  contestant: string;
  totals: { judge: string; tenths: number }[];
}

export interface JudgeBias {
  judge: string;
  /** Contestants on which this judge could be compared (the contestant had at least one other judge). */
  contestants: number;
  /** Average of (judge's total − median of the other judges' totals), two decimals, signed; null when contestants = 0. */
  averageDeviation: string | null;
  /** The exact average in points as a reduced fraction; null when contestants = 0. */
  exactAverage: { num: string; den: string } | null;
  /** 'harsh' (average below −threshold), 'lenient' (above +threshold), or null. */
  flag: 'harsh' | 'lenient' | null;
}

export interface BiasOptions {
  /** Flag when |average deviation| is strictly greater than this (points, at most one decimal). */
  thresholdPoints?: number | string;
  /** Used when thresholdPoints is absent: the threshold is half of this (exact). */
  outlierPoints?: number | string;
}

/** The default bias threshold when neither option is given: half of the default 10-point outlier threshold. */
export const DEFAULT_BIAS_THRESHOLD_POINTS = 5;

/**
 * For each judge, the average signed deviation of the judge's total from the
 * median of the OTHER judges' totals for the same contestant, over every
 * contestant the judge scored that had at least one other judge. A judge whose
 * |average| exceeds the threshold (strictly) is flagged 'harsh' (negative) or
 * 'lenient' (positive). Threshold: options.thresholdPoints, else half of
 * options.outlierPoints, else 5 points. Exact arithmetic. Result sorted by
 * judge identifier (code-unit order). Throws on a judge listed twice for one
 * contestant or a total that is not whole non-negative tenths.
 */
export function systematicBias(contestants: ContestantTotals[], options: BiasOptions = {}): JudgeBias[] {
  let threshold: Rational; // in tenths
  if (options.thresholdPoints !== undefined) {
    threshold = rational(BigInt(toTenths(options.thresholdPoints, 'thresholdPoints')));
  } else if (options.outlierPoints !== undefined) {
    threshold = rational(BigInt(toTenths(options.outlierPoints, 'outlierPoints')), 2n);
  } else {
    threshold = rational(BigInt(DEFAULT_BIAS_THRESHOLD_POINTS * 10));
  }
  if (threshold.num < 0n) throw new Error('bias threshold must not be negative');

  const acc = new Map<string, { n: number; sum: Rational }>();
  const touch = (judge: string) => {
    let a = acc.get(judge);
    if (!a) {
      a = { n: 0, sum: rational(0n) };
      acc.set(judge, a);
    }
    return a;
  };
  for (const c of contestants) {
    const seen = new Set<string>();
    for (const t of c.totals) {
      if (seen.has(t.judge)) throw new Error(`contestant ${c.contestant}: judge ${t.judge} is listed twice`);
      seen.add(t.judge);
      if (!Number.isSafeInteger(t.tenths) || t.tenths < 0) {
        throw new Error(`contestant ${c.contestant}: judge ${t.judge}'s total must be whole tenths >= 0, got ${String(t.tenths)}`);
      }
    }
    const values = c.totals.map((t) => BigInt(t.tenths));
    c.totals.forEach((t, j) => {
      const a = touch(t.judge);
      const others = values.filter((_, k) => k !== j);
      if (others.length === 0) return;
      const dev = subtractRational(rational(values[j]), nearestMedian(others, values[j]));
      a.n += 1;
      a.sum = rational(a.sum.num * dev.den + dev.num * a.sum.den, a.sum.den * dev.den);
    });
  }

  const judges = [...acc.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return judges.map((judge) => {
    const a = acc.get(judge)!;
    if (a.n === 0) return { judge, contestants: 0, averageDeviation: null, exactAverage: null, flag: null };
    const avgTenths = rational(a.sum.num, a.sum.den * BigInt(a.n));
    const avgPoints = tenthsToPoints(avgTenths);
    const abs = avgTenths.num < 0n ? rational(-avgTenths.num, avgTenths.den) : avgTenths;
    const flag = compareRational(abs, threshold) > 0 ? (avgTenths.num < 0n ? 'harsh' : 'lenient') : null;
    return {
      judge,
      contestants: a.n,
      averageDeviation: formatRational(avgPoints),
      exactAverage: { num: avgPoints.num.toString(), den: avgPoints.den.toString() },
      flag,
    };
  });
}
