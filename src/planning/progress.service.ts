/**
 * Progress at a glance: every panel of an organiser's round (sheets submitted / expected, judges
 * who have not started, locked / announced, open problems); the city's page of every district's
 * stage; problems judges signal from the tablet (报告问题) until someone marks them handled.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { publishedDraws } from '../advancement/find-draws';
import { AuditService } from '../audit/audit.service';
import { displayNames } from '../auth/find-account';
import { awardRoundStates } from '../awards/find-award-rounds';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { AuthUser } from '../common/roles';
import { marks, sql } from '../database/sql';
import { Transactions } from '../database/transactions';
import { entrantHomes } from '../contestants/find-entrants';
import { findContest } from '../contests/find-contest';
import { schoolsWithSubmittedList } from '../entrants/find-entrant-list';
import { assertCan, panelResource } from '../access';
import { findPanel } from '../judging/judging.common';
import { idleSeats, isPanelContestant, panelCodes, panelCountsByDistrict, panelProgress, seatOf } from '../judging/panel-lookups';
import { districtsInOrder, schoolHomes } from '../registry/find-registry';
import { CityStagesView, DistrictStageView, PanelProgressView, ProblemView, ProgressView, ReportProblemDto, RoundScopeQuery } from './dto/planning.dto';
import { groupName, panelScope, scopeContext, sessionShort, subjectName } from './planning.common';
import { JudgeProblem } from './planning.entity';

/** A row of judge_problems (planning's own table). */
interface ProblemRow {
  id: number;
  panel_id: number;
  account_id: number;
  kind: string;
  entrant_id: number | null;
  note: string | null;
  created_at: string;
  handled_at: string | null;
}

const KIND_NAMES: Record<string, string> = { 'wrong-contestant': '选手信息有误', device: '设备故障', conflict: '发现需回避', other: '其他问题' };

