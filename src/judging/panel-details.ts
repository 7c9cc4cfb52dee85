/**
 * What a panel judges and where and when — its subject, group, room and session (date, time) —
 * for a panel made by hand (a plan's panels get theirs from the plan): checked on creation, and
 * changed by the organiser until the panel's first score (then 409 PANEL_SCORED). Its contestants
 * follow the one eligibility rule of the domain (src/domain/panels.ts), so a change that would
 * leave a contestant on a panel he no longer belongs on is refused, naming him.
 */
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { assertCan, panelResource } from '../access/policy';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AppError, ErrorDetail } from '../common/errors';
import { AuthUser } from '../common/roles';
import { entrantsWithIds } from '../contestants/find-entrants';
import { Contest } from '../contests/contest.entity';
import { findContest, findRound } from '../contests/find-contest';
import { lockRow } from '../database/row-lock';
import { Transactions } from '../database/transactions';
import { panelIneligibility } from '../domain/panels';
import type { GroupCode, RoundCode } from '../domain/preset';
import { UpdatePanelDto } from './dto/judging.dto';
import { findPanel } from './judging.common';
import { Panel, PanelContestant, ScoreSheet } from './judging.entity';

export interface PanelDetails {
  subject?: string | null;
  groupCode?: GroupCode;
  room?: string | null;
  sessionDate?: string | null;
  sessionTime?: string | null;
}

const zhDate = (d: string) => {
  const [y, m, day] = d.split('-').map(Number);
  return `${y}年${m}月${day}日`;
};

/**
 * Refuses (400) a subject that is not the contest's, a group that is not the contest's, a time
 * without a date, and a date outside the round's dates (SESSION_OUTSIDE_ROUND, when the round
 * has dates). `d` holds the panel's details as they would be.
 */
export async function checkPanelDetails(em: EntityManager, contest: Contest, round: RoundCode, d: PanelDetails): Promise<void> {
  const details: ErrorDetail[] = [];
  if (d.subject !== undefined && d.subject !== null && !contest.subjects.some((s) => s.code === d.subject)) {
    details.push({ field: 'subject', rule: 'isIn', message: `subject must be one of the contest's subjects (${contest.subjects.map((s) => s.code).join(', ')})` });
  }
  const groups = contest.settings.groups;
  if (d.groupCode !== undefined && groups && !groups.some((g) => g.code === d.groupCode)) {
    details.push({ field: 'groupCode', rule: 'isIn', message: `groupCode must be one of the contest's groups (${groups.map((g) => g.code).join(', ')})` });
  }
  if (d.sessionTime && !d.sessionDate) details.push({ field: 'sessionTime', rule: 'needs-date', message: 'a session time needs its date (sessionDate)' });
  if (details.length) throw new AppError('VALIDATION_FAILED', `Validation failed: ${details.map((x) => x.message).join('; ')}`, details);
  if (d.sessionDate) {
    const r = await findRound(em, contest.id, round);
    const from = r?.startsOn ?? r?.endsOn ?? null;
    const to = r?.endsOn ?? r?.startsOn ?? null;
    if (from && to && (d.sessionDate < from || d.sessionDate > to)) {
      throw new AppError('SESSION_OUTSIDE_ROUND', `${d.sessionDate} is outside the ${r!.name} dates ${from} to ${to}`, [
        { field: 'sessionDate', rule: 'in-round', message: `${d.sessionDate} is outside the ${r!.name} dates ${from} to ${to}`, messageZh: `场次日期${zhDate(d.sessionDate)}不在${r!.name}比赛日期（${zhDate(from)}至${zhDate(to)}）内` } as ErrorDetail,
      ]);
    }
  }
}

@Injectable()
export class PanelDetailsService {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * The organiser changes a panel's subject, group, room or session before its first score.
   * Runs `view` on the changed panel inside the transaction. A plan's panel keeps the plan's
   * subject and group (409 PANEL_PLANNED: replan instead); its room and session may change.
   */
  async update<V>(user: AuthUser, id: number, dto: UpdatePanelDto, view: (em: EntityManager, p: Panel) => Promise<V>): Promise<V> {
    return this.tx.run(async (em) => {
      // The panel's row first (PostgreSQL): a score entry in flight holds a key-share lock on it,
      // so the first-score check below sees its sheet.
      await lockRow(em, 'panels', id);
      const panel = await findPanel(em, id);
      assertCan(user, 'panel.manage', panelResource(panel));
      if (panel.state === 'locked') throw new AppError('PANEL_LOCKED', `Panel ${panel.code} is locked`);
      const scores = await em.getRepository(ScoreSheet).countBy({ panelId: id });
      if (scores > 0) {
        throw new AppError('PANEL_SCORED', `Panel ${panel.code} has ${scores} score sheet(s): its subject, group, room and session can no longer change`);
      }
      const changesWhat = (dto.subject !== undefined && dto.subject !== panel.subject) || (dto.groupCode !== undefined && dto.groupCode !== panel.groupCode);
      if (panel.planId !== null && changesWhat) {
        throw new AppError('PANEL_PLANNED', `Panel ${panel.code} was made by the round's plan: its subject and group change by replanning`);
      }
      const next: Required<PanelDetails> & { session: string } = {
        subject: dto.subject !== undefined ? dto.subject : panel.subject,
        groupCode: dto.groupCode ?? panel.groupCode,
        room: dto.room !== undefined ? dto.room : panel.room,
        sessionDate: dto.sessionDate !== undefined ? dto.sessionDate : panel.sessionDate,
        // A session's time goes with its date: clearing the date clears the time.
        sessionTime: dto.sessionTime !== undefined ? dto.sessionTime : dto.sessionDate === null ? null : panel.sessionTime,
        session: dto.session ?? panel.session,
      };
      const before = { subject: panel.subject, groupCode: panel.groupCode, room: panel.room, sessionDate: panel.sessionDate, sessionTime: panel.sessionTime, session: panel.session };
      const changed = (Object.keys(before) as (keyof typeof before)[]).filter((k) => before[k] !== next[k]);
      if (!changed.length) throw new AppError('NOTHING_TO_CHANGE', `Panel ${panel.code} already has these details`);
      const contest = await findContest(em, panel.contestId);
      await checkPanelDetails(em, contest, panel.round, next);
      if (changesWhat) {
        // The contestants already on the panel must still belong on it (the domain's one rule).
        const on = await em.getRepository(PanelContestant).findBy({ panelId: id });
        const entrants = await entrantsWithIds(em, on.map((c) => c.entrantId));
        const facts = { ...panel, subject: next.subject, groupCode: next.groupCode, mergedGroups: panel.mergedGroups };
        const misfits: ErrorDetail[] = [];
        for (const e of entrants) {
          const why = panelIneligibility(facts, e);
          if (why) misfits.push({ field: next.subject !== panel.subject ? 'subject' : 'groupCode', rule: 'contestants-eligible', message: `Entrant ${e.code} ${why.message}` });
        }
        if (misfits.length) {
          throw new AppError('ENTRANT_NOT_ELIGIBLE', `The panel's contestants would no longer belong on it: ${misfits.map((m) => m.message).join('; ')}`, misfits);
        }
      }
      const now = this.clock.nowIso();
      await em.getRepository(Panel).update({ id }, { ...next, updatedAt: now });
      Object.assign(panel, next, { updatedAt: now });
      await this.audit.append(em, {
        actor: user,
        action: 'panel.update',
        entityType: 'panel',
        entityId: id,
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, next[k]])),
      });
      return view(em, panel);
    });
  }
}
