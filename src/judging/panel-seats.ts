/**
 * What other features may ask of judging's panels without loading the judging module:
 * whether entrants sit on a panel (an entrant list cannot be reopened while they do).
 */
import { EntityManager, In } from 'typeorm';
import { PanelContestant } from './judging.entity';

/** How many of these entrants are contestants of a panel. */
export async function entrantsOnPanels(em: EntityManager, entrantIds: number[]): Promise<number> {
  if (!entrantIds.length) return 0;
  return em.getRepository(PanelContestant).countBy({ entrantId: In(entrantIds) });
}