@Injectable()
export class ProgressService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async progress(user: AuthUser, q: RoundScopeQuery): Promise<ProgressView> {
    const em = this.ds.manager;
    const ctx = await scopeContext(em, user, q, 'progress.read');
    const panels = await panelProgress(em, panelScope(ctx));
    const idle = await idleSeats(em, panelScope(ctx));
    const idleNames = await displayNames(em, idle.map((r) => r.accountId));
    const problems = await this.openProblemsOf(em, new Map(panels.map((p) => [p.id, p.code])));
    const notStarted = new Map<number, string[]>();
    for (const r of idle) {
      const name = idleNames.get(r.accountId);
      if (name !== undefined) notStarted.set(r.panelId, [...(notStarted.get(r.panelId) ?? []), name]);
    }
    const views: PanelProgressView[] = panels.map((p) => {
      const judges = p.judges;
      const contestants = p.contestants;
      return {
        panelId: p.id,
        code: p.code,
        subjectName: subjectName(ctx.contest, p.subject),
        groupName: groupName(ctx.contest, p.mergedGroups ? JSON.parse(p.mergedGroups) : [p.groupCode]),
        room: p.room,
        session: p.sessionDate ? sessionShort(p.sessionDate, p.sessionTime) : p.session,
        judges,
        contestants,
        expected: judges * contestants,
        submitted: p.submitted,
        notStarted: notStarted.get(p.id) ?? [],
        locked: p.state === 'locked',
        announced: p.announced,
        openProblems: problems.filter((x) => x.panelId === p.id).length,
      };
    });
    return { scope: ctx.key, roundName: ctx.round.name, panels: views, problems };
  }

  /** The open problems of these panels (their codes by id), in the order they were reported. */
  private async openProblemsOf(em: EntityManager, codes: Map<number, string>): Promise<ProblemView[]> {
    const ids = [...codes.keys()];
    const rows: ProblemRow[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      rows.push(...(await this.problemRows(em, `jp.panel_id IN (${marks(chunk)}) AND jp.handled_at IS NULL`, chunk)));
    }
    rows.sort((a, b) => Number(a.id) - Number(b.id));
    return this.problemViews(em, rows, codes);
  }

  /** The problems (planning's rows) that match `where` (alias jp), in the order they were reported. */
  private problemRows(em: EntityManager, where: string, params: unknown[]): Promise<ProblemRow[]> {
    return sql<ProblemRow>(
      em,
      `SELECT jp.id, jp.panel_id, jp.account_id, jp.kind, jp.entrant_id, jp.note, jp.created_at, jp.handled_at FROM judge_problems jp WHERE ${where} ORDER BY jp.id`,
      params,
    );
  }

  /** The problems that match `where` (alias jp) as shown, with their panels' codes (judging's). */
  private async problems(em: EntityManager, where: string, params: unknown[]): Promise<ProblemView[]> {
    const rows = await this.problemRows(em, where, params);
    return this.problemViews(em, rows, await panelCodes(em, rows.map((r) => Number(r.panel_id))));
  }

  /** Problem rows as shown; a row whose panel, judge or account is gone is left out. */
  private async problemViews(em: EntityManager, rows: ProblemRow[], codes: Map<number, string>): Promise<ProblemView[]> {
    // The judges' names (auth's) and the entrants' codes (the contestants').
    const names = await displayNames(em, rows.map((r) => Number(r.account_id)));
    const entrants = await entrantHomes(em, rows.flatMap((r) => (r.entrant_id === null ? [] : [Number(r.entrant_id)])));
    return rows.flatMap((r) => {
      const judgeName = names.get(Number(r.account_id));
      const panelCode = codes.get(Number(r.panel_id));
      if (judgeName === undefined || panelCode === undefined) return [];
      return [{
        id: Number(r.id),
        panelId: Number(r.panel_id),
        panelCode,
        judgeName,
        kind: r.kind,
        kindName: KIND_NAMES[r.kind] ?? r.kind,
        entrantCode: r.entrant_id === null ? null : (entrants.get(Number(r.entrant_id))?.code ?? null),
        note: r.note,
        createdAt: r.created_at,
        handledAt: r.handled_at,
      }];
    });
  }

  /** A judge of the panel signals a problem from the tablet. */
  async report(user: AuthUser, linkPanelId: number | undefined, panelId: number, dto: ReportProblemDto): Promise<ProblemView> {
    assertCan(user, 'problem.report', { panelId });
    return this.tx.run(async (em) => {
      const panel = await findPanel(em, panelId);
      if (!(await seatOf(em, panelId, user.id))) throw new AppError('NOT_ON_PANEL', `You are not a judge of panel ${panel.code}`);
      if (dto.entrantId !== undefined) {
        if (!(await isPanelContestant(em, panelId, dto.entrantId))) throw AppError.field('ENTRANT_NOT_FOUND', 'entrantId', 'on-panel', `Entrant ${dto.entrantId} is not a contestant of panel ${panel.code}`);
      }
      const repo = em.getRepository(JudgeProblem);
      const row = await repo.save(
        repo.create({ panelId, accountId: user.id, entrantId: dto.entrantId ?? null, kind: dto.kind, note: dto.note || null, createdAt: this.clock.nowIso(), handledAt: null, handledBy: null }),
      );
      await this.audit.append(em, { actor: user, action: 'judge_problem.report', entityType: 'judge_problem', entityId: row.id, after: row });
      return (await this.problems(em, 'jp.id = ?', [row.id]))[0];
    });
  }

  /** The panel's open problems, for its head judge's tablet. */
  async panelProblems(user: AuthUser, linkPanelId: number | undefined, panelId: number): Promise<ProblemView[]> {
    const em = this.ds.manager;
    const panel = await findPanel(em, panelId);
    await this.assertHeadOrOrganiser(em, user, 'problem.list', panel);
    return this.problems(em, 'jp.panel_id = ? AND jp.handled_at IS NULL', [panelId]);
  }

  private async assertHeadOrOrganiser(
    em: EntityManager,
    user: AuthUser,
    action: 'problem.list' | 'problem.handle',
    panel: { id: number; code: string; round: 'preliminary' | 'semifinal' | 'final'; schoolId: number | null; districtId: number | null },
  ) {
    assertCan(user, action, panelResource(panel));
    if (user.role === 'judge') {
      const seat = await seatOf(em, panel.id, user.id);
      if (!seat || !seat.isHead) throw new AppError('NOT_HEAD_JUDGE', `Only the head judge of panel ${panel.code} sees and handles its problems`);
    }
  }

  /** Marks a problem handled (the panel's organiser or head judge). */
  async handle(user: AuthUser, linkPanelId: number | undefined, problemId: number): Promise<ProblemView> {
    return this.tx.run(async (em) => {
      const repo = em.getRepository(JudgeProblem);
      const row = await repo.findOneBy({ id: problemId });
      if (!row) throw AppError.notFound('PROBLEM_NOT_FOUND', 'Problem', problemId);
      const panel = await findPanel(em, row.panelId);
      await this.assertHeadOrOrganiser(em, user, 'problem.handle', panel);
      if (!row.handledAt) {
        const now = this.clock.nowIso();
        await repo.update({ id: row.id }, { handledAt: now, handledBy: user.username });
        await this.audit.append(em, { actor: user, action: 'judge_problem.handle', entityType: 'judge_problem', entityId: row.id, before: { handledAt: null }, after: { handledAt: now, handledBy: user.username } });
      }
      return (await this.problems(em, 'jp.id = ?', [row.id]))[0];
    });
  }

  /** The city's page: every district's stage, with its name. */
  async cityStages(user: AuthUser, contestId: number): Promise<CityStagesView> {
    assertCan(user, 'planning.cityOverview');
    const em = this.ds.manager;
    const contest = await findContest(em, contestId);
    // Each district's schools and submitted lists (the registry's and the entrants'), its panels
    // (judging's), its published draw (the advancement's) and its award round (the awards').
    const districtRows = await districtsInOrder(em);
    const homes = await schoolHomes(em);
    const schools = new Map<number, number>();
    for (const h of homes.values()) if (!h.inDistrictSeat) schools.set(h.districtId, (schools.get(h.districtId) ?? 0) + 1);
    const submitted = new Map<number, number>();
    for (const schoolId of await schoolsWithSubmittedList(em, contestId)) {
      const d = homes.get(schoolId)?.districtId;
      if (d !== undefined) submitted.set(d, (submitted.get(d) ?? 0) + 1);
    }
    const panelCounts = await panelCountsByDistrict(em, contestId);
    const panelsOf = (districtId: number, round: string, lockedOnly: boolean) =>
      panelCounts.filter((p) => p.districtId === districtId && p.round === round && (!lockedOnly || p.state === 'locked')).reduce((n, p) => n + p.n, 0);
    const published = new Set((await publishedDraws(em, contestId)).filter((d) => d.round === 'semifinal').map((d) => d.scopeKey));
    const awardStates = await awardRoundStates(em, contestId, 'semifinal');
    const rows = districtRows.map((d) => ({
      id: d.id,
      name: d.name,
      schools: schools.get(d.id) ?? 0,
      submitted: submitted.get(d.id) ?? 0,
      pre_panels: panelsOf(d.id, 'preliminary', false),
      pre_locked: panelsOf(d.id, 'preliminary', true),
      semi_panels: panelsOf(d.id, 'semifinal', false),
      semi_locked: panelsOf(d.id, 'semifinal', true),
      published: published.has(`district:${d.id}`) ? 1 : 0,
      award_state: awardStates.get(`district:${d.id}`) ?? null,
    }));
    const districts: DistrictStageView[] = rows.map((r) => {
      const v = {
        districtId: Number(r.id),
        districtName: r.name,
        schools: Number(r.schools),
        listsSubmitted: Number(r.submitted),
        preliminaryPanels: Number(r.pre_panels),
        preliminaryLocked: Number(r.pre_locked),
        drawPublished: Number(r.published) > 0,
        semifinalPanels: Number(r.semi_panels),
        semifinalLocked: Number(r.semi_locked),
        awards: r.award_state === 'published' || r.award_state === 'final',
        awardsState: (r.award_state ?? null) as DistrictStageView['awardsState'],
      };
      const stage =
        v.awardsState === 'final'
          ? '复赛奖项已确定'
          : v.awardsState === 'published'
            ? '复赛获奖名单公示中'
            : v.semifinalPanels > 0 && v.semifinalLocked === v.semifinalPanels
          ? '复赛评分完成'
          : v.semifinalPanels > 0
            ? '复赛评分中'
            : v.drawPublished
              ? '复赛名单已公布'
              : v.preliminaryPanels > 0 && v.preliminaryLocked === v.preliminaryPanels
                ? '初赛评分完成'
                : v.preliminaryPanels > 0
                  ? '初赛评分中'
                  : v.schools > 0 && v.listsSubmitted >= v.schools
                    ? '名单已全部提交'
                    : `名单提交中（${v.listsSubmitted}/${v.schools}）`;
      return { ...v, stage };
    });
    return { contestName: contest.name, districts };
  }
}
