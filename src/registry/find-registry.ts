import { EntityManager, In } from 'typeorm';
import { AppError } from '../common/errors';
import { marks, sql } from '../database/sql';
import { City } from './city.entity';
import { District } from './district.entity';
import { School } from './school.entity';
import { Teacher } from './teacher.entity';

/** The school with this id (with its district when asked), or SCHOOL_NOT_FOUND. */
export async function findSchool(em: EntityManager, id: number, withDistrict = false): Promise<School> {
  const school = await em.getRepository(School).findOne({ where: { id }, ...(withDistrict && { relations: { district: true } }) });
  if (!school) throw AppError.notFound('SCHOOL_NOT_FOUND', 'School', id);
  return school;
}

/** The district with this id, or DISTRICT_NOT_FOUND. */
export async function findDistrict(em: EntityManager, id: number): Promise<District> {
  const district = await em.getRepository(District).findOneBy({ id });
  if (!district) throw AppError.notFound('DISTRICT_NOT_FOUND', 'District', id);
  return district;
}

/** Every district, in code order. */
export function districtsInOrder(em: EntityManager): Promise<District[]> {
  return em.getRepository(District).find({ order: { code: 'ASC' } });
}

/** Every school, by id. */
export async function schoolsById(em: EntityManager): Promise<Map<number, School>> {
  return new Map((await em.getRepository(School).find()).map((s) => [s.id, s]));
}

/** Every district, by id. */
export async function districtsById(em: EntityManager): Promise<Map<number, District>> {
  return new Map((await em.getRepository(District).find()).map((d) => [d.id, d]));
}

/** The teachers with these ids, by id (read 500 at a time). */
export async function teachersByIds(em: EntityManager, ids: number[]): Promise<Map<number, Teacher>> {
  const out = new Map<number, Teacher>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    for (const t of await em.getRepository(Teacher).findBy({ id: In(unique.slice(i, i + 500)) })) out.set(t.id, t);
  }
  return out;
}

/** The city's name (the registry holds one city), or null before it is set up. */
export async function cityName(em: EntityManager): Promise<string | null> {
  return (await em.getRepository(City).find({ take: 1 }))[0]?.name ?? null;
}

/** The district's schools that take part in contests (not in the district seat), in code order. */
export function participatingSchools(em: EntityManager, districtId: number): Promise<School[]> {
  return em.getRepository(School).find({ where: { districtId, inDistrictSeat: false }, order: { code: 'ASC' } });
}

/** The ids of the schools in a district seat (their teachers do not take part). */
export async function districtSeatSchoolIds(em: EntityManager): Promise<Set<number>> {
  return new Set((await em.getRepository(School).find({ where: { inDistrictSeat: true }, select: { id: true } })).map((s) => s.id));
}

/** Every school, in code order. */
export function schoolsInOrder(em: EntityManager): Promise<School[]> {
  return em.getRepository(School).find({ order: { code: 'ASC' } });
}

/** How many districts there are. */
export function districtCount(em: EntityManager): Promise<number> {
  return em.getRepository(District).count();
}

/** The districts with these ids. */
export function districtsWithIds(em: EntityManager, ids: number[]): Promise<District[]> {
  return ids.length ? em.getRepository(District).find({ where: { id: In(ids) } }) : Promise.resolve([]);
}

/** The teachers of these schools, in id order. */
export function teachersOfSchools(em: EntityManager, schoolIds: number[]): Promise<Teacher[]> {
  return schoolIds.length ? em.getRepository(Teacher).find({ where: { schoolId: In(schoolIds) }, order: { id: 'ASC' } }) : Promise.resolve([]);
}

/** The teachers with these ID numbers, with their school, by ID number (read 500 at a time). */
export async function teachersByIdNumbers(em: EntityManager, idNumbers: string[]): Promise<Map<string, Teacher>> {
  const out = new Map<string, Teacher>();
  for (let i = 0; i < idNumbers.length; i += 500) {
    for (const t of await em.getRepository(Teacher).find({ where: { idNumber: In(idNumbers.slice(i, i + 500)) }, relations: { school: true } })) out.set(t.idNumber, t);
  }
  return out;
}

