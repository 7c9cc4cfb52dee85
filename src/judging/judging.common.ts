/**
 * Shared by the judging services: the panel lookup, the effective score sheet of a contestant, and
 * the conflict-of-interest rule. Who may manage or look at a panel is the access policy's
 * (src/access/judging.access.ts).
 */
import { contestRules } from '../contests/contest-rules';
import { EntityManager } from 'typeorm';
import { AppError } from '../common/errors';
import { entrantsWithIds } from '../contestants/find-entrants';
import type { RoundEntrant } from '../contestants/round-entrant.entity';
import { Contest } from '../contests/contest.entity';
import type { AggregationConfig, RoundCode } from '../domain/preset';
import { formatTenths } from '../domain/points';
import { finalSheetFor, Sheet } from '../domain/sheets';
import { districtNames, schoolNames, teachersByIds } from '../registry/find-registry';
import { AuthUser } from '../common/roles';
import { Panel, PanelContestant, PanelJudge, SchoolSheet } from './judging.entity';

export async function findPanel(em: EntityManager, id: number): Promise<Panel> {
  const p = await em.getRepository(Panel).findOneBy({ id });
  if (!p) throw AppError.notFound('PANEL_NOT_FOUND', 'Panel', id);
  return p;
}

/** The caller's seat on the panel; NOT_ON_PANEL when the caller is no judge of it. */
export async function judgeSeat(em: EntityManager, user: AuthUser, panelId: number): Promise<PanelJudge> {
  const pj = await em.getRepository(PanelJudge).findOneBy({ panelId, accountId: user.id });
  if (!pj) throw new AppError('NOT_ON_PANEL', `You are not a judge of panel ${panelId}`);
  return pj;
}

export function aggregationOf(contest: Contest): AggregationConfig {
  return contest.settings.aggregation;
}

/** The round's base sheet (final: labelled for the subject). */
export function baseSheet(contest: Contest, round: RoundCode, subject?: string | null): Sheet {
  if (round === 'final') return finalSheetFor(subject ?? '', contestRules(contest).preset);
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

/** The conflict-of-interest rule is the domain's (src/domain/panels.ts). */
export { conflictOf } from '../domain/panels';

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
  const entrants = new Map((await entrantsWithIds(em, pcs.map((p) => p.entrantId))).map((e) => [e.id, e]));
  const names = new Map<number, string>();
  if (withNames) {
    for (const t of (await teachersByIds(em, [...entrants.values()].map((e) => e.teacherId))).values()) names.set(t.id, t.name);
  }
  return pcs.map((pc) => {
    const entrant = entrants.get(pc.entrantId)!;
    return { entrant, position: pc.position, name: names.get(entrant.teacherId) ?? '' };
  });
}

/**
 * What pages call a panel: its organiser and session (「新河镇中心小学 · 第一场（上午）」), the
 * code being the reference for records and files. A semi-final is named by its district, the final
 * by the city.
 */
export async function panelNames(em: EntityManager, panels: Pick<Panel, 'id' | 'round' | 'schoolId' | 'districtId' | 'session'>[]): Promise<Map<number, string>> {
  const schoolIds = [...new Set(panels.map((p) => p.schoolId).filter((x): x is number => x !== null))];
  const districtIds = [...new Set(panels.map((p) => p.districtId).filter((x): x is number => x !== null))];
  const schools = await schoolNames(em, schoolIds);
  const districts = await districtNames(em, districtIds);
  const out = new Map<number, string>();
  for (const p of panels) {
    const unit =
      p.round === 'preliminary' && p.schoolId !== null ? (schools.get(p.schoolId) ?? '')
      : p.round === 'semifinal' && p.districtId !== null ? `${districts.get(p.districtId) ?? ''}复赛`
      : p.round === 'final' ? '市级决赛' : '';
    out.set(p.id, [unit, p.session].filter(Boolean).join(' · '));
  }
  return out;
}

/** The name of one panel (panelNames). */
export async function panelName(em: EntityManager, panel: Pick<Panel, 'id' | 'round' | 'schoolId' | 'districtId' | 'session'>): Promise<string> {
  return (await panelNames(em, [panel])).get(panel.id) ?? panel.session;
}
