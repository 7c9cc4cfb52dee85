/**
 * Publishing a round's award list through the announcements of RULES §6 (a notice with its
 * working-day window and objections), removing an award when an objection to it is upheld (counts
 * are not recomputed; the case is recorded against the school), and issuing the certificates once
 * the list is final.
 */
import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { NoticeRowInput, NoticesService, UpheldContext, UpheldOutcome } from '../announcements/notices.service';
import type { NoticeKind } from '../announcements/notice.entity';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { AuthUser } from '../common/roles';
import { findContest } from '../contests/find-contest';
import { Transactions } from '../database/transactions';
import { assertCan } from '../access/policy';
import { awardRoundResource } from '../access/awards.access';
import { Award, AwardRound, AwardSchoolCase } from './awards.entity';
import { AwardsService } from './awards.service';
import { CertificatesService } from './certificates.service';
import { AwardRoundView } from './dto/awards.dto';

export const AWARD_NOTICE_KIND: Record<'semifinal' | 'final', NoticeKind> = { semifinal: 'semifinal-awards', final: 'final-awards' };
const REF_PREFIX = 'award:';

@Injectable()
export class AwardsPublicationService implements OnModuleInit {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly notices: NoticesService,
    private readonly awards: AwardsService,
    private readonly certificates: CertificatesService,
  ) {}

  onModuleInit(): void {
    const handler = (ctx: UpheldContext) => this.onUpheld(ctx);
    this.notices.registerUpheldHandler('semifinal-awards', handler);
    this.notices.registerUpheldHandler('final-awards', handler);
  }

  /** The notice rows of a list: every active award, in list order. */
  rows(ar: AwardRound, awards: Award[]): NoticeRowInput[] {
    const groups = new Map(ar.report.groups.map((g) => [g.code, g]));
    return awards
      .filter((a) => a.status === 'active')
      .map((a) => {
        const g = a.groupKey ? groups.get(a.groupKey) : undefined;
        return {
          teacherName: a.holderName,
          schoolName: a.schoolName,
          schoolId: a.schoolId,
          subject: g?.subjectName ?? '—',
          group: g?.groupName ?? '—',
          maskedId: a.maskedId ?? '—',
          note: a.label,
          ref: `${REF_PREFIX}${a.id}`,
        };
      });
  }

  /** The organiser publishes the computed list as a notice; from then on it is never recomputed. */
  async publish(user: AuthUser, id: number, actor: AuthUser | string = user): Promise<AwardRoundView> {
    return this.tx.run(async (em) => {
      const ar = await this.awards.findRound(em, id);
      assertCan(user, 'awards.compute', awardRoundResource(ar));
      if (ar.state !== 'computed') throw new AppError('AWARDS_PUBLISHED', 'This award list is already published; a correction is a supplementary notice');
      const contest = await findContest(em, ar.contestId);
      const awards = await em.getRepository(Award).find({ where: { awardRoundId: ar.id }, order: { position: 'ASC' } });
      const r = ar.report;
      const notice = await this.notices.publish(em, actor, {
        contestId: ar.contestId,
        kind: AWARD_NOTICE_KIND[ar.round],
        roundCode: ar.round,
        scopeKey: ar.scopeKey,
        issuer: ar.round === 'final' ? { level: 'city', id: null, name: r.issuingBody } : { level: 'district', id: ar.districtId, name: r.issuingBody },
        title: `${contest.name}${r.district ? r.district.name : ''}${r.roundName}获奖名单公示`,
        rows: this.rows(ar, awards),
      });
      const now = this.clock.nowIso();
      const before = { state: ar.state };
      Object.assign(ar, { state: 'published', publishedAt: now, publishedBy: user.username, noticeId: notice.id, updatedAt: now });
      await em.getRepository(AwardRound).update({ id: ar.id }, { state: 'published', publishedAt: now, publishedBy: user.username, noticeId: notice.id, updatedAt: now });
      await this.audit.append(em, { actor: user, action: 'award-round.publish', entityType: 'award_round', entityId: ar.id, before, after: { state: ar.state, noticeId: notice.id } });
      return this.awards.view(em, ar, user);
    });
  }

  /** Once the notice is final (window closed, every objection resolved), the certificates are numbered. */
  async finalise(user: AuthUser, id: number): Promise<AwardRoundView> {
    return this.tx.run(async (em) => {
      const ar = await this.awards.findRound(em, id);
      assertCan(user, 'awards.compute', awardRoundResource(ar));
      if (ar.state === 'computed') throw new AppError('AWARDS_NOT_PUBLISHED', 'The award list is not published yet');
      if (ar.state === 'final') return this.awards.view(em, ar, user);
      await this.notices.assertListsFinal(em, ar.contestId, AWARD_NOTICE_KIND[ar.round], [{ scopeKey: ar.scopeKey, label: ar.report.issuingBody }], 'Issuing the certificates');
      const contest = await findContest(em, ar.contestId);
      const now = this.clock.nowIso();
      const issued = await this.certificates.issue(em, ar, contest.code, now);
      await em.getRepository(AwardRound).update({ id: ar.id }, { state: 'final', finalAt: now, updatedAt: now });
      Object.assign(ar, { state: 'final', finalAt: now, updatedAt: now });
      await this.audit.append(em, { actor: user, action: 'award-round.final', entityType: 'award_round', entityId: ar.id, before: { state: 'published' }, after: { state: 'final', certificates: issued } });
      return this.awards.view(em, ar, user);
    });
  }

  /** An upheld objection on an award row: the award is removed, nobody moves up, and the case is recorded against the school. */
  private async onUpheld(ctx: UpheldContext): Promise<UpheldOutcome> {
    const em: EntityManager = ctx.em;
    if (!ctx.row.ref.startsWith(REF_PREFIX)) return { summary: 'upheld' };
    const award = await em.getRepository(Award).findOneBy({ id: Number(ctx.row.ref.slice(REF_PREFIX.length)) });
    if (!award || award.status !== 'active') return { summary: '该奖项已撤销' };
    const now = this.clock.nowIso();
    await em.getRepository(Award).update({ id: award.id }, { status: 'revoked', revokedReason: ctx.reason.slice(0, 2000), revokedAt: now, updatedAt: now });
    const c = em.getRepository(AwardSchoolCase).create({
      contestId: award.contestId,
      schoolId: award.schoolId,
      awardId: award.id,
      reason: ctx.reason.slice(0, 2000),
      recordedBy: ctx.actor.username,
      createdAt: now,
    });
    c.id = (await em.getRepository(AwardSchoolCase).insert(c)).identifiers[0].id as number;
    await this.audit.append(em, {
      actor: ctx.actor,
      action: 'award.revoke',
      entityType: 'award',
      entityId: award.id,
      before: { status: 'active' },
      after: { status: 'revoked', reason: ctx.reason, objectionId: ctx.objection.id, falsified: ctx.falsified, schoolCaseId: c.id },
    });
    return { summary: `撤销${award.holderName}的${award.label}（获奖人数不重新计算，名额不递补）` };
  }
}
