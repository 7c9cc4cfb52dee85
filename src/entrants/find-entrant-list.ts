/** The entrants feature's named read of a school's list state, for the features that wait on it. */
import { EntityManager } from 'typeorm';
import { EntrantList, EntrantListState } from './entrant-list.entity';

/** The state of the school's preliminary list in the contest, or null when it has none yet. */
export async function entrantListState(em: EntityManager, contestId: number, schoolId: number): Promise<EntrantListState | null> {
  const list = await em.getRepository(EntrantList).findOne({ where: { contestId, schoolId }, select: { id: true, state: true } });
  return list?.state ?? null;
}
