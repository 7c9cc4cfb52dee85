import { EntityManager, In } from 'typeorm';
import { AppError } from '../common/errors';
import { LockMode, lockRow } from '../database/row-lock';
import { ContestRound } from './contest-round.entity';
import { Contest } from './contest.entity';

/** The contest with this id, or CONTEST_NOT_FOUND: the one lookup every feature uses. */
export async function findContest(em: EntityManager, id: number): Promise<Contest> {
  const contest = await em.getRepository(Contest).findOneBy({ id });
  if (!contest) throw AppError.notFound('CONTEST_NOT_FOUND', 'Contest', id);
  return contest;
}

/** The contest with this code, or null. */
export async function contestByCode(em: EntityManager, code: string): Promise<Contest | null> {
  return em.getRepository(Contest).findOneBy({ code });
}

/** A round of a contest by its code (preliminary, semifinal, final), or null. */
export async function findRound(em: EntityManager, contestId: number, code: ContestRound['code']): Promise<ContestRound | null> {
  return em.getRepository(ContestRound).findOneBy({ contestId, code });
}

/** The contests with these ids (none asked: none read). */
export async function contestsWithIds(em: EntityManager, ids: number[]): Promise<Contest[]> {
  return ids.length ? em.getRepository(Contest).findBy({ id: In([...new Set(ids)]) }) : [];
}

/** Stores a contest's new settings (the caller audits the change). */
export async function updateContestSettings(em: EntityManager, id: number, settings: Contest['settings'], updatedAt: string): Promise<void> {
  await em.getRepository(Contest).update({ id }, { settings, updatedAt });
}

/**
 * Locks the contest's row until the transaction ends (PostgreSQL; a no-op on SQLite), for a step
 * that another feature takes once per contest scope. `no-key-update` does not hold up the writes
 * that refer to the contest.
 */
export function lockContest(em: EntityManager, id: number, mode: LockMode = 'update'): Promise<boolean> {
  return lockRow(em, 'contests', id, mode);
}
