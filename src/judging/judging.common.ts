/**
 * Shared by the judging services: who organises (manages) a panel, who may look at it, the
 * effective score sheet of a contestant, and the conflict-of-interest rule.
 */
import { EntityManager, In } from 'typeorm';
import { AppError } from '../common/errors';
import { AuthUser } from '../common/roles';
import { RoundEntrant } from '../contestants/round-entrant.entity';
import { Contest } from '../contests/contest.entity';
import type { AggregationConfig, ContestPreset, RoundCode } from '../domain/preset';
import { formatTenths } from '../domain/points';
import type { PanelScope } from '../domain/planning';
import { finalSheetFor, Sheet } from '../domain/sheets';
import { Teacher } from '../registry/teacher.entity';
import { Panel, PanelContestant, SchoolSheet } from './judging.entity';

export function roleForbidden(user: AuthUser, what: string): AppError {
  return new AppError('ROLE_FORBIDDEN', `Role ${user.role} may not ${what}`);
}

/** The organiser of a panel: the city (everything), the district of a semi-final, the school of a preliminary. */
export function canManage(user: AuthUser, panel: Pick<Panel, 'round' | 'schoolId' | 'districtId'>): boolean {
  switch (user.role) {
    case 'city_admin':
      return true;
    case 'district_admin':
      return panel.round === 'semifinal' && panel.districtId === user.districtId;
    case 'school_admin':
      return panel.round === 'preliminary' && panel.schoolId === user.schoolId;
    default:
      return false;
  }
}

export function assertManage(user: AuthUser, panel: Panel): void {
  if (user.role === 'judge') throw roleForbidden(user, "manage a panel (the panel's organiser does)");
  if (!canManage(user, panel)) throw new AppError('OUT_OF_SCOPE', `Panel ${panel.id} is not organised by you`);
}

/** Organisers who may look at a panel: its manager, and the district of a school's preliminary. */
export function canView(user: AuthUser, panel: Panel): boolean {
  return canManage(user, panel) || (user.role === 'district_admin' && panel.districtId !== null && panel.districtId === user.districtId);
}

export async function findPanel(em: EntityManager, id: number): Promise<Panel> {
  const p = await em.getRepository(Panel).findOneBy({ id });
  if (!p) throw AppError.notFound('PANEL_NOT_FOUND', 'Panel', id);
  return p;
}

/** What the domain's eligibility rule needs of a panel. */
export function panelScope(panel: Pick<Panel, 'contestId' | 'round' | 'subject' | 'groupCode' | 'mergedGroups' | 'schoolId' | 'districtId'>): PanelScope {
  return {
    contestId: panel.contestId,
    round: panel.round,
    subject: panel.subject ?? null,
    groupCodes: panel.mergedGroups && panel.mergedGroups.length ? panel.mergedGroups : [panel.groupCode],
    schoolId: panel.schoolId,
    districtId: panel.districtId,
  };
}

export function presetOf(contest: Contest): ContestPreset {
  return { ...(contest.settings as ContestPreset), subjects: contest.subjects };
}

export function aggregationOf(contest: Contest): AggregationConfig {
  return contest.settings.aggregation;
}

/** The round's base sheet (final: labelled for the subject). */
export function baseSheet(contest: Contest, round: RoundCode, subject?: string | null): Sheet {
  if (round === 'final') return finalSheetFor(subject ?? '', presetOf(contest));
  return contest.settings.sheets[round].map((it) => ({ ...it }));
}

/** The sheet a contestant is scored on: the school's own preliminary sheet when it has one. */
export async function sheetForEntrant(
  em: EntityManager,
  contest: Contest,
  entrant: Pick<RoundEntrant, 'round' | 'schoolId' | 'subject'>,
): Promise<Sheet> {
  if (entrant.round === 'preliminary') {
    const own = await em.getRepository(SchoolSheet).findOneBy({ contestId: contest.id, schoolId: entrant.schoolId });
    if (own) return own.items;
  }
  return baseSheet(contest, entrant.round, entrant.subject);
}

/**
 * sheetForEntrant for the contestants of one panel: each distinct sheet (a school's own in the
 * preliminary; the round's, by subject, otherwise) is looked up once, not once per contestant.
 */
export function sheetLookup(em: EntityManager, contest: Contest): (entrant: Pick<RoundEntrant, 'round' | 'schoolId' | 'subject'>) => Promise<Sheet> {
  const seen = new Map<string, Promise<Sheet>>();
  return (entrant) => {
    const key = `${entrant.round}|${entrant.round === 'preliminary' ? entrant.schoolId : entrant.subject}`;
    let sheet = seen.get(key);
    if (!sheet) seen.set(key, (sheet = sheetForEntrant(em, contest, entrant)));
    return sheet;
  };
}

/** The conflict-of-interest rule lives in the domain (src/domain/conflict.ts). */
export { conflictOf } from '../domain/conflict';

export function conflictMessage(kind: 'school' | 'district', judge: { displayName: string }, entrant: { code: string }): string {
  return kind === 'school'
    ? `Judge ${judge.displayName} teaches at the school of contestant ${entrant.code} (conflict of interest)`
    : `Judge ${judge.displayName} is from the district of contestant ${entrant.code} (conflict of interest in the final)`;
}

/** Tenths → '7.5'. */
export function tenthsText(t: number | null): string {
  return t === null || t === undefined ? '' : formatTenths(t);
}

export interface PanelContestantRow {
  entrant: RoundEntrant;
  position: number;
  /** The teacher's name ('' when names were not asked for). */
  name: string;
}

/** A panel's contestants in order of appearance, with their entrant rows and (unless not wanted) names. */
export async function panelContestants(em: EntityManager, panelId: number, withNames = true): Promise<PanelContestantRow[]> {
  const pcs = await em.getRepository(PanelContestant).find({ where: { panelId }, order: { position: 'ASC' } });
  if (!pcs.length) return [];
  const entrants = new Map((await em.getRepository(RoundEntrant).findBy({ id: In(pcs.map((p) => p.entrantId)) })).map((e) => [e.id, e]));
  const names = new Map<number, string>();
  if (withNames) {
    const teachers = await em.getRepository(Teacher).findBy({ id: In([...entrants.values()].map((e) => e.teacherId)) });
    for (const t of teachers) names.set(t.id, t.name);
  }
  return pcs.map((pc) => {
    const entrant = entrants.get(pc.entrantId)!;
    return { entrant, position: pc.position, name: names.get(entrant.teacherId) ?? '' };
  });
}
