/**
 * Advancement's facts about entrants (RULES §4): who took part in a round, which kind of place an
 * advanced entrant holds, and which reserve takes a drawn place that fell free.
 *
 * "Took part" is written once here, as a predicate and as the SQL (a join and a condition, or an
 * inner join) the services filter by; took-part.spec.ts holds them equal.
 */

/**
 * Took part: the entrant has a result of the round (a round_results row, written when its panel
 * was locked with its scores). `result`: any column of that row, null or undefined when none.
 */
export function tookPart(result: unknown): boolean {
  return result !== null && result !== undefined;
}

/** The join that brings an entrant's result (alias `r`) next to the entrant (alias `e`). */
export function resultJoinSql(e = 'e', r = 'r'): string {
  return `LEFT JOIN round_results ${r} ON ${r}.entrant_id = ${e}.id`;
}

/** tookPart as a SQL condition over the joined result (alias `r`). */
export function tookPartSql(r = 'r'): string {
  return `${r}.entrant_id IS NOT NULL`;
}

/** Only the entrants who took part, as a join (the same rows as resultJoinSql + tookPartSql). */
export function tookPartJoinSql(e = 'e', r = 'r'): string {
  return `JOIN round_results ${r} ON ${r}.entrant_id = ${e}.id`;
}

export type EntrantSourceCode = 'all-staff' | 'recommended' | 'drawn' | 'reserve' | 're-recommended';

/**
 * The kind of place an advanced entrant holds, so what happens when it falls free: a recommended
 * place (recommended or re-recommended) goes back to the unit to recommend again; a drawn place
 * (drawn, or a reserve who took one) passes to the unit's next reserve.
 */
export function placeOf(source: EntrantSourceCode): 'recommended' | 'drawn' {
  return source === 'recommended' || source === 're-recommended' ? 'recommended' : 'drawn';
}

/**
 * The reserve who takes a freed drawn place: the first of the unit's reserve list (in the draw
 * record's order) not already on the round's list in any status (undefined: none left).
 */
export function nextReserve(reserve: readonly string[], onTheList: ReadonlySet<string>): string | undefined {
  return reserve.find((code) => !onTheList.has(code));
}
