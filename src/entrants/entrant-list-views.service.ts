/**
 * Reading preliminary entrant lists: a school's list as the caller sees it, the district's
 * overview, the printable copy, and the views other features read (awards, the Excel export,
 * exemptions). The workflow that changes a list is EntrantListsService (entrant-lists.service.ts).
 */
import { actorNames, ActorName } from '../auth/actor-names';
import { contestRules } from '../contests/contest-rules';
import { assertCan, can, listFilter, schoolResource } from '../access/policy';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { AuthUser } from '../common/roles';
import { entrantsOfSchools } from '../contestants/find-entrants';
import { ContestRound } from '../contests/contest-round.entity';
import { Contest } from '../contests/contest.entity';
import { ContestsService } from '../contests/contests.service';
import { findContest, findRound } from '../contests/find-contest';
import { maskIdNumber } from '../domain/id-number';
import type { District } from '../registry/district.entity';
import { School } from '../registry/school.entity';
import { Teacher } from '../registry/teacher.entity';
import {
  ContestRef,
  ExemptionView,
  ExtensionView,
  LIST_STATES,
  ListEntryView,
  ListState,
  OverviewQuery,
  OverviewView,
  PrintableView,
  PrintEntryView,
  SchoolInfo,
  SchoolListView,
} from './dto/entrants.dto';
import { EntrantList } from './entrant-list.entity';
import { Exemption, PENDING_EXEMPTION_STATES } from './exemption.entity';
import { computeEntries, countEntries, GROUP_ORDER, ListEntry, ListRules } from './list-model';
import { effectiveDeadline, ListLockService } from './list-lock.service';
import { findDistrict, findSchool, schoolsWithDistrict, teachersByIds, teachersOfSchools } from '../registry/find-registry';

export const KIND_NAMES = { 'near-retirement': '临近退休', health: '身体原因' } as const;
export const EXEMPTION_STATE_NAMES = {
  applied: '待学校审核',
  'school-reviewed': '学校已审核，待区审批',
  approved: '已批准',
  rejected: '已驳回',
  withdrawn: '已撤回',
} as const;
const GENDER_NAMES = { male: '男', female: '女' } as const;

interface SchoolEntries {
  entries: ListEntry[];
  /** The school's applications in this contest, every state, oldest first. */
  exemptions: Exemption[];
}

