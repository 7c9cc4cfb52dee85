/**
 * The lists of the earlier stages announced through the notices core: a school's preliminary
 * entrants (from its submitted entrant list), a district's semi-finalists and each district's
 * finalists (from a published draw, marked 推荐/抽取/递补). Also what an upheld objection does to
 * them (disqualification through the advancement feature's withdrawal path), and the
 * supplementary notice (补充公示) announcing every replacement entrant.
 */
import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Draw, Replacement } from '../advancement/advancement.entity';
import { drawOfScope, findDrawHeader, publishedDraws } from '../advancement/find-draws';
import { ReplacementsService } from '../advancement/replacements.service';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { AuthUser } from '../common/roles';
import { assertCan } from '../access/policy';
import { activeEntrantsPer, countActiveEntrants, EntrantScope, endEntrant, findEntrant, listedEntrants } from '../contestants/find-entrants';
import type { Contest } from '../contests/contest.entity';
import { findContest } from '../contests/find-contest';
import { sql } from '../database/sql';
import { Transactions } from '../database/transactions';
import { maskIdNumber } from '../domain/id-number';
import { entrantListState } from '../entrants/find-entrant-list';
import { districtsInOrder, findDistrict, findSchool } from '../registry/find-registry';
import { assertMayIssue } from './notice-kinds';
import { Notice, NoticeKind } from './notice.entity';
import { NoticeRowInput, NoticeSummary, NoticesService, UpheldContext, UpheldOutcome } from './notices.service';

/** How an entrant got into the round, as the notice prints it. */
export const SOURCE_NOTE: Record<string, string> = {
  'all-staff': '',
  recommended: '推荐',
  drawn: '抽取',
  reserve: '递补',
  're-recommended': '推荐（递补）',
};

/** A list ready to be announced by the caller and not announced yet. */
export interface ReadyList {
  kind: NoticeKind;
  scopeKey: string;
  title: string;
  rows: number;
  /** What to POST to announce it. */
  action: { path: string; body: Record<string, number> };
}

