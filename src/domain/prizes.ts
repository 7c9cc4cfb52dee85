/**
 * Prize counts per group (RULES §5).
 *
 * Decisions (RULES §5 says only "counts by the same largest-remainder rule, at least
 * one first prize in any non-empty group"):
 *
 * 1. Levels are handled from the highest down (first, second, third), whatever the
 *    order of the `shares` array.
 * 2. For each level with share s%, the level's total round_half_up(s × C / 100), C =
 *    all contestants of all groups, is apportioned over the groups by
 *    {@link largestRemainder} — exactly as advancement places are — so every group
 *    gets the floor or the ceiling of s% of its own contestants.
 * 3. Every non-empty group gets at least one first prize: where the rule gave 0 it
 *    gives 1. This can push the first-prize total above round_half_up(15% × C):
 *    the guarantee wins over the total (RULES §5 states it as a rule).
 * 4. A group never gets more prizes than contestants. When the levels together
 *    exceed the group's contestants (possible with tiny groups: 1 contestant can be
 *    given a forced first prize plus a rounded-up second), the HIGHER levels are
 *    kept and the lower ones cut: levels are filled from first down, each capped at
 *    the contestants not yet given a prize. A cut place is not moved to another group.
 * 5. An empty group (0 contestants) gets 0 of every level.
 */
import type { PrizeCode, PrizeShare } from './preset';
import { largestRemainder } from './quotas';

/** Highest level first. */
export const PRIZE_ORDER: readonly PrizeCode[] = ['first', 'second', 'third'];

export interface PrizeGroupInput {
  code: string;
  contestants: number;
}

export interface PrizeGroupCounts {
  code: string;
  contestants: number;
  /** Prize code → number of prizes of that level in the group; every level of `shares` is present. */
  counts: Record<string, number>;
}

/** Prize counts of every group, in input order (decisions in the module header). */
export function prizeCounts(groups: PrizeGroupInput[], shares: PrizeShare[]): PrizeGroupCounts[] {
  const seen = new Set<string>();
  for (const s of shares) {
    if (!PRIZE_ORDER.includes(s.prize)) throw new RangeError(`unknown prize level ${JSON.stringify(s.prize)}`);
    if (seen.has(s.prize)) throw new RangeError(`prize level ${s.prize} appears twice`);
    seen.add(s.prize);
  }
  const levels = [...shares].sort((a, b) => PRIZE_ORDER.indexOf(a.prize) - PRIZE_ORDER.indexOf(b.prize));
  const units = groups.map((g) => ({ code: g.code, entrants: g.contestants }));
  // Raw counts by the largest-remainder rule (this also validates codes, contestants and shares).
  const raw = levels.map((level) => largestRemainder(level.share, units).map((a) => a.floor + a.extra));

  return groups.map((g, gi) => {
    const counts: Record<string, number> = {};
    let left = g.contestants;
    levels.forEach((level, li) => {
      let c = raw[li][gi];
      if (level.prize === 'first' && g.contestants > 0 && c === 0) c = 1;
      c = Math.min(c, left);
      counts[level.prize] = c;
      left -= c;
    });
    return { code: g.code, contestants: g.contestants, counts };
  });
}