/** The teacher with this id and its school, or TEACHER_NOT_FOUND. */
export async function findTeacherWithSchool(em: EntityManager, id: number): Promise<Teacher & { school: School }> {
  const teacher = await em.getRepository(Teacher).findOne({ where: { id }, relations: { school: true } });
  if (!teacher) throw AppError.notFound('TEACHER_NOT_FOUND', 'Teacher', id);
  return teacher as Teacher & { school: School };
}

/** The schools (of one district when given) with their district, in code order. */
export function schoolsWithDistrict(em: EntityManager, districtId?: number): Promise<School[]> {
  return em.getRepository(School).find({ where: districtId !== undefined ? { districtId } : {}, relations: { district: true }, order: { code: 'ASC' } });
}

/** The names of these schools, by id. */
export async function schoolNames(em: EntityManager, ids: number[]): Promise<Map<number, string>> {
  return new Map([...(await unitLabels(em, 'school', [...new Set(ids)]))].map(([id, l]) => [id, l.name]));
}

/** The names of these districts, by id. */
export async function districtNames(em: EntityManager, ids: number[]): Promise<Map<number, string>> {
  return new Map([...(await unitLabels(em, 'district', [...new Set(ids)]))].map(([id, l]) => [id, l.name]));
}

/** The district of the school with this id, or undefined when there is no such school. */
export async function districtOfSchool(em: EntityManager, schoolId: number): Promise<number | undefined> {
  const [row] = await sql<{ district_id: number }>(em, 'SELECT district_id FROM schools WHERE id = ?', [schoolId]);
  return row ? Number(row.district_id) : undefined;
}

/** Code and name of each of these schools or districts, by id (one plain read; none asked: no query). */
export async function unitLabels(em: EntityManager, kind: 'school' | 'district', ids: number[]): Promise<Map<number, { code: string; name: string }>> {
  const out = new Map<number, { code: string; name: string }>();
  if (!ids.length) return out;
  const table = kind === 'school' ? 'schools' : 'districts';
  const rows = await sql<{ id: number; code: string; name: string }>(em, `SELECT id, code, name FROM ${table} WHERE id IN (${marks(ids)})`, ids);
  for (const r of rows) out.set(Number(r.id), { code: r.code, name: r.name });
  return out;
}

/** Id, code, name and district of every school (one plain read: an imported sheet names its schools by code or name). */
export async function schoolDirectory(em: EntityManager): Promise<{ id: number; code: string; name: string; districtId: number }[]> {
  const rows = await sql<{ id: number; code: string; name: string; district_id: number }>(em, 'SELECT id, code, name, district_id FROM schools', []);
  return rows.map((s) => ({ id: Number(s.id), code: s.code, name: s.name, districtId: Number(s.district_id) }));
}

/** District and seat flag of every school, by id (one plain read). */
export async function schoolHomes(em: EntityManager): Promise<Map<number, { districtId: number; inDistrictSeat: boolean }>> {
  const rows = await sql<{ id: number; district_id: number; in_district_seat: boolean | number }>(em, 'SELECT id, district_id, in_district_seat FROM schools', []);
  return new Map(rows.map((s) => [Number(s.id), { districtId: Number(s.district_id), inDistrictSeat: !!s.in_district_seat }]));
}

/** How many registered teachers teach each subject at each stage (one row per subject and stage that has teachers). */
export async function teachersPerSubjectAndStage(em: EntityManager): Promise<{ subject: string; stage: string; n: number }[]> {
  const rows = await sql<{ subject: string; stage: string; n: string | number }>(em, 'SELECT subject, stage, COUNT(*) AS n FROM teachers GROUP BY subject, stage', []);
  return rows.map((r) => ({ subject: r.subject, stage: r.stage, n: Number(r.n) }));
}

/** Which of these schools have teachers (none asked: no query). */
export async function schoolsWithTeachers(em: EntityManager, schoolIds: number[]): Promise<Set<number>> {
  if (!schoolIds.length) return new Set();
  const rows = await sql<{ id: unknown }>(em, `SELECT DISTINCT school_id AS id FROM teachers WHERE school_id IN (${marks(schoolIds)})`, schoolIds);
  return new Set(rows.map((r) => Number(r.id)));
}
