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
  /** A merged panel's groups (planning may merge small groups); null or absent: `groupCode` alone. */
  mergedGroups?: string[] | null;
  /** The subject the panel judges; null or absent: any subject (a panel made by hand without one). */
  subject?: string | null;
  /** The organising school (preliminary), else null. */
  schoolId: number | null;
  /** The organising district (semi-final; a preliminary's school's district), else null. */
  districtId: number | null;
}

export interface EntrantFacts {
  contestId: number;
  round: RoundCode;
  groupCode: string;
  /** The entrant's subject (checked only against a panel that has one). */
  subject?: string;
  status: string;
  schoolId: number;
  districtId: number;
}

export type IneligibleRule = 'round' | 'group' | 'subject' | 'status' | 'school' | 'district';

/** The groups a panel judges. */
export function panelGroups(panel: Pick<PanelFacts, 'groupCode' | 'mergedGroups'>): string[] {
  return panel.mergedGroups && panel.mergedGroups.length ? panel.mergedGroups : [panel.groupCode];
}

/**
 * THE eligibility rule: a panel's contestants are exactly the round's active entrants of its
 * group(s) and subject (when it has one), in the preliminary of its school, in the semi-final of
 * its district, in the final anyone's. Returns why the entrant does not belong, or null.
 */
export function panelIneligibility(panel: PanelFacts, e: EntrantFacts): { rule: IneligibleRule; message: string } | null {
  const groups = panelGroups(panel);
  const subject = panel.subject ?? null;
  if (e.contestId !== panel.contestId || e.round !== panel.round) return { rule: 'round', message: `is not an entrant of this contest's ${panel.round}` };
  if (!groups.includes(e.groupCode)) return { rule: 'group', message: `is in group ${e.groupCode}, the panel judges ${groups.join('+')}` };
  if (subject !== null && e.subject !== subject) return { rule: 'subject', message: `is in subject ${e.subject}, the panel judges ${subject}` };
  if (e.status !== 'active') return { rule: 'status', message: `is ${e.status}` };
  if (panel.round === 'preliminary' && e.schoolId !== panel.schoolId) return { rule: 'school', message: 'is not an entrant of the panel’s school' };
  if (panel.round === 'semifinal' && e.districtId !== panel.districtId) return { rule: 'district', message: 'is not an entrant of the panel’s district' };
  return null;
}

/** panelIneligibility's message alone (null: the entrant belongs on the panel). */
export function panelMismatch(panel: PanelFacts, e: EntrantFacts): string | null {
  return panelIneligibility(panel, e)?.message ?? null;
}

export function belongsOnPanel(panel: PanelFacts, e: EntrantFacts): boolean {
  return panelIneligibility(panel, e) === null;
}

/**
 * panelIneligibility as a SQL condition over `round_entrants` (alias `e`), with named parameters
 * (`:pmContest`, …) for a query builder or better-sqlite3.
 */
export function panelMembershipSql(panel: PanelFacts, e = 'e'): { sql: string; params: Record<string, string | number | null> } {
  const groups = panelGroups(panel);
  const params: Record<string, string | number | null> = { pmContest: panel.contestId, pmRound: panel.round };
  groups.forEach((g, i) => (params[`pmGroup${i}`] = g));
  const parts = [`${e}.contest_id = :pmContest`, `${e}.round = :pmRound`, `${e}.group_code IN (${groups.map((_, i) => `:pmGroup${i}`).join(', ')})`, `${e}.status = 'active'`];
  if (panel.subject !== null && panel.subject !== undefined) {
    parts.push(`${e}.subject = :pmSubject`);
    params.pmSubject = panel.subject;
  }
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

export type ConflictKind = 'school' | 'district';

export interface ConflictParty {
  schoolId: number | null;
  districtId: number | null;
}

/**
 * Why this judge may not score this entrant (null: no conflict, 回避): a judge never scores a
 * contestant of their own school; in the final, not of their own district either.
 */
export function conflictOf(judge: ConflictParty, entrant: { schoolId: number; districtId: number }, round: RoundCode): ConflictKind | null {
  if (judge.schoolId !== null && judge.schoolId !== undefined && judge.schoolId === entrant.schoolId) return 'school';
  if (round === 'final' && judge.districtId !== null && judge.districtId !== undefined && judge.districtId === entrant.districtId) return 'district';
  return null;
}

/** The schools and districts of a group of contestants, for checking many judges against them at once. */
export interface ConflictSets {
  schools: Set<number>;
  districts: Set<number>;
}

export function conflictSets(entrants: { schoolId: number; districtId: number }[]): ConflictSets {
  const schools = new Set<number>();
  const districts = new Set<number>();
  for (const e of entrants) {
    schools.add(e.schoolId);
    districts.add(e.districtId);
  }
  return { schools, districts };
}

/**
 * conflictOf against every contestant of a group at once (set lookups, for the assignment of
 * thousands of judges): the first kind of conflict with any of them, or null. Tested equal to
 * applying conflictOf to each contestant.
 */
export function conflictWithAny(judge: ConflictParty, sets: ConflictSets, round: RoundCode): ConflictKind | null {
  if (judge.schoolId !== null && judge.schoolId !== undefined && sets.schools.has(judge.schoolId)) return 'school';
  if (round === 'final' && judge.districtId !== null && judge.districtId !== undefined && sets.districts.has(judge.districtId)) return 'district';
  return null;
}
