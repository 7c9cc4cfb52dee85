/**
 * Certificates (获奖证书, RULES §5): numbers fixed when an award list is final, the certificate
 * view (holder, school, award, round, contest, issuing body, date, number, QR code of the
 * verification address), printing a round's or a school's certificates, and the public
 * verification by number (never the ID number).
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import { NoticesService } from '../announcements/notices.service';
import { AppError } from '../common/errors';
import { qrSvg } from '../common/qr';
import { AuthUser } from '../common/roles';
import { certificateNumber } from '../domain/awards';
import { districtNames, findSchool } from '../registry/find-registry';
import { awardRoundResource } from '../access/awards.access';
import { assertCan, schoolResource } from '../access/policy';
import { Award, AwardRound } from './awards.entity';
import { awardView, holderKind } from './awards.service';
import { CertificateView, PublicCertificateView, SchoolAwardsView } from './dto/certificates.dto';

/** The public verification page of a certificate number (the path the QR code carries). */
export const verifyPath = (no: string) => `/public/certificates/${encodeURIComponent(no)}`;

const ROUND_NAMES = { semifinal: '复赛', final: '决赛' } as const;

/**
 * A numbered certificate is valid, pending (its award is being corrected: it waits until that
 * supplementary notice is final) or revoked (its award was removed after the number was fixed).
 */
export type CertificateState = 'valid' | 'pending' | 'revoked';

