import { EntityManager } from 'typeorm';
import { AppError } from '../common/errors';
import { sql } from '../database/sql';
import { District } from './district.entity';
import { School } from './school.entity';

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
  const rows = await sql<{ id: number; code: string; name: string }>(em, `SELECT id, code, name FROM ${table} WHERE id IN (${ids.map(() => '?').join(',')})`, ids);
  for (const r of rows) out.set(Number(r.id), { code: r.code, name: r.name });
  return out;
}
