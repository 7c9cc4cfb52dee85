/**
 * Preliminary entrant lists, their workflow: a school's change opens its list, the submission
 * (which writes the preliminary `round_entrants`), reopening and the district's extensions. The
 * deadline and the lock are decided by ListLockService; reading a list is EntrantListViewsService.
 */
import { contestRules } from '../contests/contest-rules';
import { assertCan, schoolResource } from '../access/policy';
import { entrantsOnPanels } from '../judging/panel-seats';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { AuthUser } from '../common/roles';
import { anyResult, entrantsOfSchools, entrantsOfTeachers, NewEntrant, replaceSchoolEntrants } from '../contestants/find-entrants';
import { ContestRound } from '../contests/contest-round.entity';
import { Contest } from '../contests/contest.entity';
import { findContest } from '../contests/find-contest';
import { Transactions } from '../database/transactions';
import { School } from '../registry/school.entity';
import { ExtensionDto, SchoolListView } from './dto/entrants.dto';
import { EntrantList } from './entrant-list.entity';
import { PENDING_EXEMPTION_STATES } from './exemption.entity';
import { ListRules } from './list-model';
import { ListLockService } from './list-lock.service';
import { findSchool } from '../registry/find-registry';
import { EntrantListViewsService, EXEMPTION_STATE_NAMES } from './entrant-list-views.service';

/** Everything a change of one school's list needs, loaded and checked. */
export interface SchoolListContext {
  contest: Contest;
  rules: ListRules;
  round: ContestRound;
  school: School;
  /** Locked for the transaction (PostgreSQL: SELECT … FOR UPDATE). */
  list: EntrantList;
}

