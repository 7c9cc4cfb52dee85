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

/** The accounts with these usernames (no query for none). */
export async function accountsByUsernames(em: EntityManager, usernames: string[]): Promise<Account[]> {
  return usernames.length ? em.getRepository(Account).findBy({ username: In(usernames) }) : [];
}

/** The account with this username, or null. */
export function accountByUsername(em: EntityManager, username: string): Promise<Account | null> {
  return em.getRepository(Account).findOneBy({ username });
}

/** Every account, in id order. */
export function allAccounts(em: EntityManager): Promise<Account[]> {
  return em.getRepository(Account).find({ order: { id: 'ASC' } });
}

/** How many accounts there are. */
export function accountCount(em: EntityManager): Promise<number> {
  return em.getRepository(Account).count();
}

/** An account with this role, or null (any one of them). */
export function anyAccountWithRole(em: EntityManager, role: Account['role']): Promise<Account | null> {
  return em.getRepository(Account).findOneBy({ role });
}

/** The school's admin account, or null. */
export function schoolAdminOf(em: EntityManager, schoolId: number): Promise<Account | null> {
  return em.getRepository(Account).findOneBy({ role: 'school_admin', schoolId });
}

/** The school admin accounts of a district's schools. */
export function schoolAdminsOfDistrict(em: EntityManager, districtId: number): Promise<Account[]> {
  return em.getRepository(Account).findBy({ role: 'school_admin', districtId });
}

/** A new account's row, as another feature creates one inside its own transaction (it audits the creation). */
export type NewAccount = Pick<Account, 'username' | 'passwordHash' | 'role' | 'displayName' | 'schoolId' | 'districtId' | 'active' | 'createdAt' | 'updatedAt'>;

/** Stores a new account and answers it with its id. */
export function insertAccount(em: EntityManager, row: NewAccount): Promise<Account> {
  const accounts = em.getRepository(Account);
  return accounts.save(accounts.create(row));
}

/** Changes an account's name and home (school, district). */
export async function updateAccountHome(em: EntityManager, id: number, change: Pick<Account, 'displayName' | 'schoolId' | 'districtId' | 'updatedAt'>): Promise<void> {
  await em.getRepository(Account).update({ id }, change);
}
