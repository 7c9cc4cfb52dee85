/**
 * The judging feature's named reads and writes of its panels, judge seats, panel contestants,
 * score sheets and judges' links, for the feature that plans the rounds, seats the judges, prints
 * the judge cards and follows the progress (planning). Another feature reaches these tables only
 * through here, find-panels.ts, panel-seats.ts or PanelsService. The statements are plain SQL
 * (src/database/sql.ts): a plan writes thousands of panels and contestants at once.
 */
import { EntityManager } from 'typeorm';
import { lockClause, lockRow } from '../database/row-lock';
import { marks, roundUnitCondition, sql } from '../database/sql';
import type { GroupCode, RoundCode } from '../domain/preset';

/** Which panels: a round of a contest, narrowed to a school's or a district's panels. */
export interface PanelScope {
  contestId: number;
  round: RoundCode;
  schoolId?: number;
  districtId?: number;
}

/** The scope as a condition on panels (alias p), with its parameters. */
const scoped = (scope: PanelScope) => roundUnitCondition('p', scope);

/* ------------------------------------------------------------------ panels of a scope */

/** How many score sheets the scope's panels have (any state). */
export async function scoreSheetsInScope(em: EntityManager, scope: PanelScope): Promise<number> {
  const w = scoped(scope);
  const [row] = await sql<{ n: number | string }>(em, `SELECT COUNT(*) AS n FROM score_sheets s JOIN panels p ON p.id = s.panel_id WHERE ${w.text}`, w.params);
  return Number(row.n);
}

/** The scope's open panels with their scoring extension, in id order. */
export async function openPanelsInScope(em: EntityManager, scope: PanelScope): Promise<{ id: number; scoringUntil: string | null }[]> {
  const w = scoped(scope);
  const rows = await sql<{ id: number; scoring_until: string | null }>(em, `SELECT p.id, p.scoring_until FROM panels p WHERE ${w.text} AND p.state = 'open' ORDER BY p.id`, w.params);
  return rows.map((r) => ({ id: Number(r.id), scoringUntil: r.scoring_until }));
}

/** Locks the scope's open panels (PostgreSQL; in id order), for a one-time step on them. */
export async function lockOpenPanels(em: EntityManager, scope: PanelScope): Promise<void> {
  const w = scoped(scope);
  await sql(em, `SELECT p.id FROM panels p WHERE ${w.text} AND p.state = 'open' ORDER BY p.id${lockClause(em, 'update', 'p')}`, w.params);
}

/** Locks one panel's row (PostgreSQL), as every change of a panel does first. */
export function lockPanel(em: EntityManager, panelId: number): Promise<boolean> {
  return lockRow(em, 'panels', panelId);
}

/** Sets the scoring extension of these panels (500 a statement). */
export async function extendPanelsScoring(em: EntityManager, panelIds: number[], until: string, now: string): Promise<void> {
  for (let i = 0; i < panelIds.length; i += 500) {
    const chunk = panelIds.slice(i, i + 500);
    await sql(em, `UPDATE panels SET scoring_until = ?, updated_at = ? WHERE id IN (${marks(chunk)})`, [until, now, ...chunk]);
  }
}

/** The codes of these panels, by id (a missing panel is left out). */
export async function panelCodes(em: EntityManager, panelIds: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  const unique = [...new Set(panelIds)];
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    for (const r of await sql<{ id: number; code: string }>(em, `SELECT id, code FROM panels WHERE id IN (${marks(chunk)})`, chunk)) out.set(Number(r.id), r.code);
  }
  return out;
}

/** A contest's preliminary and semi-final panels counted by district, round and state. */
export async function panelCountsByDistrict(em: EntityManager, contestId: number): Promise<{ districtId: number | null; round: string; state: string; n: number }[]> {
  const rows = await sql<{ district_id: number | null; round: string; state: string; n: number | string }>(
    em,
    `SELECT p.district_id, p.round, p.state, COUNT(*) AS n FROM panels p WHERE p.contest_id = ? AND p.round IN ('preliminary', 'semifinal') GROUP BY p.district_id, p.round, p.state`,
    [contestId],
  );
  return rows.map((r) => ({ districtId: r.district_id === null ? null : Number(r.district_id), round: r.round, state: r.state, n: Number(r.n) }));
}

