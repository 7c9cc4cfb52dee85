/**
 * Replacements after the draw is published: the organiser withdraws or disqualifies an advanced
 * entrant; a drawn place goes to the unit's next unused reserve, a recommended place is
 * recommended again by the unit before a deadline. Another feature is told of a filled place.
 */
import { nextReserve, placeOf } from '../domain/took-part';
import { assertCan } from '../access';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { AuthUser } from '../common/roles';
import { endEntrant, entrantByCode, entrantIdsByCode, findEntrant } from '../contestants/find-entrants';
import { DrawRecord } from '../domain/draw';
import { Transactions } from '../database/transactions';
import { Draw, Replacement } from './advancement.entity';
import { AdvancementService, PREVIOUS_ROUND } from './advancement.service';
import { ReRecommendDto, WithdrawDto } from './dto/advancement.dto';
import { DrawsService } from './draws.service';
import { lockRow } from '../database/row-lock';

/** Called inside the transaction when a replacement entrant takes a freed place (reserve or re-recommendation). */
export type ReplacementFilledHook = (em: EntityManager, user: AuthUser, draw: Draw, replacement: Replacement) => Promise<void>;

@Injectable()
export class ReplacementsService {
  private readonly filledHooks: ReplacementFilledHook[] = [];

  /** Another feature (the announcements) reacts to a filled place, e.g. with a supplementary notice. */
  onReplacementFilled(hook: ReplacementFilledHook): void {
    this.filledHooks.push(hook);
  }


  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly adv: AdvancementService,
    private readonly draws: DrawsService,
  ) {}

  /** The organiser withdraws or disqualifies an advanced entrant; a drawn place goes to the unit's next unused reserve. */
  async withdraw(user: AuthUser, id: number, entrantId: number, dto: WithdrawDto): Promise<ReplacementView> {
    return this.tx.run(async (em) => {
      // One withdrawal of a draw at a time: two could otherwise give the same reserve the place.
      await lockRow(em, 'adv_draws', id);
      const d = await this.draws.draw(em, id, { record: true });
      const a = await this.adv.allocation(em, d.allocationId);
      assertCan(user, 'draw.withdraw', { round: a.round, districtId: a.districtId });
      if (d.state !== 'published') throw this.draws.wrongState(d, 'withdraw an entrant');
      const found = await findEntrant(em, entrantId);
      const e = found && found.contestId === d.contestId && found.round === d.round ? found : null;
      const unitId = e ? (a.round === 'semifinal' ? e.schoolId : e.districtId) : null;
      if (!e || unitId === null || !a.units.some((u) => u.unitId === unitId)) {
        throw new AppError('ENTRANT_NOT_ACTIVE', `Entrant ${entrantId} is not an entrant of this draw's ${d.round} list`);
      }
      if (e.status !== 'active') throw new AppError('ENTRANT_NOT_ACTIVE', `Entrant ${e.code} is already ${e.status}`);
      const place = placeOf(e.source);
      const today = this.clock.today();
      if (place === 'recommended') {
        if (!dto.replacementDeadline) {
          throw AppError.field('VALIDATION_FAILED', 'replacementDeadline', 'required', 'A recommended place needs a deadline for the unit to recommend again');
        }
        if (dto.replacementDeadline < today) {
          throw AppError.field('VALIDATION_FAILED', 'replacementDeadline', 'not-past', `The deadline ${dto.replacementDeadline} is before today (${today})`);
        }
      }
      const unit = a.units.find((u) => u.unitId === unitId)!;
      const now = this.clock.nowIso();
      const ended = (await endEntrant(em, e, dto.kind, now))!;
      const rep = em.getRepository(Replacement).create({
        drawId: d.id,
        unitId: unitId,
        unitCode: unit.code,
        withdrawnEntrantId: e.id,
        kind: dto.kind,
        reason: dto.reason,
        place,
        deadline: place === 'recommended' ? dto.replacementDeadline! : null,
        replacementEntrantId: null,
        withdrawnBy: user.username,
        withdrawnAt: now,
        replacedBy: null,
        replacedAt: null,
      });
      if (place === 'drawn') {
        const record = JSON.parse(d.record!) as DrawRecord;
        const reserve = record.units.find((u) => u.code === unit.code)?.reserve ?? [];
        // Reserves already on the round's list (any status) are used.
        const used = new Set((await entrantIdsByCode(em, d.contestId, d.round, reserve)).keys());
        const next = nextReserve(reserve, used);
        if (next) {
          const prevId = (await entrantIdsByCode(em, d.contestId, PREVIOUS_ROUND[d.round], [next])).get(next)!;
          await this.draws.advance(em, d, [{ entrantId: prevId, source: 'reserve' }]);
          const created = (await entrantByCode(em, d.contestId, d.round, next))!;
          Object.assign(rep, { replacementEntrantId: created.id, replacedBy: user.username, replacedAt: now });
        }
      }
      await em.getRepository(Replacement).save(rep);
      await this.audit.append(em, { actor: user, action: `entrant.${dto.kind === 'withdrawn' ? 'withdraw' : 'disqualify'}`, entityType: 'round-entrant', entityId: e.id, before: ended.before, after: ended.after });
      await this.audit.append(em, { actor: user, action: 'replacement.create', entityType: 'replacement', entityId: rep.id, after: rep });
      if (rep.replacementEntrantId !== null) for (const hook of this.filledHooks) await hook(em, user, d, rep);
      return this.replacementView(em, rep);
    });
  }

  /** The unit recommends again for a recommended place that fell free, before the replacement deadline. */
  async reRecommend(user: AuthUser, id: number, replacementId: number, dto: ReRecommendDto): Promise<ReplacementView> {
    return this.tx.run(async (em) => {
      await lockRow(em, 'adv_draws', id);
      const d = await this.draws.draw(em, id);
      const a = await this.adv.allocation(em, d.allocationId);
      const rep = await em.getRepository(Replacement).findOne({ where: { id: replacementId, drawId: d.id } });
      if (!rep) throw AppError.notFound('NOT_FOUND', 'Replacement', replacementId);
      assertCan(user, 'allocation.recommend', { round: a.round, unitId: rep.unitId });
      if (rep.place !== 'recommended' || rep.replacementEntrantId !== null) {
        throw new AppError('NO_PLACE_TO_FILL', `Replacement ${rep.id} has no recommended place left to fill`);
      }
      const today = this.clock.today();
      if (today > rep.deadline!) throw new AppError('RECOMMENDATION_DEADLINE_PASSED', `The deadline ${rep.deadline} to recommend again has passed (today ${today})`);
      const found = await this.adv.checkEligible(em, a, rep.unitId, [dto.entrantId], 'entrantId');
      const code = found.get(dto.entrantId)!.code;
      if (await entrantByCode(em, d.contestId, d.round, code)) {
        throw AppError.field('RECOMMENDATION_NOT_ELIGIBLE', 'entrantId', 'not-advanced', `Entrant ${code} is already on the ${d.round} list`);
      }
      await this.draws.advance(em, d, [{ entrantId: dto.entrantId, source: 're-recommended' }]);
      const created = (await entrantByCode(em, d.contestId, d.round, code))!;
      const before = { ...rep };
      Object.assign(rep, { replacementEntrantId: created.id, replacedBy: user.username, replacedAt: this.clock.nowIso() });
      await em.getRepository(Replacement).save(rep);
      await this.audit.append(em, { actor: user, action: 'replacement.re-recommend', entityType: 'replacement', entityId: rep.id, before, after: rep });
      for (const hook of this.filledHooks) await hook(em, user, d, rep);
      return this.replacementView(em, rep);
    });
  }

  private async replacementView(em: EntityManager, r: Replacement): Promise<ReplacementView> {
    const code = async (id: number | null) => (id === null ? null : ((await findEntrant(em, id))?.code ?? null));
    return {
      id: r.id,
      drawId: r.drawId,
      unitCode: r.unitCode,
      kind: r.kind,
      reason: r.reason,
      place: r.place,
      deadline: r.deadline,
      withdrawn: await code(r.withdrawnEntrantId),
      replacement: await code(r.replacementEntrantId),
      replacementEntrantId: r.replacementEntrantId,
      withdrawnAt: r.withdrawnAt,
      replacedAt: r.replacedAt,
    };
  }
}

export interface ReplacementView {
  id: number;
  drawId: number;
  unitCode: string;
  kind: string;
  reason: string;
  place: string;
  deadline: string | null;
  withdrawn: string | null;
  replacement: string | null;
  replacementEntrantId: number | null;
  withdrawnAt: string;
  replacedAt: string | null;
}
