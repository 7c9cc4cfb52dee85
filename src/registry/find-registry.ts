import { EntityManager } from 'typeorm';
import { AppError } from '../common/errors';
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

/** Every district, in code order. */
export function districtsInOrder(em: EntityManager): Promise<District[]> {
  return em.getRepository(District).find({ order: { code: 'ASC' } });
}
