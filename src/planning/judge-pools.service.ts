/**
 * Judge pools of a round in an organiser's scope: imported from Excel (all or nothing), picked
 * from judge accounts, or judge accounts created by the organiser's own level; the automatic
 * assignment of the pool to the scope's panels (domain rule), and the bulk change of one panel's
 * judges in one call.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { accountLabels, accountsByIds, accountsByUsernames, activeJudgeHomes, displayNames, insertAccount, updateAccountHome } from '../auth/find-account';
import { Passwords } from '../auth/passwords';
import { Clock } from '../common/clock';
import { AppError, ErrorDetail } from '../common/errors';
import { AuthUser } from '../common/roles';
import { entrantHomes } from '../contestants/find-entrants';
import { sql } from '../database/sql';
import { Transactions } from '../database/transactions';
import { conflictOf } from '../domain/panels';
import { assignJudges, PanelToFill, panelEntrants, planningRules, PoolJudge } from '../domain/planning';
import { assertCan, panelResource } from '../access';
import { conflictMessage, findPanel } from '../judging/judging.common';
import {
  insertPanelJudges,
  judgesWithSheets,
  lockOpenPanels,
  lockPanel,
  openPanelsForAssignment,
  panelEntrantIds,
  panelJudgesInOrder,
  panelSeats,
  removePanelJudges,
  seatCountsInScope,
} from '../judging/panel-lookups';
import { findSchool, schoolDirectory, schoolNames } from '../registry/find-registry';
import {
  AssignmentPreviewView,
  AssignmentView,
  CreateJudgeAccountDto,
  ImportResultView,
  PanelJudgesBulkDto,
  PanelJudgesView,
  PlanRequestDto,
  PoolAccountsDto,
  PoolMemberView,
  PoolView,
  RoundScopeQuery,
} from './dto/planning.dto';
import { parsePoolRows, readPoolSheet, UploadedPoolXlsx } from './judge-pool-excel';
import { panelScope, ScopeContext, scopeContext } from './planning.common';
import { JudgePoolMember } from './planning.entity';
import { PlanningService } from './planning.service';

/** Imported judges log in with their card's private link only: no password matches this. */
const LINK_ONLY_HASH = '!link-only';

