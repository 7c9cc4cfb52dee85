/**
 * The contestants feature's named reads and writes of the round entrants, for the features that
 * announce, award or withdraw them: another feature reaches these rows only through here.
 */
import { EntityManager, In } from 'typeorm';
import { marks, roundUnitCondition, sql } from '../database/sql';
import { PanelFacts, panelMembershipSql } from '../domain/panels';
import type { PlanEntrant } from '../domain/planning';
import type { RoundCode } from '../domain/preset';
import { schoolNames, teachersByIds } from '../registry/find-registry';
import { resultJoinSql, tookPartJoinSql } from '../domain/took-part';
import { EntrantStatus, RoundEntrant } from './round-entrant.entity';
import { RoundResult } from './round-result.entity';

/** Which entrants: a round of a contest (active only unless said), narrowed to a school, a district or one entrant. */
export type EntrantScope =
  | { contestId: number; round: RoundCode; schoolId?: number; districtId?: number }
  | { entrantId: number };

/** An entrant with the teacher's name and ID number and the school's name: a row of a public list. */
export interface ListedEntrant {
  id: number;
  code: string;
  source: string;
  subject: string;
  groupCode: string;
  schoolId: number;
  districtId: number;
  teacherName: string;
  idNumber: string;
  schoolName: string;
}

/** The scope as a condition on round_entrants (alias e): active entrants only unless `activeOnly` is false. */
function where(scope: EntrantScope, activeOnly = true): { text: string; params: unknown[] } {
  if ('entrantId' in scope) return { text: 'e.id = ?', params: [scope.entrantId] };
  const c = roundUnitCondition('e', scope);
  return activeOnly ? { text: `${c.text} AND e.status = 'active'`, params: c.params } : c;
}

/**
 * The entrants of the scope with their teacher's and school's names, in entrant-code order: one
 * plain read of the entrants, and the registry's reads of their teachers and schools (a list of a
 * district is hundreds of rows). An entrant whose teacher or school is not found is left out.
 */
export async function listedEntrants(em: EntityManager, scope: EntrantScope): Promise<ListedEntrant[]> {
  const w = where(scope);
  const rows = await sql<{ id: number; code: string; source: string; subject: string; groupCode: string; schoolId: number; districtId: number; teacherId: number }>(
    em,
    `SELECT e.id, e.code, e.source, e.subject, e.group_code AS "groupCode", e.school_id AS "schoolId", e.district_id AS "districtId", e.teacher_id AS "teacherId"
       FROM round_entrants e
      WHERE ${w.text} ORDER BY e.code`,
    w.params,
  );
  const teachers = await teachersByIds(em, rows.map((r) => Number(r.teacherId)));
  const schools = await schoolNames(em, rows.map((r) => Number(r.schoolId)));
  return rows.flatMap((r) => {
    const teacher = teachers.get(Number(r.teacherId));
    const schoolName = schools.get(Number(r.schoolId));
    if (!teacher || schoolName === undefined) return [];
    return [
      {
        id: Number(r.id),
        code: String(r.code),
        source: String(r.source),
        subject: String(r.subject),
        groupCode: String(r.groupCode),
        schoolId: Number(r.schoolId),
        districtId: Number(r.districtId),
        teacherName: String(teacher.name),
        idNumber: String(teacher.idNumber),
        schoolName: String(schoolName),
      },
    ];
  });
}

/** How many active entrants a round has, in a school or a district. */
export async function countActiveEntrants(em: EntityManager, scope: { contestId: number; round: RoundCode; schoolId?: number; districtId?: number }): Promise<number> {
  const w = where(scope);
  const [{ n }] = await sql(em, `SELECT COUNT(*) AS n FROM round_entrants e WHERE ${w.text}`, w.params);
  return Number(n);
}

