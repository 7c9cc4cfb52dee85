/**
 * Judges' private links: one per judge and panel, the token shown once and stored as a hash,
 * revocable. Changes of a panel's links take the panel's turn (PanelsService.openManaged).
 */
import { assertCan, panelResource } from '../access/policy';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { AuthUser } from '../common/roles';
import { Transactions } from '../database/transactions';
import { linkTokenHash, newLinkToken } from './judge-link';
import { findPanel } from './judging.common';
import { JudgeLink, PanelJudge } from './judging.entity';
import { PanelsService } from './panels.service';

@Injectable()
export class JudgeLinksService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly panels: PanelsService,
  ) {}

  async createLink(user: AuthUser, id: number, accountId: number) {
    return this.tx.run(async (em) => {
      const panel = await this.panels.openManaged(em, user, id, 'judgeLink.manage');
      const pj = await em.getRepository(PanelJudge).findOneBy({ panelId: id, accountId });
      if (!pj) throw new AppError('NOT_FOUND', `Account ${accountId} is not a judge of panel ${panel.code}`);
      const token = newLinkToken();
      const repo = em.getRepository(JudgeLink);
      const link = await repo.save(
        repo.create({ panelJudgeId: pj.id, tokenHash: linkTokenHash(token), createdBy: user.username, createdAt: this.clock.nowIso(), revokedAt: null, revokedBy: null }),
      );
      await this.audit.append(em, { actor: user, action: 'judge_link.create', entityType: 'judge_link', entityId: link.id, after: { panelId: id, accountId, tokenHash: link.tokenHash } });
      return { id: link.id, accountId, createdAt: link.createdAt, revokedAt: null, token, url: `/judge.html#k=${token}` };
    });
  }

  async links(user: AuthUser, id: number) {
    const em = this.ds.manager;
    const panel = await findPanel(em, id);
    assertCan(user, 'judgeLink.manage', panelResource(panel));
    const rows = await em
      .getRepository(JudgeLink)
      .createQueryBuilder('l')
      .innerJoin(PanelJudge, 'pj', 'pj.id = l.panel_judge_id')
      .select(['l.id AS id', 'pj.account_id AS "accountId"', 'l.created_at AS "createdAt"', 'l.revoked_at AS "revokedAt"'])
      .where('pj.panel_id = :id', { id })
      .orderBy('l.id', 'ASC')
      .getRawMany<{ id: number; accountId: number; createdAt: string; revokedAt: string | null }>();
    return rows.map((r) => ({ ...r, id: Number(r.id), accountId: Number(r.accountId) }));
  }

  async revokeLink(user: AuthUser, linkId: number) {
    return this.tx.run(async (em) => {
      const link = await em.getRepository(JudgeLink).findOneBy({ id: linkId });
      if (!link) throw AppError.notFound('LINK_NOT_FOUND', 'Link', linkId);
      const pj = await em.getRepository(PanelJudge).findOneByOrFail({ id: link.panelJudgeId });
      assertCan(user, 'judgeLink.manage', panelResource(await findPanel(em, pj.panelId)));
      if (!link.revokedAt) {
        const now = this.clock.nowIso();
        await em.getRepository(JudgeLink).update({ id: linkId }, { revokedAt: now, revokedBy: user.username });
        await this.audit.append(em, { actor: user, action: 'judge_link.revoke', entityType: 'judge_link', entityId: linkId, before: { revokedAt: null }, after: { revokedAt: now } });
        link.revokedAt = now;
      }
      return { id: link.id, accountId: pj.accountId, createdAt: link.createdAt, revokedAt: link.revokedAt };
    });
  }
}
