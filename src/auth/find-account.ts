/**
 * The accounts feature's named lookups for the other features (taking the caller's
 * EntityManager, so that a read inside a transaction stays in it).
 */
import { EntityManager, In } from 'typeorm';
import { Account } from './account.entity';

/** The account with this id, or null. */
export async function accountById(em: EntityManager, id: number): Promise<Account | null> {
  return em.getRepository(Account).findOneBy({ id });
}

/** The accounts with these ids (no query for none), in no particular order. */
export async function accountsByIds(em: EntityManager, ids: number[]): Promise<Account[]> {
  return ids.length ? em.getRepository(Account).findBy({ id: In(ids) }) : [];
}

/** The active judge accounts, by id. */
export async function activeJudges(em: EntityManager): Promise<Account[]> {
  return em.getRepository(Account).find({ where: { role: 'judge', active: true }, order: { id: 'ASC' } });
}

/** The accounts of a school. */
export async function accountsOfSchool(em: EntityManager, schoolId: number): Promise<Account[]> {
  return em.getRepository(Account).findBy({ schoolId });
}

/** The accounts of one role, in id order. */
export function accountsWithRole(em: EntityManager, role: Account['role']): Promise<Account[]> {
  return em.getRepository(Account).find({ where: { role }, order: { id: 'ASC' } });
}