/** The active entrants of a round counted per school or per district, by its id. */
export async function activeEntrantsPer(em: EntityManager, unit: 'school' | 'district', contestId: number, round: RoundCode): Promise<Map<number, number>> {
  const column = unit === 'school' ? 'school_id' : 'district_id';
  const rows = await sql(em, `SELECT ${column} AS id, COUNT(*) AS n FROM round_entrants WHERE contest_id = ? AND round = ? AND status = 'active' GROUP BY ${column}`, [contestId, round]);
  return new Map(rows.map((r) => [Number(r.id), Number(r.n)]));
}

/** One entrant, or null. */
export function findEntrant(em: EntityManager, id: number): Promise<RoundEntrant | null> {
  return em.getRepository(RoundEntrant).findOne({ where: { id } });
}

/**
 * Sets an active entrant's status (withdrawn, disqualified) on the row the caller read and answers
 * the row before and after, for the caller's audit entry; null when it is no longer active.
 */
export async function endEntrant(em: EntityManager, e: RoundEntrant, status: Exclude<EntrantStatus, 'active'>, now: string): Promise<{ before: RoundEntrant; after: RoundEntrant } | null> {
  if (e.status !== 'active') return null;
  const before = { ...e };
  e.status = status;
  e.updatedAt = now;
  await em.getRepository(RoundEntrant).save(e);
  return { before, after: e };
}

/** The round's active entrants (of one district when given), in id order. */
export function activeEntrants(em: EntityManager, contestId: number, round: RoundCode, districtId?: number): Promise<RoundEntrant[]> {
  return em.getRepository(RoundEntrant).find({
    where: districtId !== undefined ? { contestId, round, districtId, status: 'active' } : { contestId, round, status: 'active' },
    order: { id: 'ASC' },
  });
}

/** The round's active entrants of a school, in id order. */
export function activeEntrantsOfSchool(em: EntityManager, contestId: number, round: RoundCode, schoolId: number): Promise<RoundEntrant[]> {
  return em.getRepository(RoundEntrant).find({ where: { contestId, round, schoolId, status: 'active' }, order: { id: 'ASC' } });
}

/** The round's results, by entrant id. */
export async function roundResults(em: EntityManager, contestId: number, round: RoundCode): Promise<Map<number, RoundResult>> {
  return new Map((await em.getRepository(RoundResult).find({ where: { contestId, round } })).map((r) => [r.entrantId, r]));
}

/** The round's entrant with this entrant code, or null. */
export function entrantByCode(em: EntityManager, contestId: number, round: RoundCode, code: string): Promise<RoundEntrant | null> {
  return em.getRepository(RoundEntrant).findOne({ where: { contestId, round, code } });
}

/** The round's entrants of these schools (any status). */
export function entrantsOfSchools(em: EntityManager, contestId: number, round: RoundCode, schoolIds: number[]): Promise<RoundEntrant[]> {
  return schoolIds.length ? em.getRepository(RoundEntrant).find({ where: { contestId, round, schoolId: In(schoolIds) }, order: { code: 'ASC' } }) : Promise.resolve([]);
}

/** The round's entrants of these teachers (any school, any status). */
export function entrantsOfTeachers(em: EntityManager, contestId: number, round: RoundCode, teacherIds: number[]): Promise<RoundEntrant[]> {
  return teacherIds.length ? em.getRepository(RoundEntrant).find({ where: { contestId, round, teacherId: In(teacherIds) } }) : Promise.resolve([]);
}

/** A new entrant row, as a school's submitted list or an advancement stores it. */
export type NewEntrant = Omit<RoundEntrant, 'id' | 'contest' | 'teacher'>;

/** Replaces the school's entrants of the round by these rows (none: the school's entrants are removed). */
export async function replaceSchoolEntrants(em: EntityManager, contestId: number, round: RoundCode, schoolId: number, rows: NewEntrant[]): Promise<void> {
  const repo = em.getRepository(RoundEntrant);
  await repo.delete({ contestId, round, schoolId });
  for (let i = 0; i < rows.length; i += 200) await repo.insert(rows.slice(i, i + 200));
}

