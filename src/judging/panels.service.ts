/**
 * Panels: create, judges (with a head judge), contestants, order of appearance (by hand
 * or drawn with contest-draw/1). The sheets are SchoolSheetsService's (school-sheets.service.ts),
 * the judges' private links JudgeLinksService's (judge-links.service.ts).
 */
import { panelMismatch } from '../domain/panels';
import { assertCan, can, listFilter, panelResource } from '../access/policy';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { accountById, accountsByIds, activeJudges } from '../auth/find-account';
import { Clock } from '../common/clock';
import { AppError, ErrorDetail, uniqueViolation } from '../common/errors';
import { AuthUser } from '../common/roles';
import { entrantsForPanel, entrantsWithIds } from '../contestants/find-entrants';
import { Transactions } from '../database/transactions';
import { lockRow } from '../database/row-lock';
import { DrawInputError, DrawRecord, recordText, runDraw } from '../domain/draw';
import { AddJudgeDto, CreatePanelDto, DrawDto, EntrantIdsDto, PanelQuery } from './dto/judging.dto';
import {
  conflictMessage,
  conflictOf,
  findPanel,
  panelContestants,
  panelName,
} from './judging.common';
import { findContest } from '../contests/find-contest';
import { Panel, PanelContestant, PanelJudge, ScoreSheet } from './judging.entity';
import { findSchool, schoolNames as namesOfSchools } from '../registry/find-registry';
import { checkPanelDetails } from './panel-details';
import type { PanelView } from './dto/judging-views.dto';


