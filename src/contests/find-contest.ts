import { EntityManager } from 'typeorm';
import { AppError } from '../common/errors';
import { Contest } from './contest.entity';

/** The contest with this id, or CONTEST_NOT_FOUND: the one lookup every feature uses. */
export async function findContest(em: EntityManager, id: number): Promise<Contest> {
  const contest = await em.getRepository(Contest).findOneBy({ id });
  if (!contest) throw AppError.notFound('CONTEST_NOT_FOUND', 'Contest', id);
  return contest;
}
