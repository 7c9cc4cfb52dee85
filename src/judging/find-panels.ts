/** The judging feature's named read of a round's panels, for the features that wait on their results. */
import { EntityManager } from 'typeorm';
import type { RoundCode } from '../domain/preset';
import { Panel } from './judging.entity';

/** The round's panels (of one district when given), in code order. */
export function roundPanels(em: EntityManager, contestId: number, round: RoundCode, districtId?: number): Promise<Panel[]> {
  return em.getRepository(Panel).find({
    where: districtId !== undefined ? { contestId, round, districtId } : { contestId, round },
    order: { code: 'ASC' },
  });
}