@Injectable()
export class PanelsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  // ------------------------------------------------------------ panels

  async create(user: AuthUser, dto: CreatePanelDto): Promise<PanelView> {
    return this.tx.run(async (em) => {
      const contest = await findContest(em, dto.contestId);
      let schoolId: number | null = null;
      let districtId: number | null = null;
      const bad = (field: string, message: string) => AppError.field('VALIDATION_FAILED', field, 'scope', message);
      if (dto.round === 'preliminary') {
        if (dto.districtId !== undefined) throw bad('districtId', 'A preliminary panel is organised by a school: give schoolId only');
        const sid = dto.schoolId ?? listFilter(user, 'panel.create').schoolId;
        if (sid === undefined) throw bad('schoolId', 'A preliminary panel needs the organising school (schoolId)');
        const school = await findSchool(em, sid);
        schoolId = school.id;
        districtId = school.districtId;
      } else if (dto.round === 'semifinal') {
        if (dto.schoolId !== undefined) throw bad('schoolId', 'A semi-final panel is organised by a district: give districtId only');
        const did = dto.districtId ?? listFilter(user, 'panel.create').districtId;
        if (did === undefined) throw bad('districtId', 'A semi-final panel needs the organising district (districtId)');
        districtId = did;
      } else if (dto.schoolId !== undefined || dto.districtId !== undefined) {
        throw bad(dto.schoolId !== undefined ? 'schoolId' : 'districtId', 'A final panel is organised by the city: no school or district');
      }
      const scope = { round: dto.round, schoolId, districtId };
      assertCan(user, 'panel.create', {
        ...scope,
        label: `The ${dto.round} ${schoolId ? `of school ${schoolId}` : districtId ? `of district ${districtId}` : ''}`.trim(),
      });
      const details = { subject: dto.subject ?? null, room: dto.room ?? null, sessionDate: dto.sessionDate ?? null, sessionTime: dto.sessionTime ?? null };
      await checkPanelDetails(em, contest, dto.round, { ...details, groupCode: dto.groupCode });
      const now = this.clock.nowIso();
      const repo = em.getRepository(Panel);
      const panel = await repo.save(
        repo.create({
          contestId: dto.contestId,
          code: dto.code,
          round: dto.round,
          groupCode: dto.groupCode,
          session: dto.session,
          ...details,
          schoolId,
          districtId,
          state: 'open',
          announced: false,
          orderSource: null,
          drawRecord: null,
          lockedAt: null,
          lockedBy: null,
          announcedAt: null,
          createdAt: now,
          updatedAt: now,
        }),
      );
      await this.audit.append(em, { actor: user, action: 'panel.create', entityType: 'panel', entityId: panel.id, after: panel });
      return this.view(em, panel, user);
    });
  }

  async list(user: AuthUser, q: PanelQuery): Promise<PanelView[]> {
    const em = this.ds.manager;
    await findContest(em, q.contestId);
    const panels = await em.getRepository(Panel).find({ where: { contestId: q.contestId, ...(q.round ? { round: q.round } : {}) }, order: { id: 'ASC' } });
    const mine = new Set((await em.getRepository(PanelJudge).findBy({ accountId: user.id })).map((j) => j.panelId));
    const visible = panels.filter((p) => can(user, 'panel.list', { ...panelResource(p), callerSeated: mine.has(p.id) }));
    const out: PanelView[] = [];
    for (const p of visible) out.push(await this.view(em, p, user));
    return out;
  }

  async get(user: AuthUser, id: number): Promise<PanelView> {
    const em = this.ds.manager;
    const panel = await findPanel(em, id);
    assertCan(user, 'panel.read', panelResource(panel));
    return this.view(em, panel, user);
  }

  /** Active judge accounts an organiser can put on a panel. */
  async judgeAccounts(user: AuthUser) {
    assertCan(user, 'judge.list');
    const rows = await activeJudges(this.ds.manager);
    return rows.map((a) => ({ id: a.id, username: a.username, displayName: a.displayName, schoolId: a.schoolId, districtId: a.districtId }));
  }

  /** Entrants that could join the panel: its round, group and scope, active, on no panel yet. */
  async candidates(user: AuthUser, id: number) {
    const em = this.ds.manager;
    const panel = await findPanel(em, id);
    assertCan(user, 'panel.manage', panelResource(panel));
    // The entrants who belong on it (the contestants feature's), less those already on a panel (judging's).
    const eligible = await entrantsForPanel(em, panel);
    const seated = new Set<number>();
    for (let i = 0; i < eligible.length; i += 500) {
      const ids = eligible.slice(i, i + 500).map((c) => c.entrantId);
      for (const pc of await em.getRepository(PanelContestant).find({ select: { entrantId: true }, where: { entrantId: In(ids) } })) seated.add(pc.entrantId);
    }
    return eligible.filter((c) => !seated.has(c.entrantId));
  }

  /**
   * The panel's row is locked first (PostgreSQL): changes of one panel (judges, head judge,
   * contestants, order, its draw, links) take turns across instances, and wait for score
   * entries in flight (which hold a key-share lock on the panel).
   */
  async openManaged(em: EntityManager, user: AuthUser, id: number, action: 'panel.manage' | 'judgeLink.manage' = 'panel.manage'): Promise<Panel> {
    await lockRow(em, 'panels', id);
    const panel = await findPanel(em, id);
    assertCan(user, action, panelResource(panel));
    if (panel.state === 'locked') throw new AppError('PANEL_LOCKED', `Panel ${panel.code} is locked`);
    return panel;
  }

  private async sheetCount(em: EntityManager, where: { panelId: number; judgeId?: number; entrantId?: number }): Promise<number> {
    return em.getRepository(ScoreSheet).countBy(where);
  }

  async addJudge(user: AuthUser, id: number, dto: AddJudgeDto): Promise<PanelView> {
    return this.tx.run(async (em) => {
      const panel = await this.openManaged(em, user, id);
      const account = await accountById(em, dto.accountId);
      if (!account) throw AppError.notFound('ACCOUNT_NOT_FOUND', 'Account', dto.accountId);
      if (account.role !== 'judge' || !account.active) throw AppError.field('NOT_A_JUDGE', 'accountId', 'judge', `Account ${account.username} is not an active judge account`);
      const judges = em.getRepository(PanelJudge);
      if (await judges.existsBy({ panelId: id, accountId: account.id })) {
        throw AppError.field('ALREADY_ON_PANEL', 'accountId', 'unique', `${account.displayName} is already on panel ${panel.code}`);
      }
      if (dto.isHead && (await judges.existsBy({ panelId: id, isHead: true }))) {
        throw AppError.field('HEAD_JUDGE_EXISTS', 'isHead', 'one-head', `Panel ${panel.code} already has a head judge`);
      }
      const contestants = (await panelContestants(em, id, false)).map((c) => c.entrant);
      const details: ErrorDetail[] = [];
      for (const e of contestants) {
        const c = conflictOf(account, e, panel.round);
        if (c) details.push({ field: 'accountId', rule: `conflict-${c}`, message: conflictMessage(c, account, e) });
      }
      if (details.length) throw new AppError('JUDGE_CONFLICT', details[0].message + (details.length > 1 ? ` (and ${details.length - 1} more)` : ''), details);
      const row = await judges.save(judges.create({ panelId: id, accountId: account.id, isHead: !!dto.isHead, createdAt: this.clock.nowIso() })).catch((e: unknown) => {
        // The partial unique index UQ_panel_judges_head says the same as the check above.
        if (uniqueViolation(e) && dto.isHead) throw AppError.field('HEAD_JUDGE_EXISTS', 'isHead', 'one-head', `Panel ${panel.code} already has a head judge`);
        throw e;
      });
      await this.audit.append(em, { actor: user, action: 'panel.judge.add', entityType: 'panel', entityId: id, after: row });
      return this.view(em, panel, user);
    });
  }

  async removeJudge(user: AuthUser, id: number, accountId: number): Promise<PanelView> {
    return this.tx.run(async (em) => {
      const panel = await this.openManaged(em, user, id);
      const row = await em.getRepository(PanelJudge).findOneBy({ panelId: id, accountId });
      if (!row) throw new AppError('NOT_FOUND', `Account ${accountId} is not a judge of panel ${panel.code}`);
      if ((await this.sheetCount(em, { panelId: id, judgeId: accountId })) > 0) {
        throw new AppError('SCORES_EXIST', 'This judge has already entered scores on the panel; the judge cannot be removed');
      }
      await em.getRepository(PanelJudge).delete({ id: row.id });
      await this.audit.append(em, { actor: user, action: 'panel.judge.remove', entityType: 'panel', entityId: id, before: row });
      return this.view(em, panel, user);
    });
  }

  async addContestants(user: AuthUser, id: number, dto: EntrantIdsDto): Promise<PanelView> {
    return this.tx.run(async (em) => {
      const panel = await this.openManaged(em, user, id);
      if (panel.orderSource === 'draw') throw new AppError('ORDER_FIXED', 'The order of appearance was drawn; no contestant can be added');
      if (new Set(dto.entrantIds).size !== dto.entrantIds.length) {
        throw AppError.field('VALIDATION_FAILED', 'entrantIds', 'unique', 'entrantIds lists an entrant twice');
      }
      const entrants = await entrantsWithIds(em, dto.entrantIds);
      const byId = new Map(entrants.map((e) => [e.id, e]));
      const missing = dto.entrantIds.filter((e) => !byId.has(e));
      if (missing.length) throw AppError.notFound('ENTRANT_NOT_FOUND', 'Entrant', missing.join(', '));
      const details: ErrorDetail[] = [];
      dto.entrantIds.forEach((eid, i) => {
        const e = byId.get(eid)!;
        const why = panelMismatch(panel, e);
        if (why) details.push({ field: `entrantIds.${i}`, rule: 'eligible', message: `Entrant ${e.code} ${why}` });
      });
      if (details.length) throw new AppError('ENTRANT_NOT_ELIGIBLE', details.map((d) => d.message).join('; '), details);
      const taken = await em.getRepository(PanelContestant).findBy({ entrantId: In(dto.entrantIds) });
      if (taken.length) {
        throw new AppError(
          'ALREADY_ON_PANEL',
          `Already on a panel: ${taken.map((t) => byId.get(t.entrantId)!.code).join(', ')}`,
          taken.map((t) => ({ field: `entrantIds.${dto.entrantIds.indexOf(t.entrantId)}`, rule: 'unique', message: `Entrant ${byId.get(t.entrantId)!.code} is already on panel ${t.panelId}` })),
        );
      }
      const pjs = await em.getRepository(PanelJudge).findBy({ panelId: id });
      const accounts = await accountsByIds(em, pjs.map((j) => j.accountId));
      dto.entrantIds.forEach((eid, i) => {
        const e = byId.get(eid)!;
        for (const a of accounts) {
          const c = conflictOf(a, e, panel.round);
          if (c) details.push({ field: `entrantIds.${i}`, rule: `conflict-${c}`, message: conflictMessage(c, a, e) });
        }
      });
      if (details.length) throw new AppError('JUDGE_CONFLICT', details.map((d) => d.message).join('; '), details);
      const repo = em.getRepository(PanelContestant);
      const max = (await repo.find({ where: { panelId: id }, order: { position: 'DESC' }, take: 1 }))[0]?.position ?? 0;
      const now = this.clock.nowIso();
      const rows = await repo.save(dto.entrantIds.map((entrantId, i) => repo.create({ panelId: id, entrantId, position: max + i + 1, createdAt: now })));
      await this.audit.append(em, { actor: user, action: 'panel.contestants.add', entityType: 'panel', entityId: id, after: { contestants: rows.map((r) => ({ entrantId: r.entrantId, position: r.position })) } });
      return this.view(em, panel, user);
    });
  }

  async removeContestant(user: AuthUser, id: number, entrantId: number): Promise<PanelView> {
    return this.tx.run(async (em) => {
      const panel = await this.openManaged(em, user, id);
      const repo = em.getRepository(PanelContestant);
      const row = await repo.findOneBy({ panelId: id, entrantId });
      if (!row) throw new AppError('NOT_FOUND', `Entrant ${entrantId} is not on panel ${panel.code}`);
      if (panel.orderSource === 'draw') throw new AppError('ORDER_FIXED', 'The order of appearance was drawn; the panel’s contestants can no longer change');
      if ((await this.sheetCount(em, { panelId: id, entrantId })) > 0) {
        throw new AppError('SCORES_EXIST', 'Judges have already entered scores for this contestant');
      }
      await repo.delete({ id: row.id });
      const rest = await repo.find({ where: { panelId: id }, order: { position: 'ASC' } });
      for (const [i, r] of rest.entries()) if (r.position !== i + 1) await repo.update({ id: r.id }, { position: i + 1 });
      await this.audit.append(em, { actor: user, action: 'panel.contestant.remove', entityType: 'panel', entityId: id, before: row });
      return this.view(em, panel, user);
    });
  }

  private async assertOrderChangeable(em: EntityManager, panel: Panel): Promise<void> {
    if (panel.orderSource === 'draw') throw new AppError('ORDER_FIXED', 'The order of appearance was drawn and cannot change');
    if ((await this.sheetCount(em, { panelId: panel.id })) > 0) {
      throw new AppError('ORDER_FIXED', 'The session has started (scores exist); the order of appearance cannot change');
    }
  }

  async setOrder(user: AuthUser, id: number, dto: EntrantIdsDto): Promise<PanelView> {
    return this.tx.run(async (em) => {
      const panel = await this.openManaged(em, user, id);
      const repo = em.getRepository(PanelContestant);
      const rows = await repo.findBy({ panelId: id });
      const have = new Set(rows.map((r) => r.entrantId));
      const given = new Set(dto.entrantIds);
      if (given.size !== dto.entrantIds.length || given.size !== have.size || [...have].some((e) => !given.has(e))) {
        throw AppError.field('INVALID_ORDER', 'entrantIds', 'permutation', `entrantIds must list each of the panel's ${have.size} contestants exactly once`);
      }
      await this.assertOrderChangeable(em, panel);
      const before = rows.map((r) => ({ entrantId: r.entrantId, position: r.position })).sort((a, b) => a.position - b.position);
      for (const [i, eid] of dto.entrantIds.entries()) await repo.update({ panelId: id, entrantId: eid }, { position: i + 1 });
      await em.getRepository(Panel).update({ id }, { orderSource: 'manual', updatedAt: this.clock.nowIso() });
      await this.audit.append(em, { actor: user, action: 'panel.order.set', entityType: 'panel', entityId: id, before: { order: before }, after: { order: dto.entrantIds } });
      return this.view(em, await findPanel(em, id), user);
    });
  }

  async draw(user: AuthUser, id: number, dto: DrawDto): Promise<{ panel: PanelView; record: DrawRecord }> {
    return this.tx.run(async (em) => {
      const panel = await this.openManaged(em, user, id);
      if (panel.drawRecord) throw new AppError('DRAW_ALREADY_RUN', `The order of panel ${panel.code} was already drawn; a draw runs once`);
      await this.assertOrderChangeable(em, panel);
      const contest = await findContest(em, panel.contestId);
      const entrants = (await panelContestants(em, id, false)).map((c) => c.entrant);
      if (!entrants.length) throw new AppError('INVALID_DRAW', 'The panel has no contestants to draw');
      if (dto.sources && dto.sources.length !== dto.entropy.length) {
        throw AppError.field('VALIDATION_FAILED', 'sources', 'count', 'sources must name one source per entropy value');
      }
      let record: DrawRecord;
      try {
        record = runDraw({
          contestCode: contest.code,
          roundCode: panel.round,
          entropy: dto.entropy,
          entropySources: dto.sources?.map((name) => ({ name })),
          announcedAt: this.clock.nowIso(),
          units: [{ code: panel.code, drawn: entrants.length, pool: entrants.map((e) => e.code) }],
        });
      } catch (e) {
        if (e instanceof DrawInputError) throw AppError.field('INVALID_DRAW', e.field, 'contest-draw/1', e.message);
        throw e;
      }
      const byCode = new Map(entrants.map((e) => [e.code, e]));
      const repo = em.getRepository(PanelContestant);
      for (const [i, code] of record.units[0].drawn.entries()) await repo.update({ panelId: id, entrantId: byCode.get(code)!.id }, { position: i + 1 });
      const text = recordText(record) + '\n';
      await em.getRepository(Panel).update({ id }, { orderSource: 'draw', drawRecord: text, updatedAt: this.clock.nowIso() });
      await this.audit.append(em, {
        actor: user,
        action: 'panel.order.draw',
        entityType: 'panel',
        entityId: id,
        after: { protocol: record.protocol, poolHash: record.poolHash, entropy: record.entropy, master: record.master, order: record.units[0].drawn },
      });
      return { panel: await this.view(em, await findPanel(em, id), user), record };
    });
  }

  async drawRecord(user: AuthUser, id: number): Promise<{ text: string; filename: string }> {
    const panel = await findPanel(this.ds.manager, id);
    assertCan(user, 'panel.read', panelResource(panel));
    if (!panel.drawRecord) throw new AppError('NOT_FOUND', `The order of panel ${panel.code} was not drawn`);
    return { text: panel.drawRecord, filename: `draw-${panel.code}.json` };
  }

  // ------------------------------------------------------------ views

  async view(em: EntityManager, panel: Panel, user?: AuthUser): Promise<PanelView> {
    const pjs = await em.getRepository(PanelJudge).find({ where: { panelId: panel.id }, order: { id: 'ASC' } });
    const accounts = await accountsByIds(em, pjs.map((j) => j.accountId));
    const acc = new Map(accounts.map((a) => [a.id, a]));
    const contestants = await panelContestants(em, panel.id);
    const judgeSchools = [...new Set(accounts.map((a) => a.schoolId).filter((x): x is number => x !== null))];
    const schoolNames = await namesOfSchools(em, judgeSchools);
    return {
      id: panel.id,
      contestId: panel.contestId,
      code: panel.code,
      name: await panelName(em, panel),
      round: panel.round,
      groupCode: panel.groupCode,
      session: panel.session,
      subject: panel.subject,
      room: panel.room,
      sessionDate: panel.sessionDate,
      sessionTime: panel.sessionTime,
      planId: panel.planId,
      mergedGroups: panel.mergedGroups,
      schoolId: panel.schoolId,
      districtId: panel.districtId,
      state: panel.state,
      announced: panel.announced,
      orderSource: panel.orderSource,
      drawn: !!panel.drawRecord,
      lockedAt: panel.lockedAt,
      announcedAt: panel.announcedAt,
      canManage: user ? can(user, 'panel.manage', panelResource(panel)) : undefined,
      judges: pjs.map((j) => {
        const a = acc.get(j.accountId)!;
        return { accountId: a.id, displayName: a.displayName, username: a.username, schoolId: a.schoolId, schoolName: a.schoolId !== null ? (schoolNames.get(a.schoolId) ?? null) : null, districtId: a.districtId, isHead: j.isHead };
      }),
      contestants: contestants.map(({ entrant: e, position, name }) => ({
        entrantId: e.id,
        code: e.code,
        name,
        schoolId: e.schoolId,
        districtId: e.districtId,
        subject: e.subject,
        groupCode: e.groupCode,
        position,
      })),
    };
  }
}