/* ------------------------------------------------------------------ a round plan's panels */

/** A panel of an accepted round plan, with its contestants in order of appearance. */
export interface NewPlanPanel {
  contestId: number;
  code: string;
  round: RoundCode;
  groupCode: string;
  session: string;
  schoolId: number | null;
  districtId: number | null;
  subject: string | null;
  /** A merged panel's groups (null: groupCode alone). */
  mergedGroups: string[] | null;
  room: string | null;
  sessionDate: string | null;
  sessionTime: string | null;
  entrantIds: number[];
}

/** The ids of a plan's panels. */
export async function planPanelIds(em: EntityManager, planId: number): Promise<number[]> {
  return (await sql<{ id: number }>(em, 'SELECT p.id FROM panels p WHERE p.plan_id = ?', [planId])).map((r) => Number(r.id));
}

/** Locks a plan's panels (PostgreSQL) and answers the ids of those still there. */
export async function lockPlanPanels(em: EntityManager, planId: number): Promise<number[]> {
  return (await sql<{ id: number }>(em, `SELECT p.id FROM panels p WHERE p.plan_id = ?${lockClause(em, 'update', 'p')}`, [planId])).map((r) => Number(r.id));
}

/** Deletes a plan's panels (their seats, contestants and links go with them) and answers how many there were. */
export async function deletePlanPanels(em: EntityManager, planId: number): Promise<number> {
  const [n] = await sql<{ n: number | string }>(em, 'SELECT COUNT(*) AS n FROM panels WHERE plan_id = ?', [planId]);
  await sql(em, 'DELETE FROM panels WHERE plan_id = ?', [planId]);
  return Number(n.n);
}

/** Creates a plan's panels (open, not announced) with their contestants; answers the panels' ids by code. */
export async function createPlanPanels(em: EntityManager, planId: number, panels: NewPlanPanel[], now: string): Promise<Map<string, number>> {
  const rows = panels.map((v) => [
    v.contestId,
    v.code,
    v.round,
    v.groupCode,
    v.session,
    v.schoolId,
    v.districtId,
    now,
    now,
    v.subject,
    v.mergedGroups ? JSON.stringify(v.mergedGroups) : null,
    v.room,
    v.sessionDate,
    v.sessionTime,
    planId,
  ]);
  for (let i = 0; i < rows.length; i += 400) {
    const chunk = rows.slice(i, i + 400);
    await sql(
      em,
      `INSERT INTO panels (contest_id, code, round, group_code, session, school_id, district_id, state, announced, created_at, updated_at,
                           subject, merged_groups, room, session_date, session_time, plan_id)
       VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, ?, ?, 'open', FALSE, ?, ?, ?, ?, ?, ?, ?, ?)").join(', ')}`,
      chunk.flat(),
    );
  }
  const ids = new Map((await sql<{ id: number; code: string }>(em, 'SELECT id, code FROM panels WHERE plan_id = ?', [planId])).map((r) => [r.code, Number(r.id)]));
  const pcs: unknown[][] = [];
  for (const v of panels) v.entrantIds.forEach((e, i) => pcs.push([ids.get(v.code), e, i + 1, now]));
  for (let i = 0; i < pcs.length; i += 2000) {
    const chunk = pcs.slice(i, i + 2000);
    await sql(em, `INSERT INTO panel_contestants (panel_id, entrant_id, position, created_at) VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')}`, chunk.flat());
  }
  return ids;
}

/**
 * Of these entrants, those who sit on a panel not made by the plan `planId` (0: any panel), with
 * the codes of those panels (1,000 entrants a statement).
 */
export async function panelsOutsidePlan(em: EntityManager, entrantIds: number[], planId: number): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  for (let i = 0; i < entrantIds.length; i += 1000) {
    const chunk = entrantIds.slice(i, i + 1000);
    const rows = await sql<{ entrant_id: number; code: string }>(
      em,
      `SELECT pc.entrant_id, p.code FROM panel_contestants pc JOIN panels p ON p.id = pc.panel_id
        WHERE pc.entrant_id IN (${marks(chunk)}) AND (p.plan_id IS NULL OR p.plan_id <> ?) ORDER BY pc.id`,
      [...chunk, planId],
    );
    for (const r of rows) out.set(Number(r.entrant_id), [...(out.get(Number(r.entrant_id)) ?? []), r.code]);
  }
  return out;
}