@Injectable()
export class AnnouncementListsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly notices: NoticesService,
    private readonly replacements: ReplacementsService,
  ) {}

  onModuleInit(): void {
    this.notices.registerUpheldHandler('preliminary', (ctx) => this.upheldPreliminary(ctx));
    this.notices.registerUpheldHandler('semifinalists', (ctx) => this.upheldAdvanced(ctx));
    this.notices.registerUpheldHandler('finalists', (ctx) => this.upheldAdvanced(ctx));
    this.replacements.onReplacementFilled((em, user, draw, rep) => this.announceReplacement(em, user, draw, rep));
  }

  // ------------------------------------------------------------------ rows

  /** Notice rows of round entrants (names, school, subject and group names, masked ID, source). */
  async entrantRows(em: EntityManager, contest: Contest, scope: EntrantScope): Promise<(NoticeRowInput & { districtId: number })[]> {
    const subjects = new Map(contest.subjects.map((s) => [s.code, s.name]));
    const groups = new Map<string, string>((contest.settings?.groups ?? []).map((g) => [g.code, g.name]));
    return (await listedEntrants(em, scope)).map((r) => ({
      teacherName: r.teacherName,
      schoolName: r.schoolName,
      schoolId: r.schoolId,
      districtId: r.districtId,
      subject: subjects.get(r.subject) ?? r.subject,
      group: groups.get(r.groupCode) ?? r.groupCode,
      maskedId: maskIdNumber(r.idNumber),
      note: SOURCE_NOTE[r.source] ?? '',
      ref: String(r.id),
    }));
  }

  private strip(rows: (NoticeRowInput & { districtId?: number })[]): NoticeRowInput[] {
    return rows.map(({ districtId: _d, ...r }) => r);
  }

  // ------------------------------------------------------------------ publishing the lists

  /** The school announces its submitted preliminary entrant list (初赛名单). */
  async publishPreliminary(user: AuthUser, contestId: number, schoolId: number, contact?: string): Promise<NoticeSummary> {
    const n = await this.tx.run(async (em) => {
      const school = await findSchool(em, schoolId);
      assertMayIssue(user, 'preliminary', { level: 'school', id: school.id });
      const contest = await findContest(em, contestId);
      if ((await entrantListState(em, contestId, schoolId)) !== 'submitted') throw new AppError('LIST_NOT_READY', `The preliminary list of ${school.code} is not submitted yet`);
      const rows = await this.entrantRows(em, contest, { contestId, round: 'preliminary', schoolId });
      return this.notices.publish(em, user, {
        contestId,
        kind: 'preliminary',
        scopeKey: `school:${school.id}`,
        issuer: { level: 'school', id: school.id, name: school.name, districtId: school.districtId },
        title: `${contest.name} ${school.name}初赛参赛名单公示`,
        rows: this.strip(rows),
        objectionContact: contact,
      });
    });
    return (await this.notices.summaries({ ids: [n.id] }))[0];
  }

  /** The district announces its semi-finalists (复赛名单) once its draw is published. */
  async publishSemifinalists(user: AuthUser, drawId: number, contact?: string): Promise<NoticeSummary> {
    const n = await this.tx.run(async (em) => {
      const d = await findDrawHeader(em, drawId);
      if (d.round !== 'semifinal') throw AppError.field('VALIDATION_FAILED', 'drawId', 'semifinal', `Draw ${d.id} is the final's draw: its lists are the finalists`);
      const districtId = Number(d.scopeKey.split(':')[1]);
      assertMayIssue(user, 'semifinalists', { level: 'district', id: districtId });
      if (d.state !== 'published') throw new AppError('LIST_NOT_READY', `Draw ${d.id} is ${d.state}: the semi-finalists are known once it is published`);
      const contest = await findContest(em, d.contestId);
      const district = await findDistrict(em, districtId);
      const rows = await this.entrantRows(em, contest, { contestId: d.contestId, round: 'semifinal', districtId });
      return this.notices.publish(em, user, {
        contestId: d.contestId,
        kind: 'semifinalists',
        scopeKey: `district:${districtId}`,
        issuer: { level: 'district', id: districtId, name: `${district.name}教育局` },
        title: `${contest.name} ${district.name}复赛名单公示`,
        rows: this.strip(rows),
        objectionContact: contact,
      });
    });
    return (await this.notices.summaries({ ids: [n.id] }))[0];
  }

  /** The city announces each district's finalists (决赛名单) once the final's draw is published: one notice per district. */
  async publishFinalists(user: AuthUser, drawId: number, contact?: string): Promise<NoticeSummary[]> {
    const ids = await this.tx.run(async (em) => {
      const d = await findDrawHeader(em, drawId);
      if (d.round !== 'final') throw AppError.field('VALIDATION_FAILED', 'drawId', 'final', `Draw ${d.id} is a semi-final draw: its list is the semi-finalists`);
      assertMayIssue(user, 'finalists', { level: 'city', id: null });
      if (d.state !== 'published') throw new AppError('LIST_NOT_READY', `Draw ${d.id} is ${d.state}: the finalists are known once it is published`);
      const contest = await findContest(em, d.contestId);
      const rows = await this.entrantRows(em, contest, { contestId: d.contestId, round: 'final' });
      const byDistrict = new Map<number, typeof rows>();
      for (const r of rows) byDistrict.set(r.districtId, [...(byDistrict.get(r.districtId) ?? []), r]);
      const out: number[] = [];
      const districts = await districtsInOrder(em);
      for (const district of districts) {
        const list = byDistrict.get(district.id);
        if (!list?.length) continue;
        const scopeKey = `district:${district.id}`;
        if (await em.getRepository(Notice).exists({ where: { contestId: d.contestId, kind: 'finalists', scopeKey } })) continue;
        const n = await this.notices.publish(em, user, {
          contestId: d.contestId,
          kind: 'finalists',
          scopeKey,
          issuer: { level: 'city', id: null, name: '市教育局' },
          title: `${contest.name} ${district.name}决赛名单公示`,
          rows: this.strip(list),
          objectionContact: contact,
        });
        out.push(n.id);
      }
      if (!out.length) throw new AppError('NOTICE_EXISTS', `The finalists of draw ${d.id} are already announced`);
      return out;
    });
    return this.notices.summaries({ ids });
  }

  /** Lists the caller may announce now and has not announced yet. */
  async ready(user: AuthUser, contestId: number): Promise<ReadyList[]> {
    assertCan(user, 'notice.work');
    const em = this.dataSource.manager;
    const contest = await findContest(em, contestId);
    const announced = new Set(
      (await sql(em, 'SELECT kind, scope_key AS "scopeKey" FROM ann_notices WHERE contest_id = ?', [contestId])).map((r) => `${r.kind}|${r.scopeKey}`),
    );
    const out: ReadyList[] = [];
    if (user.role === 'school_admin' && user.schoolId) {
      if ((await entrantListState(em, contestId, user.schoolId)) === 'submitted' && !announced.has(`preliminary|school:${user.schoolId}`)) {
        const school = await findSchool(em, user.schoolId);
        const n = await countActiveEntrants(em, { contestId, round: 'preliminary', schoolId: school.id });
        out.push({ kind: 'preliminary', scopeKey: `school:${school.id}`, title: `${contest.name} ${school.name}初赛参赛名单公示`, rows: n, action: { path: `/api/contests/${contestId}/notices/preliminary`, body: { schoolId: school.id } } });
      }
    }
    const draws = await publishedDraws(em, contestId);
    for (const d of draws) {
      if (d.round === 'semifinal' && user.role === 'district_admin' && d.scopeKey === `district:${user.districtId}` && !announced.has(`semifinalists|${d.scopeKey}`)) {
        const n = await countActiveEntrants(em, { contestId, round: 'semifinal', districtId: user.districtId! });
        out.push({ kind: 'semifinalists', scopeKey: d.scopeKey, title: `${contest.name} ${d.scopeName}复赛名单公示`, rows: n, action: { path: '/api/notices/semifinalists', body: { drawId: d.id } } });
      }
      if (d.round === 'final' && user.role === 'city_admin') {
        const counts = await activeEntrantsPer(em, 'district', contestId, 'final');
        const missing = [...counts].filter(([districtId]) => !announced.has(`finalists|district:${districtId}`));
        if (missing.length) {
          out.push({ kind: 'finalists', scopeKey: 'city', title: `${contest.name} 决赛名单公示（${missing.length}个区县）`, rows: missing.reduce((s, [, n]) => s + n, 0), action: { path: '/api/notices/finalists', body: { drawId: d.id } } });
        }
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ upheld objections

  /** Preliminary: upheld with falsified information → the entrant is disqualified from the preliminary. */
  private async upheldPreliminary(ctx: UpheldContext): Promise<UpheldOutcome> {
    if (!ctx.falsified) return { summary: 'upheld; the entrant stays on the list (no falsification)' };
    if (!/^[1-9][0-9]{0,9}$/.test(ctx.row.ref)) return { summary: `row ${ctx.row.position} has no entrant` };
    const e = await findEntrant(ctx.em, Number(ctx.row.ref));
    const ended = e && (await endEntrant(ctx.em, e, 'disqualified', this.clock.nowIso()));
    if (!e || !ended) return { summary: `entrant ${e?.code ?? ctx.row.ref} is no longer active` };
    await this.audit.append(ctx.em, { actor: ctx.actor, action: 'entrant.disqualify', entityType: 'round-entrant', entityId: e.id, before: ended.before, after: ended.after });
    return { summary: `${e.code} disqualified from the preliminary` };
  }

  /** Supplementary notices published in the current transaction, by replacement id. */
  private readonly announced = new Map<number, number>();

  /**
   * Semi-finalists and finalists: upheld with falsified information → the entrant is disqualified
   * through the draw's withdrawal path: a drawn place goes to the next reserve (announced at once
   * in a supplementary notice), a recommended place back to the unit to recommend again before
   * the given deadline (announced when it does).
   */
  private async upheldAdvanced(ctx: UpheldContext): Promise<UpheldOutcome> {
    if (!ctx.falsified) return { summary: 'upheld; the entrant stays on the list (no falsification)' };
    if (!/^[1-9][0-9]{0,9}$/.test(ctx.row.ref)) return { summary: `row ${ctx.row.position} has no entrant` };
    const e = await findEntrant(ctx.em, Number(ctx.row.ref));
    if (!e) return { summary: `entrant ${ctx.row.ref} not found` };
    const scopeKey = e.round === 'semifinal' ? `district:${e.districtId}` : 'city';
    const d = await drawOfScope(ctx.em, e.contestId, e.round as 'semifinal' | 'final', scopeKey);
    if (!d) return { summary: `no draw for ${e.code}` };
    const rep = await this.replacements.withdraw(ctx.actor, d.id, e.id, { kind: 'disqualified', reason: ctx.reason.slice(0, 500), replacementDeadline: ctx.replacementDeadline });
    const noticeId = this.announced.get(rep.id) ?? null;
    this.announced.delete(rep.id);
    const summary =
      rep.place === 'drawn'
        ? rep.replacement
          ? `${rep.withdrawn} disqualified; reserve ${rep.replacement} takes the drawn place`
          : `${rep.withdrawn} disqualified; no reserve left for the drawn place`
        : `${rep.withdrawn} disqualified; ${rep.unitCode} recommends again by ${rep.deadline}`;
    return { summary, supplementaryNoticeId: noticeId };
  }

  /** Every replacement entrant of an announced list is announced in a supplementary notice with its own window. */
  private async announceReplacement(em: EntityManager, user: AuthUser, d: Draw, rep: Replacement): Promise<void> {
    if (rep.replacementEntrantId === null) return;
    const e = await findEntrant(em, rep.replacementEntrantId);
    if (!e) return;
    const kind: NoticeKind = d.round === 'semifinal' ? 'semifinalists' : 'finalists';
    const scopeKey = `district:${e.districtId}`;
    const [first] = await this.notices.noticesOf(em, d.contestId, kind, scopeKey);
    if (!first) return; // the list is not announced yet: the replacement is on it when it is
    const contest = await findContest(em, d.contestId);
    const rows = await this.entrantRows(em, contest, { entrantId: e.id });
    const n = await this.notices.publishSupplement(em, user.username, first, this.strip(rows));
    this.announced.set(rep.id, n.id);
  }
}
