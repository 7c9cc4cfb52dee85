/** The advancement feature's named reads of its draws, for the features that announce their lists. */
import { EntityManager } from 'typeorm';
import { AppError } from '../common/errors';
import { Draw } from './advancement.entity';

/** What another feature needs of a draw: its round, scope and state, never the pool or the record. */
export type DrawHeader = Pick<Draw, 'id' | 'allocationId' | 'contestId' | 'round' | 'scopeKey' | 'scopeName' | 'state'>;

const HEADER = { id: true, allocationId: true, contestId: true, round: true, scopeKey: true, scopeName: true, state: true } as const;

/** The draw with this id, or DRAW_NOT_FOUND. */
export async function findDrawHeader(em: EntityManager, id: number): Promise<DrawHeader> {
  const d = await em.getRepository(Draw).findOne({ where: { id }, select: HEADER });
  if (!d) throw AppError.notFound('DRAW_NOT_FOUND', 'Draw', id);
  return d;
}

/** The contest's published draws. */
export function publishedDraws(em: EntityManager, contestId: number): Promise<DrawHeader[]> {
  return em.getRepository(Draw).find({ where: { contestId, state: 'published' }, select: HEADER });
}

/** The draw of a round's scope (`district:<id>` or `city`), or null. */
export function drawOfScope(em: EntityManager, contestId: number, round: Draw['round'], scopeKey: string): Promise<DrawHeader | null> {
  return em.getRepository(Draw).findOne({ where: { contestId, round, scopeKey }, select: HEADER });
}
