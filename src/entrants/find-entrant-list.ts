/** The entrants feature's named reads of the schools' lists, for the features that wait on them. */
import { EntityManager } from 'typeorm';
import { EntrantList, EntrantListState } from './entrant-list.entity';

/** The state of the school's preliminary list in the contest, or null when it has none yet. */
export async function entrantListState(em: EntityManager, contestId: number, schoolId: number): Promise<EntrantListState | null> {
  const list = await em.getRepository(EntrantList).findOne({ where: { contestId, schoolId }, select: { id: true, state: true } });
  return list?.state ?? null;
}

/** The schools that have a list row in the contest (started, extended or submitted). */
export async function schoolsWithList(em: EntityManager, contestId: number): Promise<Set<number>> {
  return new Set((await em.getRepository(EntrantList).find({ where: { contestId }, select: { id: true, schoolId: true } })).map((l) => l.schoolId));
}

/** The schools whose list of the contest is submitted. */
export async function schoolsWithSubmittedList(em: EntityManager, contestId: number): Promise<number[]> {
  return (await em.getRepository(EntrantList).find({ where: { contestId, state: 'submitted' }, select: { id: true, schoolId: true } })).map((l) => l.schoolId);
}