/** Whether any of these entrants has a result. */
export async function anyResult(em: EntityManager, entrantIds: number[]): Promise<boolean> {
  return entrantIds.length > 0 && (await em.getRepository(RoundResult).countBy({ entrantId: In(entrantIds) })) > 0;
}

/** The entrants with these ids (any status, any round), in no particular order; none asked: no query. */
export function entrantsWithIds(em: EntityManager, ids: number[]): Promise<RoundEntrant[]> {
  return ids.length ? em.getRepository(RoundEntrant).findBy({ id: In(ids) }) : Promise.resolve([]);
}

/** An entrant who would belong on a panel, with the teacher's name: a row of the panel's candidates. */
export interface PanelCandidate {
  entrantId: number;
  code: string;
  name: string;
  schoolId: number;
  subject: string;
}

/** The active entrants that belong on a panel of these facts (the domain's one rule), with their teachers' names, in entrant-code order. */
export async function entrantsForPanel(em: EntityManager, panel: PanelFacts): Promise<PanelCandidate[]> {
  const membership = panelMembershipSql(panel);
  const rows = await em
    .getRepository(RoundEntrant)
    .createQueryBuilder('e')
    .leftJoin('e.teacher', 't')
    .select(['e.id AS "entrantId"', 'e.code AS code', 't.name AS name', 'e.school_id AS "schoolId"', 'e.subject AS subject'])
    .where(membership.sql, membership.params)
    .orderBy('e.code', 'ASC')
    .getRawMany<PanelCandidate>();
  return rows.map((r) => ({ ...r, entrantId: Number(r.entrantId), schoolId: Number(r.schoolId) }));
}

/** A new round result, as a locked panel writes it. */
export type NewRoundResult = Omit<RoundResult, 'id' | 'entrant'>;

/** Stores these round results (a locked panel's, one per contestant) and answers the rows stored. */
export async function insertRoundResults(em: EntityManager, rows: NewRoundResult[]): Promise<RoundResult[]> {
  const repo = em.getRepository(RoundResult);
  const results = rows.map((r) => repo.create(r));
  await repo.insert(results);
  return results;
}

/** The scope's active entrants as a plan needs them, in id order (one plain read: the plan's hot path, a city's semi-final is 30,000 rows). */
export function entrantsToPlan(em: EntityManager, scope: { contestId: number; round: RoundCode; schoolId?: number; districtId?: number }): Promise<PlanEntrant[]> {
  const w = where(scope);
  // Integer columns arrive as numbers on both drivers: the rows are the plan's entrants as read.
  return sql<PlanEntrant>(
    em,
    `SELECT e.id, e.subject, e.group_code AS "groupCode", e.school_id AS "schoolId", e.district_id AS "districtId" FROM round_entrants e
      WHERE ${w.text} ORDER BY e.id`,
    w.params,
  );
}

/** Code, school and district of each of these entrants, by id (plain reads of 1,000 ids each; none asked: no query). */
export async function entrantHomes(em: EntityManager, ids: number[]): Promise<Map<number, { code: string; schoolId: number; districtId: number }>> {
  const out = new Map<number, { code: string; schoolId: number; districtId: number }>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 1000) {
    const chunk = unique.slice(i, i + 1000);
    const rows = await sql<{ id: number; code: string; school_id: number; district_id: number }>(
      em,
      `SELECT id, code, school_id, district_id FROM round_entrants WHERE id IN (${marks(chunk)})`,
      chunk,
    );
    for (const r of rows) out.set(Number(r.id), { code: r.code, schoolId: Number(r.school_id), districtId: Number(r.district_id) });
  }
  return out;
}

/** Every entrant of a round (any status), narrowed to a school or a district, as id and code in code order. */
export async function entrantCodesInScope(em: EntityManager, scope: { contestId: number; round: RoundCode; schoolId?: number; districtId?: number }): Promise<{ id: number; code: string }[]> {
  const w = where(scope, false);
  const rows = await sql<{ id: number; code: string }>(em, `SELECT e.id, e.code FROM round_entrants e WHERE ${w.text} ORDER BY e.code`, w.params);
  return rows.map((r) => ({ id: Number(r.id), code: r.code }));
}