@Injectable()
export class CertificatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notices: NoticesService,
  ) {}

  /**
   * Numbers every active award of a final list, in list order (NNNN = 1, 2, … over the active
   * awards; a removed award gets none). Runs inside the caller's transaction.
   */
  async issue(em: EntityManager, ar: AwardRound, contestCode: string, now: string): Promise<number> {
    const awards = await em.getRepository(Award).find({ where: { awardRoundId: ar.id, status: 'active' }, order: { position: 'ASC' } });
    let n = 0;
    for (const a of awards) {
      n++;
      await em.getRepository(Award).update({ id: a.id }, { certificateNo: certificateNumber(contestCode, ar.numberCode, n), issuedAt: now, updatedAt: now });
    }
    return n;
  }

  /**
   * After the list is final: numbers the active awards still without one (reinstated by a
   * correction) once their supplementary notice is final, after the round's highest number (a
   * number once given is never reused). Returns the numbers given and the awards still waiting.
   */
  async issueLate(em: EntityManager, ar: AwardRound, contestCode: string, now: string): Promise<{ issued: string[]; waiting: Award[] }> {
    const all = await em.getRepository(Award).find({ where: { awardRoundId: ar.id }, order: { position: 'ASC' } });
    const unnumbered = all.filter((a) => a.status === 'active' && !a.certificateNo);
    const final = await this.notices.finalNotices(em, unnumbered.map((a) => a.correctionNoticeId).filter((x): x is number => x !== null));
    let n = Math.max(0, ...all.filter((a) => a.certificateNo).map((a) => Number(a.certificateNo!.slice(-4))));
    const issued: string[] = [];
    const waiting: Award[] = [];
    for (const a of unnumbered) {
      if (a.correctionNoticeId !== null && !final.has(a.correctionNoticeId)) {
        waiting.push(a);
        continue;
      }
      const no = certificateNumber(contestCode, ar.numberCode, ++n);
      await em.getRepository(Award).update({ id: a.id }, { certificateNo: no, issuedAt: now, updatedAt: now });
      issued.push(no);
    }
    return { issued, waiting };
  }

  /** The state of the numbered certificates of these awards (a correction's notice not final yet: pending). */
  async states(awards: Award[], em: EntityManager = this.dataSource.manager): Promise<Map<number, CertificateState>> {
    const numbered = awards.filter((a) => a.certificateNo);
    const final = await this.notices.finalNotices(em, numbered.map((a) => a.correctionNoticeId).filter((x): x is number => x !== null));
    return new Map(
      numbered.map((a) => [a.id, a.status !== 'active' ? 'revoked' : a.correctionNoticeId !== null && !final.has(a.correctionNoticeId) ? 'pending' : 'valid'] as const),
    );
  }

  private async byNumber(no: string): Promise<{ award: Award; ar: AwardRound; districtName: string }> {
    // Only the shape a number can have is looked up (a NUL or other stray text never reaches the database).
    const award = /^[A-Za-z0-9_-]{1,120}$/.test(no) ? await this.dataSource.getRepository(Award).findOneBy({ certificateNo: no }) : null;
    if (!award) throw new AppError('CERTIFICATE_NOT_FOUND', `No certificate numbered ${JSON.stringify(no.slice(0, 120))}`);
    const state = (await this.states([award])).get(award.id);
    if (state === 'revoked') throw new AppError('CERTIFICATE_REVOKED', `Certificate ${award.certificateNo} is void: its award was removed`);
    if (state === 'pending') {
      throw new AppError('CERTIFICATE_PENDING', `Certificate ${award.certificateNo} waits for the supplementary notice ${award.correctionNoticeId} correcting its award to be final`);
    }
    const ar = await this.dataSource.getRepository(AwardRound).findOneByOrFail({ id: award.awardRoundId });
    return { award, ar, districtName: (await this.districtNames([award.districtId])).get(award.districtId) ?? '' };
  }

  private async districtNames(ids: number[]): Promise<Map<number, string>> {
    return districtNames(this.dataSource.manager, ids);
  }

  private publicView(award: Award, ar: AwardRound, districtName: string): PublicCertificateView {
    const r = ar.report;
    return {
      number: award.certificateNo!,
      holderKind: holderKind(award.kind),
      holderName: award.holderName,
      schoolName: award.schoolName,
      districtName,
      award: award.label,
      group: this.groupName(ar, award),
      round: ROUND_NAMES[ar.round],
      contest: r.contest.name,
      issuingBody: r.issuingBody,
      issuedOn: (award.issuedAt ?? ar.finalAt ?? '').slice(0, 10),
      issuedAt: award.issuedAt ?? '',
    };
  }

  private groupName(ar: AwardRound, a: Award): string | null {
    const g = ar.report.groups.find((x) => x.code === a.groupKey);
    return g ? `${g.subjectName}·${g.groupName}` : null;
  }

  private async certificateView(award: Award, ar: AwardRound, origin: string, districtName: string): Promise<CertificateView> {
    const base = this.publicView(award, ar, districtName);
    const url = `${origin}${verifyPath(base.number)}`;
    return { ...base, verifyUrl: url, qrSvg: await qrSvg(url), awardId: award.id, schoolId: award.schoolId, kind: award.kind };
  }

  /** Public: the verification by number; anything unknown (or removed) is CERTIFICATE_NOT_FOUND. */
  async verify(no: string): Promise<PublicCertificateView> {
    const { award, ar, districtName } = await this.byNumber(no);
    return this.publicView(award, ar, districtName);
  }

  /** One certificate for printing: the holder's school, its district, the city. */
  async one(user: AuthUser, no: string, origin: string): Promise<CertificateView> {
    const { award, ar, districtName } = await this.byNumber(no);
    assertCan(user, 'certificate.read', schoolResource({ id: award.schoolId, districtId: award.districtId }));
    return this.certificateView(award, ar, origin, districtName);
  }

  /** Every certificate of a round (the organiser, the city). */
  async ofRound(user: AuthUser, id: number, origin: string): Promise<CertificateView[]> {
    const ar = await this.dataSource.getRepository(AwardRound).findOneBy({ id });
    if (!ar) throw AppError.notFound('AWARD_ROUND_NOT_FOUND', 'Award round', id);
    assertCan(user, 'awards.read', awardRoundResource(ar));
    const awards = (
      await this.dataSource.getRepository(Award).find({ where: { awardRoundId: id, status: 'active', certificateNo: Not(IsNull()) }, order: { position: 'ASC' } })
    ).filter((a) => user.role === 'city_admin' || a.districtId === user.districtId);
    // A certificate whose award is being corrected is not printed until the supplementary notice is final.
    const states = await this.states(awards);
    const names = await this.districtNames(awards.map((a) => a.districtId));
    return Promise.all(awards.filter((a) => states.get(a.id) === 'valid').map((a) => this.certificateView(a, ar, origin, names.get(a.districtId) ?? '')));
  }

  /** A school's prizes and awards of a contest, with their certificates once issued. */
  async ofSchool(user: AuthUser, contestId: number, schoolId: number, origin: string): Promise<SchoolAwardsView> {
    const school = await findSchool(this.dataSource.manager, schoolId);
    assertCan(user, 'certificate.read', schoolResource(school));
    const rounds = new Map((await this.dataSource.getRepository(AwardRound).findBy({ contestId })).map((r) => [r.id, r]));
    const awards = (await this.dataSource.getRepository(Award).find({ where: { contestId, schoolId }, order: { round: 'DESC', position: 'ASC' } }))
      // A school sees a list once it is published (the organiser's draft is not yet news).
      .filter((a) => rounds.get(a.awardRoundId)?.state !== 'computed');
    const states = await this.states(awards);
    const names = await this.districtNames([school.districtId]);
    const items = [];
    for (const a of awards) {
      const ar = rounds.get(a.awardRoundId)!;
      const state = states.get(a.id) ?? null;
      items.push({
        ...awardView(a),
        round: a.round,
        roundName: ROUND_NAMES[a.round],
        listState: ar.state,
        group: this.groupName(ar, a),
        certificateState: state,
        certificate: state === 'valid' ? await this.certificateView(a, ar, origin, names.get(a.districtId) ?? '') : null,
      });
    }
    return { schoolId, schoolName: school.name, awards: items };
  }
}
