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
import { Draw, Replacement } from '../advancement/advancement.entity';
import { ReplacementsService } from '../advancement/replacements.service';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { AuthUser } from '../common/roles';
import { assertCan } from '../access/policy';
import { RoundEntrant } from '../contestants/round-entrant.entity';
import { Contest } from '../contests/contest.entity';
import { findContest } from '../contests/find-contest';
import { sql } from '../database/sql';
import { Transactions } from '../database/transactions';
import { maskIdNumber } from '../domain/id-number';
import { District } from '../registry/district.entity';
import { School } from '../registry/school.entity';
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
  async entrantRows(em: EntityManager, contest: Contest, where: string, params: unknown[]): Promise<(NoticeRowInput & { districtId: number })[]> {
    const rows = await sql(
      em,
      `SELECT e.id, e.code, e.source, e.subject, e.group_code AS "groupCode", e.school_id AS "schoolId", e.district_id AS "districtId",
              t.name, t.id_number AS "idNumber", s.name AS "schoolName"
         FROM round_entrants e JOIN teachers t ON t.id = e.teacher_id JOIN schools s ON s.id = e.school_id
        WHERE ${where} ORDER BY e.code`,
      params,
    );
    const subjects = new Map(contest.subjects.map((s) => [s.code, s.name]));
    const groups = new Map<string, string>((contest.settings?.groups ?? []).map((g) => [g.code, g.name]));
    return rows.map((r: Record<string, unknown>) => ({
      teacherName: String(r.name),
      schoolName: String(r.schoolName),
      schoolId: Number(r.schoolId),
      districtId: Number(r.districtId),
      subject: subjects.get(String(r.subject)) ?? String(r.subject),
      group: groups.get(String(r.groupCode)) ?? String(r.groupCode),
      maskedId: maskIdNumber(String(r.idNumber)),
      note: SOURCE_NOTE[String(r.source)] ?? '',
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
      const school = await em.getRepository(School).findOne({ where: { id: schoolId } });
      if (!school) throw AppError.notFound('SCHOOL_NOT_FOUND', 'School', schoolId);
      assertMayIssue(user, 'preliminary', { level: 'school', id: school.id });
      const contest = await findContest(em, contestId);
      const [list] = await sql(em, 'SELECT state FROM entrant_lists WHERE contest_id = ? AND school_id = ?', [contestId, schoolId]);
      if (!list || list.state !== 'submitted') throw new AppError('LIST_NOT_READY', `The preliminary list of ${school.code} is not submitted yet`);
      const rows = await this.entrantRows(em, contest, "e.contest_id = ? AND e.round = 'preliminary' AND e.school_id = ? AND e.status = 'active'", [contestId, schoolId]);
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

  private async publishedDraw(em: EntityManager, drawId: number): Promise<Draw> {
    const d = await em.getRepository(Draw).findOne({ where: { id: drawId }, select: { id: true, allocationId: true, contestId: true, round: true, scopeKey: true, scopeName: true, state: true } });
    if (!d) throw AppError.notFound('DRAW_NOT_FOUND', 'Draw', drawId);
    return d;
  }

  /** The district announces its semi-finalists (复赛名单) once its draw is published. */
  async publishSemifinalists(user: AuthUser, drawId: number, contact?: string): Promise<NoticeSummary> {
    const n = await this.tx.run(async (em) => {
      const d = await this.publishedDraw(em, drawId);
      if (d.round !== 'semifinal') throw AppError.field('VALIDATION_FAILED', 'drawId', 'semifinal', `Draw ${d.id} is the final's draw: its lists are the finalists`);
      const districtId = Number(d.scopeKey.split(':')[1]);
      assertMayIssue(user, 'semifinalists', { level: 'district', id: districtId });
      if (d.state !== 'published') throw new AppError('LIST_NOT_READY', `Draw ${d.id} is ${d.state}: the semi-finalists are known once it is published`);
      const contest = await findContest(em, d.contestId);
      const district = await em.getRepository(District).findOneOrFail({ where: { id: districtId } });
      const rows = await this.entrantRows(em, contest, "e.contest_id = ? AND e.round = 'semifinal' AND e.district_id = ? AND e.status = 'active'", [d.contestId, districtId]);
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
      const d = await this.publishedDraw(em, drawId);
      if (d.round !== 'final') throw AppError.field('VALIDATION_FAILED', 'drawId', 'final', `Draw ${d.id} is a semi-final draw: its list is the semi-finalists`);
      assertMayIssue(user, 'finalists', { level: 'city', id: null });
      if (d.state !== 'published') throw new AppError('LIST_NOT_READY', `Draw ${d.id} is ${d.state}: the finalists are known once it is published`);
      const contest = await findContest(em, d.contestId);
      const rows = await this.entrantRows(em, contest, "e.contest_id = ? AND e.round = 'final' AND e.status = 'active'", [d.contestId]);
      const byDistrict = new Map<number, typeof rows>();
      for (const r of rows) byDistrict.set(r.districtId, [...(byDistrict.get(r.districtId) ?? []), r]);
      const out: number[] = [];
      const districts = await em.getRepository(District).find({ order: { code: 'ASC' } });
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
      const [list] = await sql(em, 'SELECT state FROM entrant_lists WHERE contest_id = ? AND school_id = ?', [contestId, user.schoolId]);
      if (list?.state === 'submitted' && !announced.has(`preliminary|school:${user.schoolId}`)) {
        const school = await em.getRepository(School).findOneOrFail({ where: { id: user.schoolId } });
        const [{ n }] = await sql(em, "SELECT COUNT(*) AS n FROM round_entrants WHERE contest_id = ? AND round = 'preliminary' AND school_id = ? AND status = 'active'", [contestId, school.id]);
        out.push({ kind: 'preliminary', scopeKey: `school:${school.id}`, title: `${contest.name} ${school.name}初赛参赛名单公示`, rows: Number(n), action: { path: `/api/contests/${contestId}/notices/preliminary`, body: { schoolId: school.id } } });
      }
    }
    const draws = await em.getRepository(Draw).find({ where: { contestId, state: 'published' }, select: { id: true, round: true, scopeKey: true, scopeName: true } });
    for (const d of draws) {
      if (d.round === 'semifinal' && user.role === 'district_admin' && d.scopeKey === `district:${user.districtId}` && !announced.has(`semifinalists|${d.scopeKey}`)) {
        const [{ n }] = await sql(em, "SELECT COUNT(*) AS n FROM round_entrants WHERE contest_id = ? AND round = 'semifinal' AND district_id = ? AND status = 'active'", [contestId, user.districtId]);
        out.push({ kind: 'semifinalists', scopeKey: d.scopeKey, title: `${contest.name} ${d.scopeName}复赛名单公示`, rows: Number(n), action: { path: '/api/notices/semifinalists', body: { drawId: d.id } } });
      }
      if (d.round === 'final' && user.role === 'city_admin') {
        const counts = await sql(em, "SELECT district_id AS id, COUNT(*) AS n FROM round_entrants WHERE contest_id = ? AND round = 'final' AND status = 'active' GROUP BY district_id", [contestId]);
        const missing = counts.filter((c) => !announced.has(`finalists|district:${Number(c.id)}`));
        if (missing.length) {
          out.push({ kind: 'finalists', scopeKey: 'city', title: `${contest.name} 决赛名单公示（${missing.length}个区县）`, rows: missing.reduce((s, c) => s + Number(c.n), 0), action: { path: '/api/notices/finalists', body: { drawId: d.id } } });
        }
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ upheld objections

  /** Preliminary: upheld with falsified information → the entrant is disqualified from the preliminary. */
  private async upheldPreliminary(ctx: UpheldContext): Promise<UpheldOutcome> {
    if (!ctx.falsified) return { summary: 'upheld; the entrant stays on the list (no falsification)' };
    const repo = ctx.em.getRepository(RoundEntrant);
    if (!/^[1-9][0-9]{0,9}$/.test(ctx.row.ref)) return { summary: `row ${ctx.row.position} has no entrant` };
    const e = await repo.findOne({ where: { id: Number(ctx.row.ref) } });
    if (!e || e.status !== 'active') return { summary: `entrant ${e?.code ?? ctx.row.ref} is no longer active` };
    const before = { ...e };
    e.status = 'disqualified';
    e.updatedAt = this.clock.nowIso();
    await repo.save(e);
    await this.audit.append(ctx.em, { actor: ctx.actor, action: 'entrant.disqualify', entityType: 'round-entrant', entityId: e.id, before, after: e });
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
    const e = await ctx.em.getRepository(RoundEntrant).findOne({ where: { id: Number(ctx.row.ref) } });
    if (!e) return { summary: `entrant ${ctx.row.ref} not found` };
    const scopeKey = e.round === 'semifinal' ? `district:${e.districtId}` : 'city';
    const d = await ctx.em.getRepository(Draw).findOne({ where: { contestId: e.contestId, round: e.round as 'semifinal' | 'final', scopeKey }, select: { id: true } });
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
    const e = await em.getRepository(RoundEntrant).findOneOrFail({ where: { id: rep.replacementEntrantId } });
    const kind: NoticeKind = d.round === 'semifinal' ? 'semifinalists' : 'finalists';
    const scopeKey = `district:${e.districtId}`;
    const [first] = await this.notices.noticesOf(em, d.contestId, kind, scopeKey);
    if (!first) return; // the list is not announced yet: the replacement is on it when it is
    const contest = await findContest(em, d.contestId);
    const rows = await this.entrantRows(em, contest, 'e.id = ?', [e.id]);
    const n = await this.notices.publishSupplement(em, user.username, first, this.strip(rows));
    this.announced.set(rep.id, n.id);
  }
}
