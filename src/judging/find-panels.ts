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

/** A panel of a past round, stored already locked and announced (the demo's earlier contest, whose judging is not replayed). */
export type LockedPanel = Pick<Panel, 'contestId' | 'code' | 'round' | 'groupCode' | 'session' | 'schoolId' | 'districtId' | 'lockedAt' | 'lockedBy' | 'announcedAt' | 'createdAt' | 'updatedAt'>;

/** Stores a locked, announced panel with no contestants or judges of its own and answers it. */
export function insertLockedPanel(em: EntityManager, panel: LockedPanel): Promise<Panel> {
  return em.getRepository(Panel).save({ ...panel, state: 'locked', announced: true, orderSource: null, drawRecord: null });
}