/* ------------------------------------------------------------------ seats and the assignment */

/** The inputs of a judge assignment: the scope's open panels (id order), their contestants and their seats. */
export interface OpenPanelsForAssignment {
  panels: { id: number; code: string; subject: string | null; sessionDate: string | null; sessionTime: string | null; session: string }[];
  contestants: { panelId: number; entrantId: number }[];
  seats: { panelId: number; accountId: number; isHead: boolean }[];
}

export async function openPanelsForAssignment(em: EntityManager, scope: PanelScope): Promise<OpenPanelsForAssignment> {
  const w = scoped(scope);
  const base = `FROM panels p WHERE ${w.text} AND p.state = 'open'`;
  const panelRows = await sql<{ id: number; code: string; subject: string | null; session_date: string | null; session_time: string | null; session: string }>(
    em,
    `SELECT p.id, p.code, p.subject, p.session_date, p.session_time, p.session ${base} ORDER BY p.id`,
    w.params,
  );
  const entrantRows = await sql<{ panel_id: number; entrant_id: number }>(em, `SELECT pc.panel_id, pc.entrant_id FROM panel_contestants pc WHERE pc.panel_id IN (SELECT p.id ${base})`, w.params);
  const seatRows = await sql<{ panel_id: number; account_id: number; is_head: boolean | number }>(
    em,
    `SELECT pj.panel_id, pj.account_id, pj.is_head FROM panel_judges pj WHERE pj.panel_id IN (SELECT p.id ${base})`,
    w.params,
  );
  return {
    panels: panelRows.map((p) => ({ id: Number(p.id), code: p.code, subject: p.subject, sessionDate: p.session_date, sessionTime: p.session_time, session: p.session })),
    contestants: entrantRows.map((e) => ({ panelId: Number(e.panel_id), entrantId: Number(e.entrant_id) })),
    seats: seatRows.map((s) => ({ panelId: Number(s.panel_id), accountId: Number(s.account_id), isHead: !!s.is_head })),
  };
}

/** How many seats each judge account holds on the scope's panels (any state). */
export async function seatCountsInScope(em: EntityManager, scope: PanelScope): Promise<Map<number, number>> {
  const w = scoped(scope);
  const rows = await sql<{ account_id: number; n: number | string }>(
    em,
    `SELECT pj.account_id, COUNT(*) AS n FROM panel_judges pj JOIN panels p ON p.id = pj.panel_id WHERE ${w.text} GROUP BY pj.account_id`,
    w.params,
  );
  return new Map(rows.map((r) => [Number(r.account_id), Number(r.n)]));
}

/** Seats judges on panels (500 a statement). */
export async function insertPanelJudges(em: EntityManager, seats: { panelId: number; accountId: number; isHead: boolean }[], now: string): Promise<void> {
  for (let i = 0; i < seats.length; i += 500) {
    const chunk = seats.slice(i, i + 500);
    await sql(
      em,
      `INSERT INTO panel_judges (panel_id, account_id, is_head, created_at) VALUES ${chunk.map(() => '(?, ?, (? = 1), ?)').join(', ')}`,
      chunk.flatMap((s) => [s.panelId, s.accountId, s.isHead ? 1 : 0, now]),
    );
  }
}

/** Takes these judges off a panel. */
export async function removePanelJudges(em: EntityManager, panelId: number, accountIds: number[]): Promise<void> {
  if (accountIds.length) await sql(em, `DELETE FROM panel_judges WHERE panel_id = ? AND account_id IN (${marks(accountIds)})`, [panelId, ...accountIds]);
}

