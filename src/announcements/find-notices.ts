/** The announcements feature's named read of its notices, for the features that look for a school not announced yet. */
import { EntityManager } from 'typeorm';
import { Notice } from './notice.entity';

/** The schools with a notice of their own in the contest (scope `school:<id>`), by id. */
export async function schoolsWithNotice(em: EntityManager, contestId: number): Promise<Set<number>> {
  const rows = await em.getRepository(Notice).find({ where: { contestId }, select: { id: true, scopeKey: true } });
  return new Set(rows.filter((n) => n.scopeKey.startsWith('school:')).map((n) => Number(n.scopeKey.slice('school:'.length))));
}
