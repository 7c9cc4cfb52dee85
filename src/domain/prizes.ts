/**
 * Individual prizes of a round (RULES §5 "Prize counts"): counts per prize group and level, and the
 * winners in rank order.
 *
 *   1. T_k = round_half_up(s_k × C / 100), C = contestants of all the round's groups.
 *   2. T_k is apportioned over the groups by {@link largestRemainder} (RULES §4 rules 2 and 4, the
 *      same code as advancement places): floor(s_k × c_g / 100) each, the places left to the largest
 *      remainders, ties to the larger group, then the smaller group code (byte value).
 *   3. Option `firstPrizeInEveryGroup` (default off): a non-empty group that got no first prize gets
 *      one (above T_1); the report marks it `forced`.
 *   4. Levels are filled from first down; a group never gets more prizes than contestants: a level
 *      that would overflow the group is cut to what is left (`cut`, never moved to another group).
 *   5. Ties at a boundary (RULES §3 ranks): everyone sharing the rank of a level's last place gets
 *      that level (`tieShift`); the following levels shrink by as many, the nearest first, none below
 *      zero; at the last level the group simply has more prizes. Nobody with an equal rank gets a
 *      lower prize than another.
 *
 * All arithmetic is integer (shares are whole percents; scores are hundredths as bigint).
 */
import type { PrizeCode } from './preset';
import { compareBytes, largestRemainder } from './quotas';
import { rank } from './ranking';

/** Highest level first. */
export const PRIZE_ORDER: readonly PrizeCode[] = ['first', 'second', 'third'];

/** The Chinese name of each level. */
export const PRIZE_NAMES: Readonly<Record<PrizeCode, string>> = { first: '一等奖', second: '二等奖', third: '三等奖' };

export interface LevelShare {
  prize: PrizeCode;
  /** Whole percent of the round's contestants. */
  share: number;
}

export interface PrizeContestant {
  code: string;
  /** The published total in hundredths. */
  totalHundredths: bigint;
  /** Published item scores in hundredths, in sheet order. */
  itemHundredths: bigint[];
}

export interface PrizeGroupInput {
  code: string;
  contestants: PrizeContestant[];
}

export interface PrizeRoundInput {
  shares: LevelShare[];
  firstPrizeInEveryGroup: boolean;
  /** Item indices heaviest first (sheets.heaviestFirst): the tie-break order of RULES §3. */
  tieBreakOrder: number[];
  groups: PrizeGroupInput[];
}

/** One level of one group, every step of the count shown. */
export interface PrizeLevelReport {
  prize: PrizeCode;
  share: number;
  /** s × c_g / 100 as a decimal with two places ('2.10'). */
  exactShare: string;
  floor: number;
  /** The fractional part ('0.10'). */
  remainder: string;
  /** 1-based position in the round's largest-remainder order for this level. */
  tieOrder: number;
  /** 1 when the group received one of the level's leftover places. */
  extra: 0 | 1;
  /** floor + extra: the group's apportioned count. */
  apportioned: number;
  /** 1 when `firstPrizeInEveryGroup` raised a first prize from 0 to 1. */
  forced: 0 | 1;
  /** Places removed because the levels together would exceed the group (rule 3). */
  cut: number;
  /** Extra winners at this level's last place because of a tie across it. */
  tieShiftIn: number;
  /** Places this level lost to a tie shift of a higher level. */
  tieShiftOut: number;
  /** Winners of this level. */
  count: number;
}

export interface PrizeWinner {
  code: string;
  rank: number;
  prize: PrizeCode;
}

export interface TieShift {
  /** The level whose last place was tied. */
  prize: PrizeCode;
  /** The shared rank at the boundary. */
  rank: number;
  /** How many more received `prize`. */
  added: number;
  /** Where the places came from (nearest level first); empty at the last level. */
  takenFrom: { prize: PrizeCode; count: number }[];
  /** Places not taken from any lower level (the group has that many more prizes). */
  overflow: number;
}

export interface PrizeGroupReport {
  code: string;
  contestants: number;
  levels: PrizeLevelReport[];
  /** Every place removed by the cap (rule 3), per level. */
  cuts: { prize: PrizeCode; count: number }[];
  tieShifts: TieShift[];
  /** Winners in rank order (then code by byte value). */
  winners: PrizeWinner[];
  /** Everyone in rank order, with the prize or null. */
  ranking: { code: string; rank: number; prize: PrizeCode | null }[];
}

export interface PrizeLevelTotal {
  prize: PrizeCode;
  share: number;
  /** T_k = round_half_up(s × C / 100). */
  total: number;
  /** Winners of the level after the option, cuts and tie shifts. */
  awarded: number;
  /** First prizes added by `firstPrizeInEveryGroup`. */
  forced: number;
}

export interface PrizeRoundReport {
  contestants: number;
  firstPrizeInEveryGroup: boolean;
  levels: PrizeLevelTotal[];
  /** In input order. */
  groups: PrizeGroupReport[];
}

function hundredths(h: number): string {
  return `${Math.floor(h / 100)}.${String(h % 100).padStart(2, '0')}`;
}