/** A panel's seats (in no particular order). */
export async function panelSeats(em: EntityManager, panelId: number): Promise<{ id: number; accountId: number; isHead: boolean }[]> {
  const rows = await sql<{ id: number; account_id: number; is_head: boolean | number }>(em, 'SELECT id, account_id, is_head FROM panel_judges WHERE panel_id = ?', [panelId]);
  return rows.map((r) => ({ id: Number(r.id), accountId: Number(r.account_id), isHead: !!r.is_head }));
}

/** A panel's judges in seat order. */
export async function panelJudgesInOrder(em: EntityManager, panelId: number): Promise<{ accountId: number; isHead: boolean }[]> {
  const rows = await sql<{ account_id: number; is_head: boolean | number }>(em, 'SELECT pj.account_id, pj.is_head FROM panel_judges pj WHERE pj.panel_id = ? ORDER BY pj.id', [panelId]);
  return rows.map((r) => ({ accountId: Number(r.account_id), isHead: !!r.is_head }));
}

/** The judge's seat on the panel; null when the account is no judge of it. */
export async function seatOf(em: EntityManager, panelId: number, accountId: number): Promise<{ id: number; isHead: boolean } | null> {
  const [row] = await sql<{ id: number; is_head: boolean | number }>(em, 'SELECT id, is_head FROM panel_judges WHERE panel_id = ? AND account_id = ?', [panelId, accountId]);
  return row ? { id: Number(row.id), isHead: !!row.is_head } : null;
}

/** Of these judges, those with a score sheet on the panel. */
export async function judgesWithSheets(em: EntityManager, panelId: number, judgeIds: number[]): Promise<number[]> {
  if (!judgeIds.length) return [];
  const rows = await sql<{ judge_id: number }>(em, `SELECT DISTINCT judge_id FROM score_sheets WHERE panel_id = ? AND judge_id IN (${marks(judgeIds)})`, [panelId, ...judgeIds]);
  return rows.map((r) => Number(r.judge_id));
}

/** The entrants on a panel (in no particular order). */
export async function panelEntrantIds(em: EntityManager, panelId: number): Promise<number[]> {
  return (await sql<{ entrant_id: number }>(em, 'SELECT pc.entrant_id FROM panel_contestants pc WHERE pc.panel_id = ?', [panelId])).map((r) => Number(r.entrant_id));
}

/** Is the entrant a contestant of the panel? */
export async function isPanelContestant(em: EntityManager, panelId: number, entrantId: number): Promise<boolean> {
  const [row] = await sql(em, 'SELECT id FROM panel_contestants WHERE panel_id = ? AND entrant_id = ?', [panelId, entrantId]);
  return !!row;
}

/* ------------------------------------------------------------------ judge cards */

/** Where and when a panel sits, as the judge cards and the progress page show it. */
export interface PanelSlot {
  code: string;
  subject: string | null;
  groupCode: GroupCode;
  mergedGroups: string | null;
  room: string | null;
  sessionDate: string | null;
  sessionTime: string | null;
  session: string;
}

/** A judge seat on an open panel, with what its card shows of the panel. */
export interface CardSeat extends PanelSlot {
  seat: number;
  panelId: number;
  accountId: number;
  isHead: boolean;
}

/** The seats of the scope's open panels (of one panel when given), by session, panel code, head first, seat. */
export async function openPanelSeats(em: EntityManager, scope: PanelScope, panelId?: number): Promise<CardSeat[]> {
  const w = scoped(scope);
  const rows = await sql<{
    seat: number; panel_id: number; code: string; subject: string | null; group_code: GroupCode; merged_groups: string | null;
    room: string | null; session_date: string | null; session_time: string | null; session: string; account_id: number; is_head: boolean | number;
  }>(
    em,
    `SELECT pj.id AS seat, p.id AS panel_id, p.code, p.subject, p.group_code, p.merged_groups, p.room, p.session_date, p.session_time, p.session,
            pj.account_id, pj.is_head
       FROM panel_judges pj JOIN panels p ON p.id = pj.panel_id
      WHERE ${w.text} AND p.state = 'open'${panelId ? ' AND p.id = ?' : ''}
      ORDER BY p.session_date, p.session_time, p.code, pj.is_head DESC, pj.id`,
    [...w.params, ...(panelId ? [panelId] : [])],
  );
  return rows.map((s) => ({
    seat: Number(s.seat),
    panelId: Number(s.panel_id),
    code: s.code,
    subject: s.subject,
    groupCode: s.group_code,
    mergedGroups: s.merged_groups,
    room: s.room,
    sessionDate: s.session_date,
    sessionTime: s.session_time,
    session: s.session,
    accountId: Number(s.account_id),
    isHead: !!s.is_head,
  }));
}

