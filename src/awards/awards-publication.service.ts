/**
 * Publishing a round's award list through the announcements of RULES §6 (a notice with its
 * working-day window and objections), removing an award when an objection to it is upheld (counts
 * are not recomputed; the case is recorded against the school), correcting a published list (a
 * removal, a reinstatement or a corrected name), each change announced in a supplementary notice
 * (补充公示) with its own window through the same notices machinery, and issuing the certificates
 * once the list is final (a changed award's certificate also waits for its supplementary notice).
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
import { AwardsService, holderKind } from './awards.service';
import { CertificatesService } from './certificates.service';
import { AwardRoundView, CorrectAwardDto } from './dto/awards.dto';

export const AWARD_NOTICE_KIND: Record<'semifinal' | 'final', NoticeKind> = { semifinal: 'semifinal-awards', final: 'final-awards' };
/** A row showing an award as it stands (an objection upheld on it removes the award). */
const REF_PREFIX = 'award:';
/** A row of a supplementary notice announcing that an award was removed. */
const REMOVAL_REF_PREFIX = 'award-removal:';

/** The list's prize groups by code (a notice row names its award's subject and group). */
function groupsByCode(ar: AwardRound): Map<string, AwardRound['report']['groups'][number]> {
  return new Map(ar.report.groups.map((g) => [g.code, g]));
}

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
    const groups = groupsByCode(ar);
    return awards.filter((a) => a.status === 'active').map((a) => this.row(groups, a, a.label, `${REF_PREFIX}${a.id}`));
  }

  private row(groups: Map<string, AwardRound['report']['groups'][number]>, a: Award, note: string, ref: string): NoticeRowInput {
    const g = a.groupKey ? groups.get(a.groupKey) : undefined;
    return {
      teacherName: a.holderName,
      schoolName: a.schoolName,
      schoolId: a.schoolId,
      subject: g?.subjectName ?? '—',
      group: g?.groupName ?? '—',
      maskedId: a.maskedId ?? '—',
      note: note.length > 100 ? `${note.slice(0, 99)}…` : note,
      ref,
    };
  }

  /**
   * The organiser corrects its published list (RULES §6: a correction is a supplementary notice;
   * the list is never recomputed): it removes an award given in error, reinstates a removed one,
   * or corrects the holder's or school's name as printed. The change is made at once and
   * announced in a supplementary notice naming the list's notice, with its own window; the
   * award's certificate waits until that notice is final.
   */
  async correct(user: AuthUser, id: number, dto: CorrectAwardDto): Promise<AwardRoundView> {
    return this.tx.run(async (em) => {
      const ar = await this.awards.findRound(em, id);
      assertCan(user, 'awards.compute', awardRoundResource(ar));
      if (ar.state === 'computed' || ar.noticeId === null) {
        throw new AppError('AWARDS_NOT_PUBLISHED', 'The award list is not published yet: compute it again instead of correcting it');
      }
      const award = await em.getRepository(Award).findOneBy({ id: dto.awardId, awardRoundId: ar.id });
      if (!award) throw new AppError('AWARD_NOT_FOUND', `Award ${dto.awardId} is not an award of award round ${ar.id}`, [{ field: 'awardId', rule: 'in-round', message: `not an award of award round ${ar.id}` }]);
      const change: Partial<Award> = {};
      let note: string;
      if (dto.action === 'revoke') {
        if (award.status !== 'active') throw new AppError('NOTHING_TO_CHANGE', `Award ${award.id} is already removed`);
        Object.assign(change, { status: 'revoked', revokedReason: dto.reason, revokedAt: this.clock.nowIso() });
        note = `撤销${award.label}：${dto.reason}`;
      } else if (dto.action === 'reinstate') {
        if (award.status === 'active') throw new AppError('NOTHING_TO_CHANGE', `Award ${award.id} is not removed`);
        Object.assign(change, { status: 'active', revokedReason: null, revokedAt: null });
        note = `恢复${award.label}：${dto.reason}`;
      } else {
        if (award.status !== 'active') throw new AppError('AWARD_NOT_ACTIVE', `Award ${award.id} is removed; reinstate it first`);
        if (dto.holderName === undefined && dto.schoolName === undefined) {
          throw AppError.field('VALIDATION_FAILED', 'holderName', 'required', 'An amendment names the corrected holderName or schoolName');
        }
        // A school award's holder is the school: its name is both.
        const school = holderKind(award.kind) === 'school';
        if (school && dto.holderName !== undefined && dto.schoolName !== undefined && dto.holderName !== dto.schoolName) {
          throw AppError.field('VALIDATION_FAILED', 'schoolName', 'same-as-holder', 'A team or organisation award is held by the school: holderName and schoolName are its one name');
        }
        const holderName = dto.holderName ?? (school ? dto.schoolName! : award.holderName);
        const schoolName = school ? holderName : (dto.schoolName ?? award.schoolName);
        if (holderName === award.holderName && schoolName === award.schoolName) throw new AppError('NOTHING_TO_CHANGE', 'The names given are the ones printed already');
        Object.assign(change, { holderName, schoolName });
        note = `更正${award.label}：${dto.reason}`;
      }
      const before = { status: award.status, holderName: award.holderName, schoolName: award.schoolName, correctionNoticeId: award.correctionNoticeId };
      Object.assign(award, change);
      const base = await this.notices.notice(em, ar.noticeId);
      const ref = award.status === 'active' ? `${REF_PREFIX}${award.id}` : `${REMOVAL_REF_PREFIX}${award.id}`;
      const supplement = await this.notices.publishSupplement(em, user, base, [this.row(groupsByCode(ar), award, note, ref)]);
      const now = this.clock.nowIso();
      await em.getRepository(Award).update({ id: award.id }, { ...change, correctionNoticeId: supplement.id, updatedAt: now });
      await this.audit.append(em, {
        actor: user,
        action: 'award.correct',
        entityType: 'award',
        entityId: award.id,
        before,
        after: { action: dto.action, reason: dto.reason, status: award.status, holderName: award.holderName, schoolName: award.schoolName, correctionNoticeId: supplement.id },
      });
      return this.awards.view(em, ar, user);
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
      if (ar.state === 'final') return this.issueLate(em, user, ar);
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

  /**
   * The list is final already: an award reinstated since gets its number once its supplementary
   * notice is final (refused, naming that notice, while it is not); nothing waiting: no change.
   */
  private async issueLate(em: EntityManager, user: AuthUser, ar: AwardRound): Promise<AwardRoundView> {
    const contest = await findContest(em, ar.contestId);
    const now = this.clock.nowIso();
    const { issued, waiting } = await this.certificates.issueLate(em, ar, contest.code, now);
    if (!issued.length && waiting.length) {
      throw new AppError(
        'LISTS_NOT_FINAL',
        `Issuing the certificates waits for ${waiting.length} supplementary notice(s) to be final: ${waiting.map((a) => `notice ${a.correctionNoticeId} (award ${a.id})`).join('; ')}`,
        waiting.map((a) => ({ field: `awards.${a.id}`, rule: 'final', message: `supplementary notice ${a.correctionNoticeId} is not final` })),
      );
    }
    if (issued.length) {
      await em.getRepository(AwardRound).update({ id: ar.id }, { updatedAt: now });
      await this.audit.append(em, { actor: user, action: 'award-round.issue', entityType: 'award_round', entityId: ar.id, after: { certificates: issued, waiting: waiting.map((a) => a.id) } });
    }
    return this.awards.view(em, ar, user);
  }

  /**
   * An upheld objection on an award row: the award is removed, nobody moves up, the case is
   * recorded against the school, and the removal is announced in a supplementary notice with its
   * own window. An objection upheld against a removal changes nothing by itself: the organiser
   * reinstates the award by a correction.
   */
  private async onUpheld(ctx: UpheldContext): Promise<UpheldOutcome> {
    const em: EntityManager = ctx.em;
    if (ctx.row.ref.startsWith(REMOVAL_REF_PREFIX)) return { summary: '异议成立：如需恢复该奖项，由公示单位更正并发布补充公示' };
    if (!ctx.row.ref.startsWith(REF_PREFIX)) return { summary: 'upheld' };
    const award = await em.getRepository(Award).findOneBy({ id: Number(ctx.row.ref.slice(REF_PREFIX.length)) });
    if (!award || award.status !== 'active') return { summary: '该奖项已撤销' };
    const now = this.clock.nowIso();
    const ar = await this.awards.findRound(em, award.awardRoundId);
    Object.assign(award, { status: 'revoked', revokedReason: ctx.reason.slice(0, 2000), revokedAt: now });
    const supplement = await this.notices.publishSupplement(em, ctx.actor, ctx.notice, [this.row(groupsByCode(ar), award, `撤销${award.label}：异议成立`, `${REMOVAL_REF_PREFIX}${award.id}`)]);
    await em.getRepository(Award).update({ id: award.id }, { status: 'revoked', revokedReason: award.revokedReason, revokedAt: now, correctionNoticeId: supplement.id, updatedAt: now });
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
      after: { status: 'revoked', reason: ctx.reason, objectionId: ctx.objection.id, falsified: ctx.falsified, schoolCaseId: c.id, correctionNoticeId: supplement.id },
    });
    return { summary: `撤销${award.holderName}的${award.label}（获奖人数不重新计算，名额不递补）；已发布补充公示`, supplementaryNoticeId: supplement.id };
  }
}