/** Checks a round's shares: known levels, each once, whole percents 0..100, together at most 100. */
export function checkShares(shares: LevelShare[]): string | null {
  const seen = new Set<string>();
  let sum = 0;
  for (let i = 0; i < shares.length; i++) {
    const s = shares[i];
    if (!PRIZE_ORDER.includes(s.prize)) return `shares[${i}].prize must be one of ${PRIZE_ORDER.join(', ')}`;
    if (seen.has(s.prize)) return `shares[${i}].prize ${s.prize} appears twice`;
    seen.add(s.prize);
    if (!Number.isInteger(s.share) || s.share < 0 || s.share > 100) return `shares[${i}].share must be a whole percent from 0 to 100`;
    sum += s.share;
  }
  if (sum > 100) return `the shares add up to ${sum}%, more than 100%`;
  return null;
}

/** The prizes of a round (rules in the module header). Throws RangeError on invalid input. */
export function computePrizes(input: PrizeRoundInput): PrizeRoundReport {
  const problem = checkShares(input.shares);
  if (problem) throw new RangeError(problem);
  const levels = [...input.shares].sort((a, b) => PRIZE_ORDER.indexOf(a.prize) - PRIZE_ORDER.indexOf(b.prize));
  const units = input.groups.map((g) => ({ code: g.code, entrants: g.contestants.length }));
  const C = units.reduce((s, u) => s + u.entrants, 0);
  const apportioned = levels.map((l) => largestRemainder(l.share, units));

  const groups: PrizeGroupReport[] = input.groups.map((g, gi) => {
    const c = g.contestants.length;
    let left = c;
    const rows: PrizeLevelReport[] = levels.map((l, li) => {
      const a = apportioned[li][gi];
      const base = a.floor + a.extra;
      let want = base;
      let forced: 0 | 1 = 0;
      if (l.prize === 'first' && input.firstPrizeInEveryGroup && c > 0 && want === 0) {
        want = 1;
        forced = 1;
      }
      const count = Math.min(want, left);
      left -= count;
      return {
        prize: l.prize,
        share: l.share,
        exactShare: hundredths(l.share * c),
        floor: a.floor,
        remainder: hundredths(a.remainderNum),
        tieOrder: a.tieOrder,
        extra: a.extra,
        apportioned: base,
        forced,
        cut: want - count,
        tieShiftIn: 0,
        tieShiftOut: 0,
        count,
      };
    });

    const ranked = rank(
      g.contestants.map((x) => ({ id: x.code, totalHundredths: x.totalHundredths, itemHundredths: x.itemHundredths })),
      input.tieBreakOrder,
    );
    // Rank output is by rank then id in code-unit order; re-sort ties by byte value for the report.
    ranked.sort((a, b) => a.rank - b.rank || compareBytes(a.id, b.id));
    const prizeOf: (PrizeCode | null)[] = ranked.map(() => null);
    const tieShifts: TieShift[] = [];
    let p = 0;
    rows.forEach((row, li) => {
      let end = Math.min(p + row.count, c); // exclusive
      for (let i = p; i < end; i++) prizeOf[i] = row.prize;
      if (row.count > 0 && end < c && ranked[end].rank === ranked[end - 1].rank) {
        const boundaryRank = ranked[end - 1].rank;
        let added = 0;
        while (end < c && ranked[end].rank === boundaryRank) {
          prizeOf[end] = row.prize;
          end++;
          added++;
        }
        row.tieShiftIn = added;
        row.count += added;
        let need = added;
        const takenFrom: { prize: PrizeCode; count: number }[] = [];
        for (let k = li + 1; k < rows.length && need > 0; k++) {
          const take = Math.min(need, rows[k].count);
          if (take > 0) {
            rows[k].count -= take;
            rows[k].tieShiftOut += take;
            takenFrom.push({ prize: rows[k].prize, count: take });
            need -= take;
          }
        }
        tieShifts.push({ prize: row.prize, rank: boundaryRank, added, takenFrom, overflow: need });
      }
      p = end;
    });
    const ranking = ranked.map((r, i) => ({ code: r.id, rank: r.rank, prize: prizeOf[i] }));
    return {
      code: g.code,
      contestants: c,
      levels: rows,
      cuts: rows.filter((r) => r.cut > 0).map((r) => ({ prize: r.prize, count: r.cut })),
      tieShifts,
      winners: ranking.filter((r) => r.prize !== null).map((r) => ({ code: r.code, rank: r.rank, prize: r.prize as PrizeCode })),
      ranking,
    };
  });

  return {
    contestants: C,
    firstPrizeInEveryGroup: input.firstPrizeInEveryGroup,
    levels: levels.map((l, li) => ({
      prize: l.prize,
      share: l.share,
      total: apportioned[li].reduce((s, a) => s + a.floor + a.extra, 0),
      awarded: groups.reduce((s, g) => s + g.levels[li].count, 0),
      forced: groups.reduce((s, g) => s + g.levels[li].forced, 0),
    })),
    groups,
  };
}

/** Parses a published two-decimal score ('87.63', '87.6', '87') into hundredths; null when malformed. */
export function parseScoreHundredths(text: unknown): bigint | null {
  if (typeof text !== 'string' && typeof text !== 'number') return null;
  const s = String(text);
  const m = /^(\d{1,6})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return BigInt(m[1]) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
}