/** Revokes the live links of these seats (500 a statement). */
export async function revokeSeatLinks(em: EntityManager, seatIds: number[], now: string, by: string): Promise<void> {
  for (let i = 0; i < seatIds.length; i += 500) {
    const chunk = seatIds.slice(i, i + 500);
    await sql(em, `UPDATE judge_links SET revoked_at = ?, revoked_by = ? WHERE revoked_at IS NULL AND panel_judge_id IN (${marks(chunk)})`, [now, by, ...chunk]);
  }
}

/** Stores a seat's new link (its token's hash) and answers the link's id. */
export async function insertJudgeLink(em: EntityManager, seatId: number, tokenHash: string, by: string, now: string): Promise<number> {
  const [row] = await sql<{ id: number }>(em, 'INSERT INTO judge_links (panel_judge_id, token_hash, created_by, created_at) VALUES (?, ?, ?, ?) RETURNING id', [seatId, tokenHash, by, now]);
  return Number(row.id);
}

/* ------------------------------------------------------------------ progress */

/** A panel of the scope with its judges, contestants and submitted sheets counted. */
export interface PanelProgressRow extends PanelSlot {
  id: number;
  state: string;
  announced: boolean;
  judges: number;
  contestants: number;
  submitted: number;
}

/** Every panel of the scope (any state) with its counts, by session and code. */
export async function panelProgress(em: EntityManager, scope: PanelScope): Promise<PanelProgressRow[]> {
  const w = scoped(scope);
  const rows = await sql<{
    id: number; code: string; subject: string | null; group_code: GroupCode; merged_groups: string | null; room: string | null;
    session_date: string | null; session_time: string | null; session: string; state: string; announced: boolean | number;
    judges: number | string; contestants: number | string; submitted: number | string;
  }>(
    em,
    `SELECT p.id, p.code, p.subject, p.group_code, p.merged_groups, p.room, p.session_date, p.session_time, p.session, p.state, p.announced,
            (SELECT COUNT(*) FROM panel_judges pj WHERE pj.panel_id = p.id) AS judges,
            (SELECT COUNT(*) FROM panel_contestants pc WHERE pc.panel_id = p.id) AS contestants,
            (SELECT COUNT(*) FROM score_sheets s WHERE s.panel_id = p.id AND s.state = 'submitted') AS submitted
       FROM panels p WHERE ${w.text} ORDER BY p.session_date, p.session_time, p.code`,
    w.params,
  );
  return rows.map((p) => ({
    id: Number(p.id),
    code: p.code,
    subject: p.subject,
    groupCode: p.group_code,
    mergedGroups: p.merged_groups,
    room: p.room,
    sessionDate: p.session_date,
    sessionTime: p.session_time,
    session: p.session,
    state: p.state,
    announced: !!p.announced,
    judges: Number(p.judges),
    contestants: Number(p.contestants),
    submitted: Number(p.submitted),
  }));
}

/** The seats of the scope's panels whose judge has no score sheet on the panel yet, in seat order. */
export async function idleSeats(em: EntityManager, scope: PanelScope): Promise<{ panelId: number; accountId: number }[]> {
  const w = scoped(scope);
  const rows = await sql<{ panel_id: number; account_id: number }>(
    em,
    `SELECT pj.panel_id, pj.account_id FROM panel_judges pj JOIN panels p ON p.id = pj.panel_id
      WHERE ${w.text} AND NOT EXISTS (SELECT 1 FROM score_sheets s WHERE s.panel_id = pj.panel_id AND s.judge_id = pj.account_id) ORDER BY pj.id`,
    w.params,
  );
  return rows.map((r) => ({ panelId: Number(r.panel_id), accountId: Number(r.account_id) }));
}