/** The column of round_entrants that names an entrant's school or district. */
const UNIT_COLUMNS = { school: 'school_id', district: 'district_id' } as const;

/** The districts that have entrants in a round (any status), as ids in no particular order. */
export async function districtsWithEntrants(em: EntityManager, contestId: number, round: RoundCode): Promise<number[]> {
  const rows = await sql<{ id: unknown }>(em, 'SELECT DISTINCT district_id AS id FROM round_entrants WHERE contest_id = ? AND round = ?', [contestId, round]);
  return rows.map((r) => Number(r.id));
}

/**
 * The active entrants of a round per school of one district, by school id. The school ids are
 * read and counted here rather than with GROUP BY: SQLite would otherwise walk the (contest,
 * round, school) index over the whole round to avoid a sort, instead of the (contest, round,
 * district) index over one district.
 */
export async function activeEntrantsPerSchoolOfDistrict(em: EntityManager, contestId: number, round: RoundCode, districtId: number): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  const rows = await sql<{ unit: unknown }>(em, "SELECT school_id AS unit FROM round_entrants WHERE contest_id = ? AND round = ? AND district_id = ? AND status = 'active'", [
    contestId,
    round,
    districtId,
  ]);
  for (const r of rows) {
    const u = Number(r.unit);
    out.set(u, (out.get(u) ?? 0) + 1);
  }
  return out;
}

/** An entrant's own columns as the units' lists read them (the teacher, school and district by id). */
export interface EntrantRow {
  id: number;
  code: string;
  status: string;
  subject: string;
  groupCode: string;
  schoolId: number;
  districtId: number;
  teacherId: number;
}

/** An EntrantRow from a raw row (the drivers answer numbers as numbers or text). */
function entrantRow(r: Record<string, unknown>): EntrantRow {
  return {
    id: Number(r.id),
    code: String(r.code),
    status: String(r.status),
    subject: String(r.subject),
    groupCode: String(r.groupCode),
    schoolId: Number(r.schoolId),
    districtId: Number(r.districtId),
    teacherId: Number(r.teacherId),
  };
}

/** An entrant of a school or a district with its result's total (null or undefined: no result), as a unit's candidates list it. */
export interface EntrantWithTotal extends EntrantRow {
  /** The result's total as the driver answers it; null or undefined when the entrant has no result. */
  total: unknown;
}

/** Every entrant of a round in one school or district (any status) with its result's total, in entrant-code order. */
export async function entrantsOfUnitWithTotals(em: EntityManager, contestId: number, round: RoundCode, unit: 'school' | 'district', unitId: number): Promise<EntrantWithTotal[]> {
  const rows = await sql(
    em,
    `SELECT e.id, e.code, e.status, e.subject, e.group_code AS "groupCode", e.school_id AS "schoolId", e.district_id AS "districtId", e.teacher_id AS "teacherId", r.total
       FROM round_entrants e ${resultJoinSql('e', 'r')}
      WHERE e.contest_id = ? AND e.round = ? AND e.${UNIT_COLUMNS[unit]} = ? ORDER BY e.code`,
    [contestId, round, unitId],
  );
  return rows.map((r) => ({ ...entrantRow(r), total: r.total }));
}

/** These entrants of a round (any status) with their school or district and their result's id (null or undefined: no result), by entrant id. */
export async function entrantsWithResultMark(
  em: EntityManager,
  contestId: number,
  round: RoundCode,
  unit: 'school' | 'district',
  ids: number[],
): Promise<Map<number, { code: string; status: string; unitId: number; result: unknown }>> {
  const out = new Map<number, { code: string; status: string; unitId: number; result: unknown }>();
  if (!ids.length) return out;
  const rows = await sql(
    em,
    `SELECT e.id, e.code, e.status, e.${UNIT_COLUMNS[unit]} AS unit, r.id AS result FROM round_entrants e ${resultJoinSql('e', 'r')}
      WHERE e.contest_id = ? AND e.round = ? AND e.id IN (${marks(ids)})`,
    [contestId, round, ...ids],
  );
  for (const r of rows) out.set(Number(r.id), { code: String(r.code), status: String(r.status), unitId: Number(r.unit), result: r.result });
  return out;
}