@Injectable()
export class EntrantListViewsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly lock: ListLockService,
    private readonly contests: ContestsService,
  ) {}

  // ------------------------------------------------------------------ loading

  async preliminaryRound(em: EntityManager, contest: Contest): Promise<ContestRound> {
    const round = await findRound(em, contest.id, 'preliminary');
    if (!round) throw new AppError('ROUND_NOT_FOUND', `Contest ${contest.id} has no preliminary round`);
    return round;
  }

  async isCurrent(em: EntityManager, contest: Contest): Promise<boolean> {
    return (await this.contests.current(em))?.id === contest.id;
  }

  /**
   * The entries and applications of several schools at once. A submitted list's entrants are
   * its stored `round_entrants`; a draft list is computed live.
   */
  async loadEntries(
    em: EntityManager,
    contest: Contest,
    rules: ListRules,
    schools: School[],
    lists: Map<number, EntrantList>,
  ): Promise<Map<number, SchoolEntries>> {
    const out = new Map<number, SchoolEntries>();
    if (schools.length === 0) return out;
    const ids = schools.map((s) => s.id);
    const teachers = await teachersOfSchools(em, ids);
    const submittedIds = ids.filter((id) => lists.get(id)?.state === 'submitted');
    const stored = await entrantsOfSchools(em, contest.id, 'preliminary', submittedIds);
    // A stored entrant whose teacher has moved since still belongs to the submitted list.
    const known = new Set(teachers.map((t) => t.id));
    const missing = stored.filter((r) => !known.has(r.teacherId)).map((r) => r.teacherId);
    const moved = [...(await teachersByIds(em, missing)).values()];
    const storedSchool = new Map(stored.map((r) => [r.teacherId, r.schoolId]));

    const exemptions = await em.getRepository(Exemption).find({ where: { contestId: contest.id }, order: { id: 'ASC' } });
    const approved = new Map(exemptions.filter((x) => x.state === 'approved').map((x) => [x.teacherId, x]));

    for (const school of schools) {
      const own = [...teachers.filter((t) => t.schoolId === school.id), ...moved.filter((t) => storedSchool.get(t.id) === school.id)];
      const isSubmitted = lists.get(school.id)?.state === 'submitted';
      const storedMap = isSubmitted ? new Map(stored.filter((r) => r.schoolId === school.id).map((r) => [r.teacherId, r])) : null;
      out.set(school.id, {
        entries: computeEntries(school, own, approved, rules, storedMap),
        exemptions: exemptions.filter((x) => x.schoolId === school.id),
      });
    }
    return out;
  }

  // ------------------------------------------------------------------ views

  listState(list: EntrantList | null, roundDeadline: string): ListState {
    if (list?.state === 'submitted') return 'submitted';
    const deadline = effectiveDeadline(roundDeadline, list);
    if (this.lock.deadlinePassed(deadline)) return 'late';
    if (deadline !== roundDeadline) return 'extended';
    return list?.startedAt ? 'draft' : 'not-started';
  }

  async contestRef(em: EntityManager, c: Contest): Promise<ContestRef> {
    return { id: c.id, code: c.code, name: c.name, year: c.year, isCurrent: await this.isCurrent(em, c) };
  }

  schoolInfo(s: School): SchoolInfo {
    const d = s.district as District;
    return {
      id: s.id,
      code: s.code,
      name: s.name,
      stage: s.stage,
      isCentral: s.isCentral,
      inDistrictSeat: s.inDistrictSeat,
      district: { id: d.id, code: d.code, name: d.name },
    };
  }

  private extensionView(list: EntrantList | null): ExtensionView | null {
    if (!list?.extendedTo) return null;
    return { deadline: list.extendedTo, reason: list.extensionReason ?? '', by: list.extendedBy ?? '', at: list.extendedAt ?? '' };
  }

  subjectName(rules: ListRules, code: string): string {
    return rules.subjects.find((s) => s.code === code)?.name ?? code;
  }

  private entryView(e: ListEntry, rules: ListRules, fullIds: boolean): ListEntryView {
    return {
      teacherId: e.teacher.id,
      name: e.teacher.name,
      idNumber: fullIds ? e.teacher.idNumber : maskIdNumber(e.teacher.idNumber),
      gender: e.teacher.gender,
      stage: e.teacher.stage,
      subject: e.subject,
      subjectName: this.subjectName(rules, e.subject),
      group: e.group,
      groupName: rules.groupNames[e.group],
      status: e.status,
      exclusions: e.exclusions.map((x) => ({ code: x.code, reason: x.reason })),
      exemptionId: e.exemption?.id ?? null,
      exemptionKindName: e.exemption ? KIND_NAMES[e.exemption.kind] : null,
      code: e.code,
    };
  }

  /** The display names of the exemptions' actors, for exemptionView. */
  exemptionNames(em: EntityManager, xs: Exemption[]): Promise<ActorName> {
    return actorNames(em, xs.flatMap((x) => [x.appliedBy, x.reviewedBy, x.decidedBy]));
  }

  exemptionView(x: Exemption, teacher: Teacher, school: School, fullIds: boolean, names: ActorName = (u) => u ?? null): ExemptionView {
    return {
      id: x.id,
      contestId: x.contestId,
      teacherId: x.teacherId,
      teacherName: teacher.name,
      idNumber: fullIds ? teacher.idNumber : maskIdNumber(teacher.idNumber),
      school: { id: school.id, code: school.code, name: school.name },
      kind: x.kind,
      kindName: KIND_NAMES[x.kind],
      note: x.note,
      state: x.state,
      stateName: EXEMPTION_STATE_NAMES[x.state],
      appliedBy: x.appliedBy,
      appliedByName: names(x.appliedBy) ?? x.appliedBy,
      appliedAt: x.appliedAt,
      reviewedBy: x.reviewedBy,
      reviewedByName: names(x.reviewedBy),
      reviewedAt: x.reviewedAt,
      reviewNote: x.reviewNote,
      decidedBy: x.decidedBy,
      decidedByName: names(x.decidedBy),
      decidedAt: x.decidedAt,
      decisionReason: x.decisionReason,
    };
  }

  /** A school's list as the caller sees it (the school, its district, the city). */
  async view(user: AuthUser, contestId: number, schoolId: number, em: EntityManager = this.dataSource.manager): Promise<SchoolListView> {
    const school = await findSchool(em, schoolId, true);
    assertCan(user, 'entrantList.read', schoolResource(school));
    const contest = await findContest(em, contestId);
    const round = await this.preliminaryRound(em, contest);
    const rules = contestRules(contest);
    const list = await em.getRepository(EntrantList).findOneBy({ contestId: contest.id, schoolId: school.id });
    const { entries, exemptions } = (await this.loadEntries(em, contest, rules, [school], new Map(list ? [[school.id, list]] : [])))
      .get(school.id)!;
    const fullIds = can(user, 'teacher.idNumber.full', schoolResource(school));
    const deadline = effectiveDeadline(round.deadline, list);
    const contestRef = await this.contestRef(em, contest);
    const deadlinePassed = this.lock.deadlinePassed(deadline);
    const teachers = new Map(entries.map((e) => [e.teacher.id, e.teacher]));
    const missing = exemptions.filter((x) => !teachers.has(x.teacherId)).map((x) => x.teacherId);
    for (const t of (await teachersByIds(em, missing)).values()) teachers.set(t.id, t);
    const names = await actorNames(em, [list?.submittedBy, ...exemptions.flatMap((x) => [x.appliedBy, x.reviewedBy, x.decidedBy])]);
    return {
      contest: contestRef,
      school: this.schoolInfo(school),
      roundDeadline: round.deadline,
      deadline,
      today: this.clock.today(),
      deadlinePassed,
      extension: this.extensionView(list),
      state: this.listState(list, round.deadline),
      editable: can(user, 'entrantList.edit', schoolResource(school)) && contestRef.isCurrent && !deadlinePassed && list?.state !== 'submitted',
      submittedAt: list?.submittedAt ?? null,
      submittedBy: list?.submittedBy ?? null,
      submittedByName: names(list?.submittedBy),
      submissions: list?.submissions ?? 0,
      counts: countEntries(entries),
      entries: entries.map((e) => this.entryView(e, rules, fullIds)),
      exemptions: exemptions.map((x) => this.exemptionView(x, teachers.get(x.teacherId)!, school, fullIds, names)),
    };
  }

  /** Every school of a district (the city admin: of every district, or of one): state and counts. */
  async overview(user: AuthUser, contestId: number, q: OverviewQuery): Promise<OverviewView> {
    const em = this.dataSource.manager;
    const districtId = q.districtId ?? listFilter(user, 'entrantList.overview').districtId;
    if (districtId !== undefined) {
      assertCan(user, 'entrantList.overview', { districtId });
      await findDistrict(em, districtId);
    }
    const contest = await findContest(em, contestId);
    const round = await this.preliminaryRound(em, contest);
    const rules = contestRules(contest);
    const schools = await schoolsWithDistrict(em, districtId);
    const lists = new Map(
      (await em.getRepository(EntrantList).findBy({ contestId: contest.id, schoolId: In(schools.map((s) => s.id)) })).map((l) => [l.schoolId, l]),
    );
    const bySchool = await this.loadEntries(em, contest, rules, schools, lists);
    const byState = Object.fromEntries(LIST_STATES.map((s) => [s, 0])) as Record<ListState, number>;
    const all: ListEntry[] = [];
    const rows = schools.map((school) => {
      const list = lists.get(school.id) ?? null;
      const { entries, exemptions } = bySchool.get(school.id)!;
      const state = this.listState(list, round.deadline);
      byState[state]++;
      all.push(...entries);
      return {
        school: this.schoolInfo(school),
        state,
        deadline: effectiveDeadline(round.deadline, list),
        extension: this.extensionView(list),
        submittedAt: list?.submittedAt ?? null,
        counts: countEntries(entries),
        pendingExemptions: exemptions.filter((x) => PENDING_EXEMPTION_STATES.includes(x.state)).length,
        awaitingDistrict: exemptions.filter((x) => x.state === 'school-reviewed').length,
      };
    });
    return {
      contest: await this.contestRef(em, contest),
      roundDeadline: round.deadline,
      today: this.clock.today(),
      schools: rows,
      byState,
      totals: countEntries(all),
    };
  }

  /** The printable copy: entrants by group and subject, masked ID numbers, totals, today's date. */
  async printable(user: AuthUser, contestId: number, schoolId: number): Promise<PrintableView> {
    const v = await this.view(user, contestId, schoolId);
    const { groupNames } = contestRules(await findContest(this.dataSource.manager, contestId));
    const entrants = v.entries.filter((e) => e.status === 'entrant');
    const masked = (e: ListEntryView, no: number, note: string | null): PrintEntryView => ({
      no,
      name: e.name,
      idNumber: maskIdNumber(e.idNumber),
      gender: GENDER_NAMES[e.gender],
      subjectName: e.subjectName,
      note,
    });
    let no = 0;
    const groups = GROUP_ORDER.map((group) => {
      const inGroup = entrants.filter((e) => e.group === group);
      const subjects: { subject: string; subjectName: string; entrants: PrintEntryView[] }[] = [];
      for (const e of inGroup) {
        let s = subjects.find((x) => x.subject === e.subject);
        if (!s) subjects.push((s = { subject: e.subject, subjectName: e.subjectName, entrants: [] }));
        s.entrants.push(masked(e, ++no, null));
      }
      return { group, groupName: groupNames[group], total: inGroup.length, subjects };
    });
    const others = v.entries
      .filter((e) => e.status !== 'entrant')
      .map((e, i) => {
        const note =
          e.status === 'excluded'
            ? '不参赛：' + e.exclusions.map((x) => x.reason).join('；')
            : e.status === 'exempted'
              ? '免赛' + (e.exemptionKindName ? '：' + e.exemptionKindName : '')
              : '提交后新增，未列入已提交名单';
        return masked(e, i + 1, note);
      });
    return {
      contest: v.contest,
      school: v.school,
      state: v.state,
      submittedAt: v.submittedAt,
      date: this.clock.today(),
      groups,
      others,
      counts: v.counts,
    };
  }
}
