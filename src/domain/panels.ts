/**
 * Judging panels (RULES §3): which entrants belong on a panel, the groups contestants are ranked
 * in, and the conflict of interest between a judge and a contestant.
 *
 * Which entrants belong on a panel is written once here, as a predicate and as the SQL condition
 * that finds the same entrants (panelMembershipSql); panels.spec.ts holds the two equal.
 */
import type { RoundCode } from './preset';

export interface PanelFacts {
  contestId: number;
  round: RoundCode;
  groupCode: string;
  /** The organising school (preliminary), else null. */
  schoolId: number | null;
  /** The organising district (semi-final; a preliminary's school's district), else null. */
  districtId: number | null;
}

export interface EntrantFacts {
  contestId: number;
  round: RoundCode;
  groupCode: string;
  status: string;
  schoolId: number;
  districtId: number;
}

/**
 * Why an entrant does not belong on the panel (null: it does): the panel's contest, round and
 * group, still active, and in its scope (a preliminary: the school's own; a semi-final: the
 * district's own; the final: anyone).
 */
export function panelMismatch(panel: PanelFacts, e: EntrantFacts): string | null {
  if (e.contestId !== panel.contestId || e.round !== panel.round) return `is not an entrant of this contest's ${panel.round}`;
  if (e.groupCode !== panel.groupCode) return `is in group ${e.groupCode}, the panel judges ${panel.groupCode}`;
  if (e.status !== 'active') return `is ${e.status}`;
  if (panel.round === 'preliminary' && e.schoolId !== panel.schoolId) return 'is not an entrant of the panel’s school';
  if (panel.round === 'semifinal' && e.districtId !== panel.districtId) return 'is not an entrant of the panel’s district';
  return null;
}

export function belongsOnPanel(panel: PanelFacts, e: EntrantFacts): boolean {
  return panelMismatch(panel, e) === null;
}

/**
 * panelMismatch as a SQL condition over `round_entrants` (alias `e`), with named parameters
 * (`:pmContest`, …) for a query builder or better-sqlite3.
 */
export function panelMembershipSql(panel: PanelFacts, e = 'e'): { sql: string; params: Record<string, string | number | null> } {
  const parts = [`${e}.contest_id = :pmContest`, `${e}.round = :pmRound`, `${e}.group_code = :pmGroup`, `${e}.status = 'active'`];
  const params: Record<string, string | number | null> = { pmContest: panel.contestId, pmRound: panel.round, pmGroup: panel.groupCode };
  if (panel.round === 'preliminary') {
    parts.push(`${e}.school_id = :pmSchool`);
    params.pmSchool = panel.schoolId;
  }
  if (panel.round === 'semifinal') {
    parts.push(`${e}.district_id = :pmDistrict`);
    params.pmDistrict = panel.districtId;
  }
  return { sql: parts.join(' AND '), params };
}

/**
 * The group a contestant is ranked in within a panel (RULES §3): the group in the preliminary (a
 * school's panel judges one group of one school), subject × group in the semi-final and final.
 */
export function rankingGroup(round: RoundCode, groupCode: string, subject: string): string {
  return round === 'preliminary' ? groupCode : `${subject}:${groupCode}`;
}

/**
 * Why this judge may not score this entrant (null: no conflict): a judge never scores a
 * contestant of their own school; in the final, not of their own district either.
 */
export function conflictOf(
  judge: { schoolId: number | null; districtId: number | null },
  entrant: { schoolId: number; districtId: number },
  round: RoundCode,
): 'school' | 'district' | null {
  if (judge.schoolId !== null && judge.schoolId === entrant.schoolId) return 'school';
  if (round === 'final' && judge.districtId !== null && judge.districtId === entrant.districtId) return 'district';
  return null;
}
