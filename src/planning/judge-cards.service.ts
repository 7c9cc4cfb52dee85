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
import { sql } from '../database/sql';
import { Transactions } from '../database/transactions';
import type { GroupCode } from '../domain/preset';
import { linkTokenHash, newLinkToken } from '../judging/judge-link';
import { districtNames, schoolNames } from '../registry/find-registry';
import { CardsDto, CardsView, JudgeCardView } from './dto/planning.dto';
import { groupName, scopeCondition, scopeContext, sessionLong, subjectName } from './planning.common';

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
      const cond = scopeCondition(ctx.scope, 'p');
      const seats = await sql<{
        seat: number; panel_id: number; code: string; subject: string | null; group_code: GroupCode; merged_groups: string | null;
        room: string | null; session_date: string | null; session_time: string | null; session: string; account_id: number; is_head: boolean | number;
      }>(
        em,
        `SELECT pj.id AS seat, p.id AS panel_id, p.code, p.subject, p.group_code, p.merged_groups, p.room, p.session_date, p.session_time, p.session,
                pj.account_id, pj.is_head
           FROM panel_judges pj JOIN panels p ON p.id = pj.panel_id
          WHERE p.contest_id = ? AND p.round = ? AND p.state = 'open'${cond.text}${dto.panelId ? ' AND p.id = ?' : ''}
          ORDER BY p.session_date, p.session_time, p.code, pj.is_head DESC, pj.id`,
        [ctx.contest.id, ctx.scope.round, ...cond.params, ...(dto.panelId ? [dto.panelId] : [])],
      );
      if (!seats.length) throw new AppError('NOT_FOUND', 'No judge sits on an open panel of this scope yet; assign the judges first');
      const names = await displayNames(em, seats.map((s) => Number(s.account_id)));
      const now = this.clock.nowIso();
      const seatIds = seats.map((s) => Number(s.seat));
      for (let i = 0; i < seatIds.length; i += 500) {
        const chunk = seatIds.slice(i, i + 500);
        await sql(em, `UPDATE judge_links SET revoked_at = ?, revoked_by = ? WHERE revoked_at IS NULL AND panel_judge_id IN (${chunk.map(() => '?').join(',')})`, [now, user.username, ...chunk]);
      }
      const cards: (Omit<JudgeCardView, 'qrSvg'> & { hash: string })[] = [];
      for (const s of seats) {
        const token = newLinkToken();
        const hash = linkTokenHash(token);
        const [row] = await sql<{ id: number }>(
          em,
          'INSERT INTO judge_links (panel_judge_id, token_hash, created_by, created_at) VALUES (?, ?, ?, ?) RETURNING id',
          [s.seat, hash, user.username, now],
        );
        const groups: GroupCode[] = s.merged_groups ? JSON.parse(s.merged_groups) : [s.group_code];
        cards.push({
          linkId: Number(row.id),
          hash,
          judgeName: names.get(Number(s.account_id))!,
          isHead: !!s.is_head,
          panelId: Number(s.panel_id),
          panelCode: s.code,
          subjectName: subjectName(ctx.contest, s.subject),
          groupName: groupName(ctx.contest, groups),
          room: s.room,
          session: s.session_date ? sessionLong(s.session_date, s.session_time) : s.session,
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
