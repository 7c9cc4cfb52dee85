/**
 * The contest's rule for merging small groups into one panel when a round is planned
 * (`settings.planning.merge`, src/domain/planning.ts MergeRule): off by default, because ranking
 * and prizes are per subject × group. Every organiser sees it where the plan is made; the city,
 * whose rule it is for the whole contest, sets it (audited). It applies to the plans made after.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { can } from '../access';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AppError, ErrorDetail } from '../common/errors';
import { AuthUser } from '../common/roles';
import type { Contest } from '../contests/contest.entity';
import { findContest, updateContestSettings } from '../contests/find-contest';
import { Transactions } from '../database/transactions';
import { MergeRule, planningRules } from '../domain/planning';
import type { GroupCode } from '../domain/preset';
import { MergeRuleDto, MergeRuleView } from './dto/planning.dto';

const contestGroups = (c: Contest): { code: string; name: string }[] => c.settings.groups ?? [];

@Injectable()
export class MergeRuleService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private view(user: AuthUser, c: Contest): MergeRuleView {
    const rule = planningRules(c.settings as { planning?: never }).merge;
    const names = new Map(contestGroups(c).map((g) => [g.code, g.name]));
    return {
      contestId: c.id,
      allowed: rule.allowed,
      below: rule.below,
      groups: rule.groups,
      groupNames: rule.groups.map((set) => set.map((g) => names.get(g) ?? g)),
      contestGroups: contestGroups(c),
      editable: can(user, 'planning.mergeRule.write'),
    };
  }

  async get(user: AuthUser, contestId: number): Promise<MergeRuleView> {
    return this.view(user, await findContest(this.ds.manager, contestId));
  }

  async set(user: AuthUser, contestId: number, dto: MergeRuleDto): Promise<MergeRuleView> {
    return this.tx.run(async (em) => {
      const c = await findContest(em, contestId);
      const before = planningRules(c.settings as { planning?: never }).merge;
      const known = new Set(contestGroups(c).map((g) => g.code));
      const groups = dto.groups ?? before.groups;
      const below = dto.below ?? before.below;
      const details: ErrorDetail[] = [];
      const seen = new Set<string>();
      groups.forEach((set, i) => {
        if (!Array.isArray(set) || set.length < 2) details.push({ field: `groups.${i}`, rule: 'min-2', message: 'a set of groups that may merge names at least two groups' });
        else
          set.forEach((g, j) => {
            if (typeof g !== 'string' || !known.has(g)) details.push({ field: `groups.${i}.${j}`, rule: 'isIn', message: `not a group of the contest (${[...known].join(', ')})` });
            else if (seen.has(g)) details.push({ field: `groups.${i}.${j}`, rule: 'once', message: `group ${g} is in more than one set` });
            else seen.add(g);
          });
      });
      if (dto.allowed && !groups.length) details.push({ field: 'groups', rule: 'required', message: 'merging needs at least one set of groups that may merge' });
      if (dto.allowed && below < 2) details.push({ field: 'below', rule: 'min', message: 'merging needs a threshold of at least 2 entrants' });
      if (details.length) throw new AppError('VALIDATION_FAILED', details.map((d) => `${d.field}: ${d.message}`).join('; '), details);
      const rule: MergeRule = { allowed: dto.allowed, below, groups: groups as GroupCode[][] };
      if (JSON.stringify(rule) === JSON.stringify(before)) throw new AppError('NOTHING_TO_CHANGE', 'The merge rule is already so');
      const settings = c.settings as unknown as { planning?: Record<string, unknown> };
      const next = { ...c.settings, planning: { ...(settings.planning ?? {}), merge: rule } } as Contest['settings'];
      const now = this.clock.nowIso();
      await updateContestSettings(em, c.id, next, now);
      await this.audit.append(em, { actor: user, action: 'contest.merge-rule', entityType: 'contest', entityId: c.id, before, after: rule });
      return this.view(user, Object.assign(c, { settings: next, updatedAt: now }));
    });
  }
}
