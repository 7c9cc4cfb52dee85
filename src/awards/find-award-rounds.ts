/** The awards feature's named read of its award rounds, for the features that show a district's stage. */
import { EntityManager } from 'typeorm';
import { AwardRound, AwardRoundCode, AwardRoundState } from './awards.entity';

/** The state of each award round of a contest's round, by its scope key (`district:<id>`, `city`). */
export async function awardRoundStates(em: EntityManager, contestId: number, round: AwardRoundCode): Promise<Map<string, AwardRoundState>> {
  const rows = await em.getRepository(AwardRound).find({ where: { contestId, round }, select: { id: true, scopeKey: true, state: true } });
  return new Map(rows.map((r) => [r.scopeKey, r.state]));
}