@Injectable()
export class JudgePoolsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly passwords: Passwords,
    private readonly planning: PlanningService,
  ) {}

  async pool(user: AuthUser, q: RoundScopeQuery): Promise<PoolView> {
    const em = this.ds.manager;
    const ctx = await scopeContext(em, user, q, 'pool.read');
    return { scope: ctx.key, members: await this.members(em, ctx) };
  }

  private async members(em: EntityManager, ctx: ScopeContext): Promise<PoolMemberView[]> {
    const rows = await sql<{ account_id: number; phone: string | null; subjects: string | null; source: string }>(
      em,
      'SELECT m.account_id, m.phone, m.subjects, m.source FROM judge_pool_members m WHERE m.contest_id = ? AND m.round = ? AND m.scope_key = ? ORDER BY m.id',
      [ctx.contest.id, ctx.scope.round, ctx.key],
    );
    // The members' seats on the scope's panels (judging's), their accounts (auth's) and their schools' names (the registry's).
    const seats = await seatCountsInScope(em, panelScope(ctx));
    const accounts = await accountLabels(em, rows.map((r) => Number(r.account_id)));
    const schools = await schoolNames(em, [...accounts.values()].flatMap((a) => (a.schoolId === null ? [] : [a.schoolId])));
    return rows.flatMap((r) => {
      const a = accounts.get(Number(r.account_id));
      if (!a) return [];
      return [{
        accountId: Number(r.account_id),
        username: a.username,
        displayName: a.displayName,
        phone: r.phone,
        schoolId: a.schoolId,
        schoolName: a.schoolId === null ? null : (schools.get(a.schoolId) ?? null),
        districtId: a.districtId,
        subjects: r.subjects ? (JSON.parse(r.subjects) as string[]) : null,
        source: r.source,
        panels: seats.get(Number(r.account_id)) ?? 0,
      }];
    });
  }

  private checkSubjects(ctx: ScopeContext, subjects: string[] | undefined): string[] | null {
    if (!subjects || !subjects.length) return null;
    const known = new Set(ctx.contest.subjects.map((s) => s.code));
    const bad = subjects.findIndex((s) => !known.has(s));
    if (bad >= 0) throw AppError.field('INVALID_SUBJECT', `subjects.${bad}`, 'isIn', `Unknown subject ${subjects[bad]}`);
    return [...new Set(subjects)];
  }

  /** Puts existing judge accounts into the pool. */
  async addAccounts(user: AuthUser, dto: PoolAccountsDto): Promise<PoolView> {
    return this.tx.run(async (em) => {
      const ctx = await scopeContext(em, user, dto, 'pool.manage');
      const subjects = this.checkSubjects(ctx, dto.subjects);
      const ids = [...new Set(dto.accountIds)];
      const accounts = await accountsByIds(em, ids);
      const byId = new Map(accounts.map((a) => [a.id, a]));
      const details: ErrorDetail[] = [];
      dto.accountIds.forEach((id, i) => {
        const a = byId.get(id);
        if (!a) details.push({ field: `accountIds.${i}`, rule: 'exists', message: `Account ${id} does not exist` });
        else if (a.role !== 'judge' || !a.active) details.push({ field: `accountIds.${i}`, rule: 'judge', message: `Account ${a.username} is not an active judge account` });
      });
      if (details.length) throw new AppError('NOT_A_JUDGE_ACCOUNT', details.map((d) => d.message).join('; '), details);
      const repo = em.getRepository(JudgePoolMember);
      const have = new Set((await repo.findBy({ contestId: ctx.contest.id, round: ctx.scope.round, scopeKey: ctx.key, accountId: In(ids) })).map((m) => m.accountId));
      const now = this.clock.nowIso();
      const fresh = ids.filter((id) => !have.has(id));
      if (fresh.length) {
        await repo.insert(fresh.map((accountId) => ({ contestId: ctx.contest.id, round: ctx.scope.round, scopeKey: ctx.key, accountId, phone: null, subjects, source: 'account' as const, createdBy: user.username, createdAt: now })));
      }
      await this.audit.append(em, { actor: user, action: 'judge_pool.add', entityType: 'judge_pool', entityId: ctx.key, after: { round: ctx.scope.round, accountIds: fresh, subjects } });
      return { scope: ctx.key, members: await this.members(em, ctx) };
    });
  }

  async removeMember(user: AuthUser, q: RoundScopeQuery, accountId: number): Promise<PoolView> {
    return this.tx.run(async (em) => {
      const ctx = await scopeContext(em, user, q, 'pool.manage');
      const repo = em.getRepository(JudgePoolMember);
      const row = await repo.findOneBy({ contestId: ctx.contest.id, round: ctx.scope.round, scopeKey: ctx.key, accountId });
      if (!row) throw new AppError('NOT_IN_POOL', `Account ${accountId} is not in this pool`);
      await repo.delete({ id: row.id });
      await this.audit.append(em, { actor: user, action: 'judge_pool.remove', entityType: 'judge_pool', entityId: ctx.key, before: row });
      return { scope: ctx.key, members: await this.members(em, ctx) };
    });
  }

  /**
   * A judge account created by the organiser's own level, in its scope (a school for its
   * preliminary, a district for its semi-final, the city for anything), put into the pool.
   */
  async createJudge(user: AuthUser, dto: CreateJudgeAccountDto): Promise<PoolMemberView> {
    // The scope is checked before the (slow) password hash.
    const pre = await scopeContext(this.ds.manager, user, dto, 'pool.manage');
    this.checkSubjects(pre, dto.subjects);
    await this.judgeHome(this.ds.manager, user, pre, dto.judgeSchoolId);
    const passwordHash = await this.passwords.hash(dto.password);
    return this.tx.run(async (em) => {
      const ctx = await scopeContext(em, user, dto, 'pool.manage');
      const subjects = this.checkSubjects(ctx, dto.subjects);
      const { schoolId, districtId } = await this.judgeHome(em, user, ctx, dto.judgeSchoolId);
      const now = this.clock.nowIso();
      const account = await insertAccount(em, { username: dto.username, passwordHash, role: 'judge', displayName: dto.displayName, schoolId, districtId, active: true, createdAt: now, updatedAt: now });
      const repo = em.getRepository(JudgePoolMember);
      await repo.insert({ contestId: ctx.contest.id, round: ctx.scope.round, scopeKey: ctx.key, accountId: account.id, phone: dto.phone ?? null, subjects, source: 'created', createdBy: user.username, createdAt: now });
      const { passwordHash: _h, ...safe } = account;
      await this.audit.append(em, { actor: user, action: 'account.create', entityType: 'account', entityId: account.id, after: { ...safe, pool: ctx.key, round: ctx.scope.round } });
      return (await this.members(em, ctx)).find((m) => m.accountId === account.id)!;
    });
  }

  /**
   * The school and district of a judge account about to be created (the given school, else none
   * and the scope's district), after the policy's scoped judge-account rule.
   */
  private async judgeHome(em: EntityManager, user: AuthUser, ctx: ScopeContext, judgeSchoolId: number | undefined): Promise<{ schoolId: number | null; districtId: number | null }> {
    let schoolId: number | null = null;
    let districtId: number | null = ctx.scope.districtId;
    if (judgeSchoolId !== undefined) {
      const s = await findSchool(em, judgeSchoolId);
      schoolId = s.id;
      districtId = s.districtId;
    }
    // The account is made for the pool's scope (the judge may come from any school).
    assertCan(user, 'judgeAccount.create', { accountRole: 'judge', round: ctx.scope.round, schoolId: ctx.scope.schoolId, districtId: ctx.scope.districtId });
    return { schoolId, districtId };
  }

  /**
   * The pool from an Excel sheet (姓名 | 手机号 | 学校 | 可评学科): all rows checked, one bad row
   * stores nothing. Each judge is the judge account `judge-<phone>` (created, link-only, when new).
   */
  async importSheet(user: AuthUser, q: RoundScopeQuery, file: UploadedPoolXlsx | undefined): Promise<ImportResultView> {
    return this.tx.run(async (em) => {
      const ctx = await scopeContext(em, user, q, 'pool.manage');
      const rows = await readPoolSheet(file);
      const schools = await schoolDirectory(em);
      const usernames = rows.filter((r) => /^1\d{10}$/.test(r.phone)).map((r) => `judge-${r.phone}`);
      const existing = await accountsByUsernames(em, usernames);
      const byUsername = new Map(existing.map((a) => [a.username, a]));
      const judges = parsePoolRows(rows, ctx.contest.subjects, schools, (phone) => {
        const a = byUsername.get(`judge-${phone}`);
        return a && (a.role !== 'judge' || !a.active) ? `The account judge-${phone} exists and is not an active judge account` : null;
      });
      const now = this.clock.nowIso();
      const pool = em.getRepository(JudgePoolMember);
      const inPool = new Map(
        (await pool.findBy({ contestId: ctx.contest.id, round: ctx.scope.round, scopeKey: ctx.key })).map((m) => [m.accountId, m]),
      );
      let created = 0;
      let updated = 0;
      for (const j of judges) {
        const username = `judge-${j.phone}`;
        let account = byUsername.get(username);
        const districtId = j.districtId ?? ctx.scope.districtId;
        if (!account) {
          account = await insertAccount(em, { username, passwordHash: LINK_ONLY_HASH, role: 'judge', displayName: j.name, schoolId: j.schoolId, districtId, active: true, createdAt: now, updatedAt: now });
          created++;
        } else {
          await updateAccountHome(em, account.id, { displayName: j.name, schoolId: j.schoolId, districtId, updatedAt: now });
          updated++;
        }
        const member = inPool.get(account.id);
        if (member) await pool.update({ id: member.id }, { phone: j.phone, subjects: j.subjects });
        else await pool.insert({ contestId: ctx.contest.id, round: ctx.scope.round, scopeKey: ctx.key, accountId: account.id, phone: j.phone, subjects: j.subjects, source: 'import', createdBy: user.username, createdAt: now });
      }
      await this.audit.append(em, {
        actor: user,
        action: 'judge_pool.import',
        entityType: 'judge_pool',
        entityId: ctx.key,
        after: { round: ctx.scope.round, rows: judges.length, created, updated, judges: judges.map((j) => ({ name: j.name, phone: j.phone, schoolId: j.schoolId, subjects: j.subjects })) },
      });
      return { scope: ctx.key, rows: judges.length, created, updated };
    });
  }

  /** The inputs of the assignment for the scope's open panels (also used by the benchmark's read). */
  async assignmentInput(em: EntityManager, ctx: ScopeContext): Promise<{ panels: PanelToFill[]; codes: Map<number, string>; pool: PoolJudge[] }> {
    const open = await openPanelsForAssignment(em, panelScope(ctx));
    const homes = await entrantHomes(em, open.contestants.map((e) => e.entrantId));
    const panels = new Map<number, PanelToFill>();
    const codes = new Map<number, string>();
    for (const p of open.panels) {
      codes.set(p.id, p.code);
      panels.set(p.id, { key: p.id, sessionKey: p.sessionDate ? `${p.sessionDate} ${p.sessionTime ?? ''}` : p.session, subject: p.subject, entrants: [], seated: [] });
    }
    for (const e of open.contestants) {
      const home = homes.get(e.entrantId);
      if (home) panels.get(e.panelId)?.entrants.push({ schoolId: home.schoolId, districtId: home.districtId });
    }
    for (const s of open.seats) panels.get(s.panelId)?.seated.push({ judgeId: s.accountId, head: s.isHead });
    return { panels: [...panels.values()], codes, pool: await this.poolJudges(em, ctx) };
  }

  /** The pool's active judge accounts with their schools, districts and subjects. */
  async poolJudges(em: EntityManager, ctx: ScopeContext): Promise<PoolJudge[]> {
    const rows = await sql<{ account_id: number; subjects: string | null }>(
      em,
      'SELECT m.account_id, m.subjects FROM judge_pool_members m WHERE m.contest_id = ? AND m.round = ? AND m.scope_key = ? ORDER BY m.account_id',
      [ctx.contest.id, ctx.scope.round, ctx.key],
    );
    // Only the members whose account is an active judge account (auth's), with its school and district.
    const homes = await activeJudgeHomes(em, rows.map((r) => Number(r.account_id)));
    const out: PoolJudge[] = [];
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      const home = homes.get(Number(r.account_id));
      if (home) out.push({ id: Number(r.account_id), schoolId: home.schoolId, districtId: home.districtId, subjects: r.subjects ? (JSON.parse(r.subjects) as string[]) : null });
    }
    return out;
  }

  /**
   * The plan of the request with the assignment the pool would give it: nothing stored (the
   * preview of a plan and its judges; the benchmark's measured path).
   */
  async previewAssignment(user: AuthUser, dto: PlanRequestDto): Promise<AssignmentPreviewView> {
    const em = this.ds.manager;
    const { ctx, entrants, views, plan } = await this.planning.compute(em, user, dto, 'plan.preview');
    const ofPanel = panelEntrants(views, entrants);
    const panelSize = planningRules(ctx.contest.settings as { planning?: never }).panelSize[ctx.scope.round];
    const toFill: PanelToFill[] = views.map((v, i) => ({
      key: i,
      sessionKey: `${v.sessionDate} ${v.sessionTime}`,
      subject: v.subject,
      entrants: ofPanel[i],
      seated: [],
    }));
    const pool = await this.poolJudges(em, ctx);
    const a = assignJudges(toFill, pool, { round: ctx.scope.round, panelSize });
    // The seats by panel (key: the view's index), in one pass.
    const judges: number[][] = views.map(() => []);
    const headOf: (number | null)[] = views.map(() => null);
    for (let k = 0; k < a.seats.length; k++) {
      const seat = a.seats[k];
      judges[seat.panelKey].push(seat.judgeId);
      if (seat.head) headOf[seat.panelKey] = seat.judgeId;
    }
    const loads = [...a.load.values()];
    return {
      scope: ctx.key,
      panelSize,
      problems: plan.problems,
      panels: views.map((v, i) => ({ code: v.code, size: v.size, judgeIds: judges[i], headId: headOf[i] })),
      unfilled: a.unfilled.map((u) => ({ panelId: 0, code: views[u.panelKey].code, needed: u.needed, found: u.found, message: u.message, messageZh: u.messageZh })),
      load: { min: loads.length ? Math.min(...loads) : 0, max: loads.length ? Math.max(...loads) : 0 },
    };
  }

  /** Fills every open panel of the scope from the pool (one transaction, one audit entry). */
  async autoAssign(user: AuthUser, q: RoundScopeQuery): Promise<AssignmentView> {
    return this.tx.run(async (em) => {
      const ctx = await scopeContext(em, user, q, 'plan.assign');
      const panelSize = planningRules(ctx.contest.settings as { planning?: never }).panelSize[ctx.scope.round];
      // A one-time step: the scope's open panels are locked FIRST (PostgreSQL), then their seats are
      // read; of two assignments at once the second waits for the first's COMMIT and finds the
      // panels filled: 409 ALREADY_ASSIGNED, nothing written.
      await lockOpenPanels(em, panelScope(ctx));
      const { panels, codes, pool } = await this.assignmentInput(em, ctx);
      if (panels.length && panels.every((p) => p.seated.length >= panelSize)) {
        throw new AppError('ALREADY_ASSIGNED', `Every open panel of this scope already has its ${panelSize} judges`);
      }
      const a = assignJudges(panels, pool, { round: ctx.scope.round, panelSize });
      const now = this.clock.nowIso();
      await insertPanelJudges(em, a.seats.map((s) => ({ panelId: s.panelKey, accountId: s.judgeId, isHead: s.head })), now);
      const loads = [...a.load.values()];
      const unfilled = a.unfilled.map((u) => ({ panelId: u.panelKey, code: codes.get(u.panelKey)!, needed: u.needed, found: u.found, message: u.message, messageZh: u.messageZh }));
      // Nothing seated: nothing changed, nothing to audit (the unfilled panels are reported).
      if (a.seats.length) await this.audit.append(em, {
        actor: user,
        action: 'panel.judges.auto_assign',
        entityType: 'judge_pool',
        entityId: ctx.key,
        after: { round: ctx.scope.round, panelSize, seats: a.seats.map((s) => [s.panelKey, s.judgeId, s.head ? 1 : 0]), unfilled: unfilled.map((u) => [u.code, u.found]) },
      });
      return { scope: ctx.key, panelSize, seated: a.seats.length, unfilled, load: { min: loads.length ? Math.min(...loads) : 0, max: loads.length ? Math.max(...loads) : 0 } };
    });
  }

  /** One panel's judges changed in one call: removals first, then additions (conflicts checked by the domain rule). */
  async changePanelJudges(user: AuthUser, panelId: number, dto: PanelJudgesBulkDto): Promise<PanelJudgesView> {
    return this.tx.run(async (em) => {
      // The panel's row is locked first (as every change of a panel): a score entry in flight (a
      // key-share lock) commits before the check for scores below, so a judge with a sheet is never
      // removed (score_sheets refer to the judge's seat).
      await lockPanel(em, panelId);
      const panel = await findPanel(em, panelId);
      assertCan(user, 'panel.judges', panelResource(panel));
      if (panel.state === 'locked') throw new AppError('PANEL_LOCKED', `Panel ${panel.code} is locked`);
      const add = dto.add ?? [];
      const remove = [...new Set(dto.remove ?? [])];
      if (!add.length && !remove.length) throw AppError.field('VALIDATION_FAILED', 'add', 'required', 'Give judges to add or to remove');
      const current = await panelSeats(em, panelId);
      const details: ErrorDetail[] = [];
      for (const [i, accountId] of remove.entries()) {
        if (!current.some((c) => c.accountId === accountId)) details.push({ field: `remove.${i}`, rule: 'on-panel', message: `Account ${accountId} is not a judge of panel ${panel.code}` });
      }
      if (remove.length) {
        for (const judgeId of await judgesWithSheets(em, panelId, remove)) {
          details.push({ field: `remove.${remove.indexOf(judgeId)}`, rule: 'no-scores', message: `Judge ${judgeId} has already entered scores on the panel` });
        }
      }
      const staying = current.filter((c) => !remove.includes(c.accountId));
      const accounts = await accountsByIds(em, add.map((a) => a.accountId));
      const byId = new Map(accounts.map((a) => [a.id, a]));
      const onPanel = await panelEntrantIds(em, panelId);
      const homes = await entrantHomes(em, onPanel);
      const contestants = onPanel.flatMap((id) => homes.get(id) ?? []);
      const heads = staying.filter((c) => c.isHead).length + add.filter((a) => a.isHead).length;
      add.forEach((x, i) => {
        const a = byId.get(x.accountId);
        if (!a) return details.push({ field: `add.${i}.accountId`, rule: 'exists', message: `Account ${x.accountId} does not exist` });
        if (a.role !== 'judge' || !a.active) return details.push({ field: `add.${i}.accountId`, rule: 'judge', message: `Account ${a.username} is not an active judge account` });
        if (staying.some((c) => c.accountId === a.id) || add.findIndex((y) => y.accountId === a.id) !== i) {
          return details.push({ field: `add.${i}.accountId`, rule: 'unique', message: `${a.displayName} is already on panel ${panel.code}` });
        }
        for (const e of contestants) {
          const c = conflictOf(a, { schoolId: e.schoolId, districtId: e.districtId }, panel.round);
          if (c) {
            details.push({ field: `add.${i}.accountId`, rule: `conflict-${c}`, message: conflictMessage(c, a, e) });
            break;
          }
        }
      });
      if (heads > 1) details.push({ field: 'add', rule: 'one-head', message: `Panel ${panel.code} would have ${heads} head judges` });
      if (details.length) {
        const code = details.some((d) => d.rule.startsWith('conflict')) ? 'JUDGE_CONFLICT' : details.some((d) => d.rule === 'no-scores') ? 'SCORES_EXIST' : 'VALIDATION_FAILED';
        throw new AppError(code, details.map((d) => d.message).join('; '), details);
      }
      await removePanelJudges(em, panelId, remove);
      const now = this.clock.nowIso();
      await insertPanelJudges(em, add.map((x) => ({ panelId, accountId: x.accountId, isHead: !!x.isHead })), now);
      await this.audit.append(em, { actor: user, action: 'panel.judges.change', entityType: 'panel', entityId: panelId, before: { judges: current.map((c) => c.accountId) }, after: { added: add, removed: remove } });
      const rows = await panelJudgesInOrder(em, panelId);
      const names = await displayNames(em, rows.map((r) => r.accountId));
      return {
        panelId,
        code: panel.code,
        judges: rows.flatMap((r) => (names.has(r.accountId) ? [{ accountId: r.accountId, displayName: names.get(r.accountId)!, isHead: r.isHead }] : [])),
      };
    });
  }
}