/**
 * The active entrants of a round who took part (have a result), of one district when given, as
 * id, code and school or district (one plain read: a draw's pools, a city's final is thousands of
 * rows), in no particular order.
 */
export async function tookPartEntrants(
  em: EntityManager,
  scope: { contestId: number; round: RoundCode; districtId?: number },
  unit: 'school' | 'district',
): Promise<{ id: number; code: string; unitId: number }[]> {
  const w = where(scope);
  const rows = await sql<{ id: unknown; code: string; unit: unknown }>(
    em,
    `SELECT e.id, e.code, e.${UNIT_COLUMNS[unit]} AS unit FROM round_entrants e ${tookPartJoinSql('e', 'r')} WHERE ${w.text}`,
    w.params,
  );
  return rows.map((r) => ({ id: Number(r.id), code: r.code, unitId: Number(r.unit) }));
}

/** The ids of a round's entrants with these entrant codes (any status), by code (read 500 codes at a time). */
export async function entrantIdsByCode(em: EntityManager, contestId: number, round: RoundCode, codes: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < codes.length; i += 500) {
    const chunk = codes.slice(i, i + 500);
    if (!chunk.length) continue;
    const rows = await sql(em, `SELECT id, code FROM round_entrants WHERE contest_id = ? AND round = ? AND code IN (${marks(chunk)})`, [contestId, round, ...chunk]);
    for (const r of rows) out.set(String(r.code), Number(r.id));
  }
  return out;
}

/**
 * Copies these entrants (of the previous round) into `round` as active entrants with the given
 * source: one multi-row INSERT … SELECT per 100 (no entity hydration), in entrant-id order.
 */
export async function copyEntrantsIntoRound(em: EntityManager, round: RoundCode, rows: { entrantId: number; source: RoundEntrant['source'] }[], now: string): Promise<void> {
  const cols = 'contest_id, round, teacher_id, code, school_id, district_id, subject, group_code, source, status, created_at, updated_at';
  for (let i = 0; i < rows.length; i += 100) {
    const chunk = rows.slice(i, i + 100);
    const cases = chunk.map(() => 'WHEN ? THEN ?').join(' ');
    await sql(em, `INSERT INTO round_entrants (${cols})
         SELECT contest_id, ?, teacher_id, code, school_id, district_id, subject, group_code, CASE id ${cases} END, 'active', ?, ?
           FROM round_entrants WHERE id IN (${marks(chunk)}) ORDER BY id`, [round, ...chunk.flatMap((r) => [r.entrantId, r.source]), now, now, ...chunk.map((r) => r.entrantId)]);
  }
}

/** An entrant of a round's list as the advanced list shows it (the teacher, school and district by id). */
export interface RoundListEntrant extends EntrantRow {
  source: string;
}

/** Every entrant of a round (any status), of one district when given, in entrant-code order. */
export async function roundListEntrants(em: EntityManager, scope: { contestId: number; round: RoundCode; districtId?: number }): Promise<RoundListEntrant[]> {
  const w = where(scope, false);
  const rows = await sql(
    em,
    `SELECT e.id, e.code, e.source, e.status, e.subject, e.group_code AS "groupCode", e.school_id AS "schoolId", e.district_id AS "districtId", e.teacher_id AS "teacherId"
       FROM round_entrants e WHERE ${w.text} ORDER BY e.code`,
    w.params,
  );
  return rows.map((r) => ({ ...entrantRow(r), source: String(r.source) }));
}
