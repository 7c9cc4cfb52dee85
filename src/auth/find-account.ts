/**
 * The accounts feature's named lookups for the other features (taking the caller's
 * EntityManager, so that a read inside a transaction stays in it).
 */
import { EntityManager, In } from 'typeorm';
import { marks, sql } from '../database/sql';
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

/** What the planning pages show of an account: login, display name and home. */
export interface AccountLabel {
  username: string;
  displayName: string;
  schoolId: number | null;
  districtId: number | null;
}

/** Login, display name and home of each of these accounts, by id (plain reads of 500 ids each; none asked: no query). */
export async function accountLabels(em: EntityManager, ids: number[]): Promise<Map<number, AccountLabel>> {
  const out = new Map<number, AccountLabel>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    const rows = await sql<{ id: number; username: string; display_name: string; school_id: number | null; district_id: number | null }>(
      em,
      `SELECT id, username, display_name, school_id, district_id FROM accounts WHERE id IN (${marks(chunk)})`,
      chunk,
    );
    for (const r of rows) {
      out.set(Number(r.id), {
        username: r.username,
        displayName: r.display_name,
        schoolId: r.school_id === null ? null : Number(r.school_id),
        districtId: r.district_id === null ? null : Number(r.district_id),
      });
    }
  }
  return out;
}

/** The display names of these accounts, by id. */
export async function displayNames(em: EntityManager, ids: number[]): Promise<Map<number, string>> {
  return new Map([...(await accountLabels(em, ids))].map(([id, a]) => [id, a.displayName]));
}

/** Where an active judge account teaches (for conflicts of interest). */
export interface JudgeHome {
  schoolId: number | null;
  districtId: number | null;
}

/**
 * The homes of those of these accounts that are active judge accounts, by id: one plain read (a
 * city's pool is thousands of judges: past 500 asked, every active judge account is read and the
 * others left out, rather than many reads by id).
 */
export async function activeJudgeHomes(em: EntityManager, ids: number[]): Promise<Map<number, JudgeHome>> {
  const out = new Map<number, JudgeHome>();
  if (!ids.length) return out;
  const active = em.connection.options.type === 'postgres' ? true : 1;
  const few = ids.length <= 500;
  const rows = await sql<{ id: number; school_id: number | null; district_id: number | null }>(
    em,
    `SELECT id, school_id, district_id FROM accounts WHERE role = 'judge' AND active = ?${few ? ` AND id IN (${marks(ids)})` : ''}`,
    few ? [active, ...ids] : [active],
  );
  const wanted = few ? null : new Set(ids);
  for (const r of rows) {
    const id = Number(r.id);
    if (wanted && !wanted.has(id)) continue;
    out.set(id, { schoolId: r.school_id === null ? null : Number(r.school_id), districtId: r.district_id === null ? null : Number(r.district_id) });
  }
  return out;
}

/** The accounts of one role, in id order. */
export function accountsWithRole(em: EntityManager, role: Account['role']): Promise<Account[]> {
  return em.getRepository(Account).find({ where: { role }, order: { id: 'ASC' } });
}