@Injectable()
export class EntrantListsService {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly lock: ListLockService,
    private readonly views: EntrantListViewsService,
  ) {}

  // ------------------------------------------------------------------ opening

  async assertCurrent(em: EntityManager, contest: Contest): Promise<void> {
    if (!(await this.views.isCurrent(em, contest))) {
      throw new AppError('CONTEST_NOT_CURRENT', `Contest ${contest.code} is not the current contest; its lists can no longer be changed`);
    }
  }

  /** The list row of a school, created (draft, not started) if missing, and locked for the transaction. */
  private async lockList(em: EntityManager, contestId: number, schoolId: number): Promise<EntrantList> {
    const now = this.clock.nowIso();
    await em
      .createQueryBuilder()
      .insert()
      .into(EntrantList)
      .values({
        contestId,
        schoolId,
        state: 'draft',
        startedAt: null,
        submittedAt: null,
        submittedBy: null,
        submissions: 0,
        reopenedAt: null,
        reopenedBy: null,
        extendedTo: null,
        extensionReason: null,
        extendedBy: null,
        extendedAt: null,
        createdAt: now,
        updatedAt: now,
      })
      .orIgnore()
      .execute();
    const qb = em
      .getRepository(EntrantList)
      .createQueryBuilder('l')
      .where('l.contest_id = :contestId AND l.school_id = :schoolId', { contestId, schoolId });
    if (em.connection.options.type === 'postgres') qb.setLock('pessimistic_write');
    return qb.getOneOrFail();
  }

  /**
   * Opens a school's list for a change by its school admin (inside a transaction): the school's
   * own admin, the current contest, before the school's deadline, and (unless `allowSubmitted`)
   * not submitted. Marks the list as started.
   */
  async openForSchoolChange(
    em: EntityManager,
    user: AuthUser,
    contestId: number,
    schoolId: number,
    opts: { allowSubmitted?: boolean } = {},
  ): Promise<SchoolListContext> {
    const school = await findSchool(em, schoolId, true);
    assertCan(user, 'entrantList.edit', schoolResource(school));
    const contest = await findContest(em, contestId);
    await this.assertCurrent(em, contest);
    const round = await this.views.preliminaryRound(em, contest);
    const list = await this.lockList(em, contest.id, school.id);
    if (opts.allowSubmitted) this.lock.assertBeforeDeadline(list, round.deadline);
    else this.lock.assertOpen(list, round.deadline);
    if (!list.startedAt) {
      list.startedAt = this.clock.nowIso();
      list.updatedAt = list.startedAt;
      await em.getRepository(EntrantList).save(list);
    }
    return { contest, rules: contestRules(contest), round, school, list };
  }

  // ------------------------------------------------------------------ changes

  /** The school submits its list: writes the preliminary entrants and locks the list. */
  async submit(user: AuthUser, contestId: number, schoolId: number): Promise<SchoolListView> {
    return this.tx.run(async (em) => {
      const ctx = await this.openForSchoolChange(em, user, contestId, schoolId);
      const { contest, school, list } = ctx;
      const { entries, exemptions } = (await this.views.loadEntries(em, contest, ctx.rules, [school], new Map())).get(school.id)!;
      if (entries.length === 0) throw new AppError('LIST_EMPTY', `School ${school.code} has no teachers registered; add them before submitting`);
      const pending = exemptions.filter((x) => PENDING_EXEMPTION_STATES.includes(x.state));
      if (pending.length) {
        const names = new Map(entries.map((e) => [e.teacher.id, e.teacher.name]));
        throw new AppError(
          'EXEMPTIONS_PENDING',
          `${pending.length} exemption application(s) are still open; have them decided or withdraw them before submitting`,
          pending.map((x) => ({
            field: `exemptions.${x.id}`,
            rule: x.state,
            message: `${names.get(x.teacherId) ?? x.teacherId}: ${EXEMPTION_STATE_NAMES[x.state]}`,
            messageZh: `${names.get(x.teacherId) ?? '一位教师'}的免赛申请${EXEMPTION_STATE_NAMES[x.state]}`,
          })),
        );
      }
      const entrants = entries.filter((e) => e.status === 'entrant');
      const elsewhere = await entrantsOfTeachers(em, contest.id, 'preliminary', entrants.map((e) => e.teacher.id));
      const clash = elsewhere.filter((r) => r.schoolId !== school.id);
      if (clash.length) {
        const names = new Map(entrants.map((e) => [e.teacher.id, e.teacher.name]));
        throw new AppError(
          'ENTRANT_IN_OTHER_LIST',
          `${clash.length} teacher(s) are already entrants of another school's submitted list`,
          clash.map((r) => ({
            field: `teachers.${r.teacherId}`,
            rule: 'other-list',
            message: `${names.get(r.teacherId)} (school ${r.schoolId})`,
            messageZh: `${names.get(r.teacherId)}已在另一所学校已提交的名单中`,
          })),
        );
      }
      const now = this.clock.nowIso();
      const rows = entrants.map(
        (e): NewEntrant => ({
          contestId: contest.id,
          round: 'preliminary',
          teacherId: e.teacher.id,
          code: e.code!,
          schoolId: school.id,
          districtId: school.districtId,
          subject: e.subject,
          groupCode: e.group,
          source: 'all-staff',
          status: 'active',
          createdAt: now,
          updatedAt: now,
        }),
      );
      await replaceSchoolEntrants(em, contest.id, 'preliminary', school.id, rows);
      const before = { ...list };
      Object.assign(list, { state: 'submitted', submittedAt: now, submittedBy: user.username, submissions: list.submissions + 1, updatedAt: now });
      await em.getRepository(EntrantList).save(list);
      await this.audit.append(em, {
        actor: user,
        action: 'entrant_list.submit',
        entityType: 'entrant_list',
        entityId: list.id,
        before,
        after: { ...list, entrants: rows.map((r) => ({ code: r.code, subject: r.subject, group: r.groupCode })) },
      });
      return this.views.view(user, contest.id, school.id, em);
    });
  }

  /** The school reopens its submitted list before the deadline: its preliminary entrants are removed. */
  async reopen(user: AuthUser, contestId: number, schoolId: number): Promise<SchoolListView> {
    return this.tx.run(async (em) => {
      const { contest, school, list } = await this.openForSchoolChange(em, user, contestId, schoolId, { allowSubmitted: true });
      if (list.state !== 'submitted') throw new AppError('LIST_NOT_SUBMITTED', 'The list is not submitted; there is nothing to reopen');
      const stored = await entrantsOfSchools(em, contest.id, 'preliminary', [school.id]);
      if (await anyResult(em, stored.map((r) => r.id))) {
        throw new AppError('RESULTS_EXIST', 'Preliminary results have been recorded for this list; it can no longer be reopened');
      }
      if ((await entrantsOnPanels(em, stored.map((r) => r.id))) > 0) {
        throw new AppError('ENTRANTS_ON_PANEL', 'Entrants of this list sit on a judging panel; remove them from the panel before reopening the list');
      }
      await replaceSchoolEntrants(em, contest.id, 'preliminary', school.id, []);
      const before = { ...list, entrants: stored.map((r) => ({ code: r.code, subject: r.subject, group: r.groupCode })) };
      const now = this.clock.nowIso();
      Object.assign(list, { state: 'draft', reopenedAt: now, reopenedBy: user.username, updatedAt: now });
      await em.getRepository(EntrantList).save(list);
      await this.audit.append(em, { actor: user, action: 'entrant_list.reopen', entityType: 'entrant_list', entityId: list.id, before, after: list });
      return this.views.view(user, contest.id, school.id, em);
    });
  }

  /** The district extends one school's deadline, with a reason. */
  async extend(user: AuthUser, contestId: number, schoolId: number, dto: ExtensionDto): Promise<SchoolListView> {
    return this.tx.run(async (em) => {
      const school = await findSchool(em, schoolId);
      assertCan(user, 'entrantList.extend', { districtId: school.districtId });
      const contest = await findContest(em, contestId);
      await this.assertCurrent(em, contest);
      const round = await this.views.preliminaryRound(em, contest);
      const today = this.clock.today();
      if (dto.deadline < today) {
        throw AppError.field('INVALID_EXTENSION', 'deadline', 'not-past', `The new deadline ${dto.deadline} is before today (${today})`);
      }
      if (dto.deadline <= round.deadline) {
        throw AppError.field(
          'INVALID_EXTENSION',
          'deadline',
          'after-round-deadline',
          `The new deadline ${dto.deadline} must be after the round's deadline ${round.deadline}`,
        );
      }
      const list = await this.lockList(em, contest.id, school.id);
      const before = { ...list };
      const now = this.clock.nowIso();
      Object.assign(list, { extendedTo: dto.deadline, extensionReason: dto.reason, extendedBy: user.username, extendedAt: now, updatedAt: now });
      await em.getRepository(EntrantList).save(list);
      await this.audit.append(em, { actor: user, action: 'entrant_list.extend', entityType: 'entrant_list', entityId: list.id, before, after: list });
      return this.views.view(user, contest.id, school.id, em);
    });
  }
}
