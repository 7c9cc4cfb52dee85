/**
 * Judge cards: one card per judge seat of the scope's panels (name, panel, subject and group,
 * room, session, the private link and its QR code). Printing issues a fresh private link per
 * seat and revokes that seat's earlier links, so only the latest card opens the tablet page;
 * revoking a card's link (judging's link revocation) invalidates the card.
 */
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { displayNames } from '../auth/find-account';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { qrSvg } from '../common/qr';
import { AuthUser } from '../common/roles';
import { Transactions } from '../database/transactions';
import type { GroupCode } from '../domain/preset';
import { linkTokenHash, newLinkToken } from '../judging/judge-link';
import { insertJudgeLink, openPanelSeats, revokeSeatLinks } from '../judging/panel-lookups';
import { districtNames, schoolNames } from '../registry/find-registry';
import { CardsDto, CardsView, JudgeCardView } from './dto/planning.dto';
import { groupName, panelScope, scopeContext, sessionLong, subjectName } from './planning.common';

@Injectable()
export class JudgeCardsService {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async print(user: AuthUser, dto: CardsDto): Promise<CardsView> {
    const issued = await this.tx.run(async (em) => {
      const ctx = await scopeContext(em, user, dto, 'cards.print');
      const seats = await openPanelSeats(em, panelScope(ctx), dto.panelId);
      if (!seats.length) throw new AppError('NOT_FOUND', 'No judge sits on an open panel of this scope yet; assign the judges first');
      const names = await displayNames(em, seats.map((s) => s.accountId));
      const now = this.clock.nowIso();
      await revokeSeatLinks(em, seats.map((s) => s.seat), now, user.username);
      const cards: (Omit<JudgeCardView, 'qrSvg'> & { hash: string })[] = [];
      for (const s of seats) {
        const token = newLinkToken();
        const hash = linkTokenHash(token);
        const linkId = await insertJudgeLink(em, s.seat, hash, user.username, now);
        const groups: GroupCode[] = s.mergedGroups ? JSON.parse(s.mergedGroups) : [s.groupCode];
        cards.push({
          linkId,
          hash,
          judgeName: names.get(s.accountId)!,
          isHead: s.isHead,
          panelId: s.panelId,
          panelCode: s.code,
          subjectName: subjectName(ctx.contest, s.subject),
          groupName: groupName(ctx.contest, groups),
          room: s.room,
          session: s.sessionDate ? sessionLong(s.sessionDate, s.sessionTime) : s.session,
          url: `${dto.baseUrl}/judge.html#k=${token}`,
        });
      }
      await this.audit.append(em, {
        actor: user,
        action: 'judge_cards.print',
        entityType: 'judge_pool',
        entityId: ctx.key,
        after: { round: ctx.scope.round, links: cards.map((c) => ({ linkId: c.linkId, panelId: c.panelId, tokenHash: c.hash })) },
      });
      let unitName = '全市';
      if (ctx.scope.schoolId !== null) unitName = (await schoolNames(em, [ctx.scope.schoolId])).get(ctx.scope.schoolId) ?? '';
      else if (ctx.scope.districtId !== null) unitName = (await districtNames(em, [ctx.scope.districtId])).get(ctx.scope.districtId) ?? '';
      return { contestName: ctx.contest.name, roundName: ctx.round.name, unitName, cards };
    });
    const cards: JudgeCardView[] = [];
    for (const { hash: _h, ...c } of issued.cards) cards.push({ ...c, qrSvg: await qrSvg(c.url) });
    return { contestName: issued.contestName, roundName: issued.roundName, unitName: issued.unitName, cards };
  }
}
