/**
 * Ranking within a group (RULES §3): by total descending; ties broken by the
 * heaviest item, then the next-heaviest, and so on; contestants still equal
 * share the rank (standard competition ranking 1, 2, 2, 4). Ranking uses the
 * published (rounded) hundredths, so anyone can check it from the published list.
 */

export interface Rankable {
  id: string;
  totalHundredths: bigint;
  /** Per-item scores in sheet order (hundredths). */
  itemHundredths: bigint[];
}

export interface RankedRow {
  id: string;
  rank: number;
}

function cmpBigDesc(a: bigint, b: bigint): number {
  return a > b ? -1 : a < b ? 1 : 0;
}

function cmpId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Ranks rows. `tieBreakOrder` lists item indices, heaviest first (see
 * sheets.heaviestFirst). Output is ordered by rank, then by id (code-unit
 * order, not locale collation). Throws on duplicate ids, a tie-break index
 * that a row has no item for, or an invalid index.
 */
export function rank(rows: Rankable[], tieBreakOrder: number[]): RankedRow[] {
  const ids = new Set<string>();
  for (const r of rows) {
    if (ids.has(r.id)) throw new Error(`ranking: id ${r.id} appears more than once`);
    ids.add(r.id);
  }
  for (const k of tieBreakOrder) {
    if (!Number.isSafeInteger(k) || k < 0) throw new Error(`ranking: tie-break index ${String(k)} is not a valid item index`);
    for (const r of rows) {
      if (k >= r.itemHundredths.length) {
        throw new Error(`ranking: ${r.id} has no item ${k} (it has ${r.itemHundredths.length} items)`);
      }
    }
  }
  const merit = (a: Rankable, b: Rankable): number => {
    const c = cmpBigDesc(a.totalHundredths, b.totalHundredths);
    if (c !== 0) return c;
    for (const k of tieBreakOrder) {
      const d = cmpBigDesc(a.itemHundredths[k], b.itemHundredths[k]);
      if (d !== 0) return d;
    }
    return 0;
  };
  const sorted = [...rows].sort((a, b) => merit(a, b) || cmpId(a.id, b.id));
  const out: RankedRow[] = [];
  sorted.forEach((r, i) => {
    const rankNo = i > 0 && merit(sorted[i - 1], r) === 0 ? out[i - 1].rank : i + 1;
    out.push({ id: r.id, rank: rankNo });
  });
  return out;
}
