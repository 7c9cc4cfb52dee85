/**
 * Planning a round: the organiser asks for a plan (preview: panels by subject × group, sizes,
 * sessions, rooms) and accepts it (one transaction, audited): the panels are created with their
 * contestants. Replanning before any score in the scope replaces the plan; after it, it is
 * refused. The organiser may also extend the scoring dates of its open panels, with a reason.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AppError, ErrorDetail } from '../common/errors';
import { AuthUser } from '../common/roles';
import { lockClause } from '../database/row-lock';
import { sql } from '../database/sql';
import { Transactions } from '../database/transactions';
import { entrantsToPlan } from '../contestants/find-entrants';
import { unitLabels } from '../registry/find-registry';
import { Plan, PlanEntrant, planningRules, planRound } from '../domain/planning';
import { lastScoringDay } from '../domain/scoring-dates';
import { AcceptedPlanView, PlannedPanelView, PlanPreviewView, PlanRequestDto, ScoringExtensionDto, ScoringExtensionView } from './dto/planning.dto';
import { dateZh, entrantScope, groupName, scopeCondition, ScopeContext, scopeContext, sessionShort, subjectName } from './planning.common';
import { RoundPlan } from './planning.entity';

const ROUND_LETTER = { preliminary: 'P', semifinal: 'S', final: 'F' } as const;

export interface Computed {
  ctx: ScopeContext;
  entrants: PlanEntrant[];
  plan: Plan;
  views: PlannedPanelView[];
}

@Injectable()
export class PlanningService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The active entrants of the scope (one plain read). */
  async scopeEntrants(em: EntityManager, ctx: ScopeContext): Promise<PlanEntrant[]> {
    return entrantsToPlan(em, entrantScope(ctx.contest.id, ctx.scope));
  }

  /** Names and codes of the units (schools or districts) of a plan. */
  private async units(em: EntityManager, ctx: ScopeContext, ids: (number | null)[]): Promise<Map<number | null, { code: string; name: string }>> {
    const out = new Map<number | null, { code: string; name: string }>();
    const real = [...new Set(ids.filter((i): i is number => i !== null))];
    for (const [id, label] of await unitLabels(em, ctx.scope.round === 'preliminary' ? 'school' : 'district', real)) out.set(id, label);
    if (ids.includes(null)) out.set(null, { code: '', name: '市级' });
    return out;
  }

  private checkSessions(ctx: ScopeContext, dto: PlanRequestDto): void {
    const { startsOn, endsOn, name } = ctx.round;
    const from = startsOn ?? endsOn;
    const to = endsOn ?? startsOn;
    if (!from || !to) throw new AppError('ROUND_NOT_SCHEDULED', `The ${ctx.scope.round} has no dates yet; the contest office sets them first`);
    const details: ErrorDetail[] = [];
    dto.sessions.forEach((s, i) => {
      if (s.date < from || s.date > to) {
        details.push({
          field: `sessions.${i}.date`,
          rule: 'in-round',
          message: `${s.date} is outside the ${name} dates ${from} to ${to}`,
          messageZh: `第${i + 1}个场次的日期${dateZh(s.date)}不在${name}比赛日期（${dateZh(from)}至${dateZh(to)}）内`,
        } as ErrorDetail);
      }
    });
    const seen = new Set<string>();
    dto.sessions.forEach((s, i) => {
      const k = `${s.date} ${s.time}`;
      if (seen.has(k)) details.push({ field: `sessions.${i}`, rule: 'unique', message: `The session ${k} appears twice` });
      seen.add(k);
    });
    if (new Set(dto.rooms.map((r) => r.trim())).size !== dto.rooms.length) details.push({ field: 'rooms', rule: 'unique', message: 'A room appears twice' });
    if (details.length) throw new AppError(details[0].rule === 'in-round' ? 'SESSION_OUTSIDE_ROUND' : 'VALIDATION_FAILED', details.map((d) => d.message).join('; '), details);
  }

  /** The plan of the request (scope checked, sessions checked), not stored. */
  async compute(em: EntityManager, user: AuthUser, dto: PlanRequestDto, action: 'plan.preview' | 'plan.accept'): Promise<Computed> {
    const ctx = await scopeContext(em, user, dto, action);
    this.checkSessions(ctx, dto);
    const rules = planningRules(ctx.contest.settings as { planning?: never });
    const entrants = await this.scopeEntrants(em, ctx);
    const sessions = [...dto.sessions].sort((a, b) => (a.date + a.time < b.date + b.time ? -1 : 1));
    const plan = planRound(entrants, {
      round: ctx.scope.round,
      maxPanelSize: dto.maxPanelSize ?? rules.maxContestants,
      sessions,
      rooms: dto.rooms.map((r) => r.trim()),
      merge: rules.merge,
      subjectOrder: ctx.contest.subjects.map((s) => s.code),
    });
    const units = await this.units(em, ctx, [...new Set(plan.panels.map((p) => p.unitId))]);
    // Names shown per panel, made once per session, subject and set of groups (not per panel).
    const sessionLabels = sessions.map((s) => sessionShort(s.date, s.time) + (s.label ? ` ${s.label}` : ''));
    const subjectNames = new Map<string, string>();
    const groupNames = new Map<string, string>();
    const named = (cache: Map<string, string>, key: string, make: () => string) => {
      let name = cache.get(key);
      if (name === undefined) cache.set(key, (name = make()));
      return name;
    };
    const views = plan.panels.map((p) => {
      const s = sessions[p.sessionIndex];
      const unit = units.get(p.unitId)!;
      const code =
        ctx.scope.round === 'final'
          ? `F-${String(p.number).padStart(2, '0')}`
          : `${ROUND_LETTER[ctx.scope.round]}-${unit.code.slice(0, 24)}-${String(p.number).padStart(2, '0')}`;
      return {
        code,
        unitId: p.unitId,
        unitName: unit.name,
        subject: p.subject,
        subjectName: named(subjectNames, p.subject, () => subjectName(ctx.contest, p.subject)),
        groupCodes: p.groupCodes,
        groupName: named(groupNames, p.groupCodes.join(' '), () => groupName(ctx.contest, p.groupCodes)),
        size: p.entrantIds.length,
        sessionDate: s.date,
        sessionTime: s.time,
        session: sessionLabels[p.sessionIndex],
        room: p.room,
        entrantIds: p.entrantIds,
      };
    });
    return { ctx, entrants, plan, views };
  }

  private async scoresInScope(em: EntityManager, ctx: ScopeContext): Promise<number> {
    const cond = scopeCondition(ctx.scope, 'p');
    const [row] = await sql<{ n: number | string }>(
      em,
      `SELECT COUNT(*) AS n FROM score_sheets s JOIN panels p ON p.id = s.panel_id WHERE p.contest_id = ? AND p.round = ?${cond.text}`,
      [ctx.contest.id, ctx.scope.round, ...cond.params],
    );
    return Number(row.n);
  }

  /** The plan as it would be accepted: panels, sizes, sessions, rooms; nothing stored. */
  async preview(user: AuthUser, dto: PlanRequestDto): Promise<PlanPreviewView> {
    const em = this.ds.manager;
    const { ctx, entrants, plan, views } = await this.compute(em, user, dto, 'plan.preview');
    const existing = await em.getRepository(RoundPlan).findOneBy({ contestId: ctx.contest.id, round: ctx.scope.round, scopeKey: ctx.key });
    return {
      round: ctx.scope.round,
      scope: ctx.key,
      entrants: entrants.length,
      panels: views,
      problems: plan.problems,
      replaces: !!existing,
      started: (await this.scoresInScope(em, ctx)) > 0,
    };
  }

  /** Accepts the plan: creates its panels and contestants (replacing an earlier plan of the scope) in one transaction. */
  async accept(user: AuthUser, dto: PlanRequestDto): Promise<AcceptedPlanView> {
    return this.tx.run(async (em) => {
      const { ctx, plan, views } = await this.compute(em, user, dto, 'plan.accept');
      if (plan.problems.length) {
        throw new AppError(
          'INVALID_PLAN',
          plan.problems.map((p) => p.message).join('; '),
          plan.problems.map((p) => ({ field: p.rule === 'rooms' ? 'rooms' : p.rule === 'sessions' ? 'sessions' : p.rule === 'max-size' ? 'maxPanelSize' : 'round', rule: p.rule, message: p.message, messageZh: p.messageZh }) as ErrorDetail),
        );
      }
      const plans = em.getRepository(RoundPlan);
      const existing = await plans.findOneBy({ contestId: ctx.contest.id, round: ctx.scope.round, scopeKey: ctx.key });
      const now = this.clock.nowIso();
      // A one-time step: the plan's panels are locked FIRST (PostgreSQL). Of two replacements at
      // once, the second waits for the first's COMMIT and finds the panels it read gone (replaced):
      // 409 PLAN_CHANGED, nothing written. Two first plans at once: the unique index (contest,
      // round, scope) lets one insert through, the other gets PLAN_CHANGED. The lock also waits for
      // a score entry in flight (a key-share lock on its panel), so the first-score check below
      // sees its sheet.
      if (existing) {
        const seen = await sql<{ id: number }>(em, 'SELECT p.id FROM panels p WHERE p.plan_id = ?', [existing.id]);
        const locked = await sql<{ id: number }>(em, `SELECT p.id FROM panels p WHERE p.plan_id = ?${lockClause(em, 'update', 'p')}`, [existing.id]);
        const still = new Set(locked.map((r) => Number(r.id)));
        if (seen.some((r) => !still.has(Number(r.id)))) throw new AppError('PLAN_CHANGED', 'The plan of this scope was replaced meanwhile by another request; reload it');
      }
      if ((await this.scoresInScope(em, ctx)) > 0) {
        throw new AppError('PLAN_STARTED', `Scoring of this ${ctx.round.name} has started; its plan can no longer be replaced`);
      }
      const cond = scopeCondition(ctx.scope, 'e');
      const taken = await sql<{ code: string; panel: string }>(
        em,
        `SELECT e.code, p.code AS panel FROM panel_contestants pc
           JOIN round_entrants e ON e.id = pc.entrant_id JOIN panels p ON p.id = pc.panel_id
          WHERE e.contest_id = ? AND e.round = ?${cond.text} AND (p.plan_id IS NULL OR p.plan_id <> ?) ORDER BY e.code LIMIT 50`,
        [ctx.contest.id, ctx.scope.round, ...cond.params, existing?.id ?? 0],
      );
      if (taken.length) {
        // A plan of this scope committed after this request read none: the other desk won.
        if (!existing && (await plans.findOneBy({ contestId: ctx.contest.id, round: ctx.scope.round, scopeKey: ctx.key }))) {
          throw new AppError('PLAN_CHANGED', 'The plan of this scope was made meanwhile by another request; reload it');
        }
        throw new AppError(
          'ENTRANTS_ON_PANELS',
          `Entrants of this scope already sit on panels made outside this plan: ${taken.map((t) => `${t.code} (${t.panel})`).join(', ')}`,
          taken.map((t) => ({ field: 'round', rule: 'not-on-panel', message: `Entrant ${t.code} is on panel ${t.panel}` })),
        );
      }
      let replaced = 0;
      let plan_: RoundPlan;
      const summary = { panels: views.length, contestants: views.reduce((s, v) => s + v.size, 0) };
      if (existing) {
        const [n] = await sql<{ n: number | string }>(em, 'SELECT COUNT(*) AS n FROM panels WHERE plan_id = ?', [existing.id]);
        replaced = Number(n.n);
        await sql(em, 'DELETE FROM panels WHERE plan_id = ?', [existing.id]);
        await plans.update({ id: existing.id }, { request: dto, summary, createdBy: user.username, updatedAt: now });
        plan_ = { ...existing, request: dto, summary };
      } else {
        plan_ = await plans.save(
          plans.create({ contestId: ctx.contest.id, round: ctx.scope.round, scopeKey: ctx.key, schoolId: ctx.scope.schoolId, districtId: ctx.scope.districtId, request: dto, summary, createdBy: user.username, createdAt: now, updatedAt: now }),
        );
      }
      const districtOfSchool = ctx.scope.round === 'preliminary' ? ctx.scope.districtId : null;
      const rows = views.map((v) => [
        ctx.contest.id,
        v.code,
        ctx.scope.round,
        v.groupCodes[0],
        v.session,
        ctx.scope.round === 'preliminary' ? v.unitId : null,
        ctx.scope.round === 'preliminary' ? districtOfSchool : ctx.scope.round === 'semifinal' ? v.unitId : null,
        now,
        now,
        v.subject,
        v.groupCodes.length > 1 ? JSON.stringify(v.groupCodes) : null,
        v.room,
        v.sessionDate,
        v.sessionTime,
        plan_.id,
      ]);
      for (let i = 0; i < rows.length; i += 400) {
        const chunk = rows.slice(i, i + 400);
        await sql(
          em,
          `INSERT INTO panels (contest_id, code, round, group_code, session, school_id, district_id, state, announced, created_at, updated_at,
                               subject, merged_groups, room, session_date, session_time, plan_id)
           VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, ?, ?, 'open', FALSE, ?, ?, ?, ?, ?, ?, ?, ?)").join(', ')}`,
          chunk.flat(),
        );
      }
      const ids = new Map((await sql<{ id: number; code: string }>(em, 'SELECT id, code FROM panels WHERE plan_id = ?', [plan_.id])).map((r) => [r.code, Number(r.id)]));
      const pcs: unknown[][] = [];
      for (const v of views) v.entrantIds.forEach((e, i) => pcs.push([ids.get(v.code), e, i + 1, now]));
      for (let i = 0; i < pcs.length; i += 2000) {
        const chunk = pcs.slice(i, i + 2000);
        await sql(em, `INSERT INTO panel_contestants (panel_id, entrant_id, position, created_at) VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')}`, chunk.flat());
      }
      await this.audit.append(em, {
        actor: user,
        action: existing ? 'round_plan.replace' : 'round_plan.accept',
        entityType: 'round_plan',
        entityId: plan_.id,
        before: existing ? { panels: replaced } : null,
        after: { scope: ctx.key, round: ctx.scope.round, maxPanelSize: dto.maxPanelSize ?? null, sessions: dto.sessions, rooms: dto.rooms, ...summary, codes: views.map((v) => v.code) },
      });
      return { planId: plan_.id, scope: ctx.key, replaced, panels: views.map((v) => ({ id: ids.get(v.code)!, code: v.code, size: v.size })) };
    });
  }

  /**
   * Extends the scoring dates of the scope's open panels to `until` (inclusive), with a reason.
   * `until` must be after the round's last day and not before today.
   */
  async extendScoring(user: AuthUser, dto: ScoringExtensionDto): Promise<ScoringExtensionView> {
    return this.tx.run(async (em) => {
      const ctx = await scopeContext(em, user, dto, 'scoring.extend');
      const last = lastScoringDay({ startsOn: ctx.round.startsOn, endsOn: ctx.round.endsOn, extendedTo: null });
      if (!last) throw new AppError('ROUND_NOT_SCHEDULED', `The ${ctx.scope.round} has no dates yet; the contest office sets them first`);
      const today = this.clock.today();
      if (dto.until <= last) throw AppError.field('INVALID_SCORING_EXTENSION', 'until', 'after-round', `until must be after the round's last day ${last}`);
      if (dto.until < today) throw AppError.field('INVALID_SCORING_EXTENSION', 'until', 'not-past', `until must not be before today (${today})`);
      const cond = scopeCondition(ctx.scope, 'p');
      const panels = await sql<{ id: number; scoring_until: string | null }>(
        em,
        `SELECT p.id, p.scoring_until FROM panels p WHERE p.contest_id = ? AND p.round = ? AND p.state = 'open'${cond.text} ORDER BY p.id`,
        [ctx.contest.id, ctx.scope.round, ...cond.params],
      );
      if (!panels.length) throw new AppError('NOT_FOUND', `No open panel of this ${ctx.round.name} to extend`);
      const ids = panels.map((p) => Number(p.id));
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        await sql(em, `UPDATE panels SET scoring_until = ?, updated_at = ? WHERE id IN (${chunk.map(() => '?').join(',')})`, [dto.until, this.clock.nowIso(), ...chunk]);
      }
      await this.audit.append(em, {
        actor: user,
        action: 'panel.scoring.extend',
        entityType: 'round',
        entityId: ctx.round.id,
        before: { scoringUntil: [...new Set(panels.map((p) => p.scoring_until))] },
        after: { scope: ctx.key, until: dto.until, reason: dto.reason, panels: ids },
      });
      return { until: dto.until, panelIds: ids };
    });
  }
}
