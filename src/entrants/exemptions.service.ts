/**
 * Exemption applications (免赛, RULES §2): the school applies for a teacher and reviews the
 * application; the district approves or rejects it with a reason. Every step keeps who, when
 * and why, and is audited in the same transaction.
 */
import { contestRules } from '../contests/contest-rules';
import { assertCan, can, listFilter, schoolResource } from '../access/policy';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { lockRow } from '../database/row-lock';
import { AppError, ErrorDetail } from '../common/errors';
import { AuthUser } from '../common/roles';
import { Transactions } from '../database/transactions';
import { nearRetirementRefusal } from '../domain/groups';
import type { Teacher } from '../registry/teacher.entity';
import { ApplyExemptionDto, ApproveExemptionDto, ExemptionNoteDto, ExemptionQuery, ExemptionView, RejectExemptionDto } from './dto/entrants.dto';
import { EntrantListViewsService, EXEMPTION_STATE_NAMES } from './entrant-list-views.service';
import { EntrantListsService } from './entrant-lists.service';
import { EntrantList } from './entrant-list.entity';
import { Exemption, ExemptionState, PENDING_EXEMPTION_STATES } from './exemption.entity';
import { ListRules, teacherExclusions } from './list-model';
import { findContest } from '../contests/find-contest';
import { findSchool, findTeacherWithSchool } from '../registry/find-registry';

@Injectable()
export class ExemptionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly lists: EntrantListsService,
    private readonly listViews: EntrantListViewsService,
  ) {}

  async list(user: AuthUser, contestId: number, q: ExemptionQuery): Promise<ExemptionView[]> {
    const em = this.dataSource.manager;
    await findContest(em, contestId);
    if (q.schoolId !== undefined) assertCan(user, 'exemption.list', schoolResource(await findSchool(em, q.schoolId)));
    if (q.districtId !== undefined) assertCan(user, 'district.read', { districtId: q.districtId });
    const qb = em
      .getRepository(Exemption)
      .createQueryBuilder('x')
      .innerJoinAndSelect('x.teacher', 't')
      .innerJoinAndSelect('x.school', 's')
      .where('x.contest_id = :contestId', { contestId })
      .orderBy('x.id', 'ASC');
    const only = listFilter(user, 'exemption.list');
    if (only.schoolId !== undefined) qb.andWhere('x.school_id = :own', { own: only.schoolId });
    if (only.districtId !== undefined) qb.andWhere('s.district_id = :ownDistrict', { ownDistrict: only.districtId });
    if (q.schoolId !== undefined) qb.andWhere('x.school_id = :schoolId', { schoolId: q.schoolId });
    if (q.districtId !== undefined) qb.andWhere('s.district_id = :districtId', { districtId: q.districtId });
    if (q.state !== undefined) qb.andWhere('x.state = :state', { state: q.state });
    const rows = await qb.getMany();
    const names = await this.listViews.exemptionNames(this.dataSource.manager, rows);
    return rows.map((x) => this.listViews.exemptionView(x, x.teacher!, x.school!, can(user, 'teacher.idNumber.full', schoolResource(x.school!)), names));
  }

  /** The school applies for one of its teachers (state 'applied'). */
  async apply(user: AuthUser, contestId: number, dto: ApplyExemptionDto): Promise<ExemptionView> {
    return this.tx.run(async (em) => {
      const teacher = await findTeacherWithSchool(em, dto.teacherId);
      assertCan(user, 'exemption.apply', schoolResource(teacher.school));
      const ctx = await this.lists.openForSchoolChange(em, user, contestId, teacher.schoolId);
      const excluded = teacherExclusions(teacher, ctx.school, ctx.rules);
      if (excluded.length) {
        throw new AppError('TEACHER_EXCLUDED', `${teacher.name} is excluded from the contest anyway: ${excluded.map((x) => x.reason).join('；')}`);
      }
      const open = await em.getRepository(Exemption).findOneBy({
        contestId,
        teacherId: teacher.id,
        state: In([...PENDING_EXEMPTION_STATES, 'approved']),
      });
      if (open) {
        throw new AppError('EXEMPTION_EXISTS', `${teacher.name} already has an exemption application (${open.id}, ${open.state})`);
      }
      if (dto.kind === 'near-retirement') this.assertQualifies(teacher, ctx.rules);
      const now = this.clock.nowIso();
      const x = em.getRepository(Exemption).create({
        contestId,
        teacherId: teacher.id,
        schoolId: teacher.schoolId,
        kind: dto.kind,
        note: dto.note,
        state: 'applied',
        appliedBy: user.username,
        appliedAt: now,
        reviewedBy: null,
        reviewedAt: null,
        reviewNote: null,
        decidedBy: null,
        decidedAt: null,
        decisionReason: null,
        createdAt: now,
        updatedAt: now,
      });
      await em.getRepository(Exemption).save(x);
      await this.audit.append(em, { actor: user, action: 'exemption.apply', entityType: 'exemption', entityId: x.id, after: x });
      return this.listViews.exemptionView(x, teacher, ctx.school, true, await this.listViews.exemptionNames(em, [x]));
    });
  }

  /** The school confirms the application (applied → school-reviewed). */
  review(user: AuthUser, id: number, dto: ExemptionNoteDto): Promise<ExemptionView> {
    return this.schoolStep(user, id, ['applied'], 'exemption.review', (x, now) =>
      Object.assign(x, { state: 'school-reviewed', reviewedBy: user.username, reviewedAt: now, reviewNote: dto.note || null }),
    );
  }

  /** The school withdraws an open application. */
  withdraw(user: AuthUser, id: number, dto: ExemptionNoteDto): Promise<ExemptionView> {
    return this.schoolStep(user, id, PENDING_EXEMPTION_STATES, 'exemption.withdraw', (x, now) =>
      Object.assign(x, { state: 'withdrawn', decidedBy: user.username, decidedAt: now, decisionReason: dto.note || null }),
    );
  }

  /** The district approves a reviewed application. */
  approve(user: AuthUser, id: number, dto: ApproveExemptionDto): Promise<ExemptionView> {
    return this.districtStep(user, id, 'exemption.approve', (x, now) =>
      Object.assign(x, { state: 'approved', decidedBy: user.username, decidedAt: now, decisionReason: dto.reason || null }),
    );
  }

  /** The district rejects a reviewed application, with a reason. */
  reject(user: AuthUser, id: number, dto: RejectExemptionDto): Promise<ExemptionView> {
    return this.districtStep(user, id, 'exemption.reject', (x, now) =>
      Object.assign(x, { state: 'rejected', decidedBy: user.username, decidedAt: now, decisionReason: dto.reason }),
    );
  }

  // ------------------------------------------------------------------

  private assertQualifies(teacher: Teacher, rules: ListRules): void {
    const refusal = nearRetirementRefusal(teacher.gender, teacher.birthDate.replace(/-/g, ''), rules.nearRetirement);
    if (refusal) {
      const message = `${teacher.name} does not qualify for the near-retirement exemption: ${refusal}`;
      const detail: ErrorDetail & { messageZh: string } = {
        field: 'kind',
        rule: 'near-retirement',
        message: refusal,
        messageZh: `${teacher.name}不符合临近退休免赛条件：${refusal}`,
      };
      throw new AppError('EXEMPTION_NOT_QUALIFIED', message, [detail]);
    }
  }

  private async find(em: EntityManager, id: number): Promise<Exemption> {
    const x = await em.getRepository(Exemption).findOne({ where: { id }, relations: { teacher: true, school: true } });
    if (!x) throw AppError.notFound('EXEMPTION_NOT_FOUND', 'Exemption', id);
    return x;
  }

  private assertState(x: Exemption, allowed: ExemptionState[]): void {
    if (!allowed.includes(x.state)) {
      throw new AppError(
        'EXEMPTION_WRONG_STATE',
        `Exemption ${x.id} is ${x.state} (${EXEMPTION_STATE_NAMES[x.state]}); this step needs ${allowed.join(' or ')}`,
      );
    }
  }

  private async save(em: EntityManager, user: AuthUser, x: Exemption, before: object, action: string): Promise<ExemptionView> {
    const { teacher, school, ...plain } = x;
    const row = Object.assign(new Exemption(), plain);
    await em.getRepository(Exemption).save(row);
    await this.audit.append(em, { actor: user, action, entityType: 'exemption', entityId: x.id, before, after: row });
    return this.listViews.exemptionView(row, teacher!, school!, can(user, 'teacher.idNumber.full', schoolResource(school!)), await this.listViews.exemptionNames(em, [row]));
  }

  private plain(x: Exemption): object {
    const { teacher: _t, school: _s, ...plain } = x;
    return { ...plain };
  }

  private schoolStep(
    user: AuthUser,
    id: number,
    allowed: ExemptionState[],
    action: string,
    change: (x: Exemption, now: string) => void,
  ): Promise<ExemptionView> {
    return this.tx.run(async (em) => {
      // The application's row first: two decisions on it take turns, the second sees the first's state.
      await lockRow(em, 'exemptions', id);
      const x = await this.find(em, id);
      assertCan(user, 'exemption.apply', schoolResource(x.school!));
      await this.lists.openForSchoolChange(em, user, x.contestId, x.schoolId);
      this.assertState(x, allowed);
      const before = this.plain(x);
      const now = this.clock.nowIso();
      change(x, now);
      x.updatedAt = now;
      return this.save(em, user, x, before, action);
    });
  }

  private districtStep(user: AuthUser, id: number, action: string, change: (x: Exemption, now: string) => void): Promise<ExemptionView> {
    return this.tx.run(async (em) => {
      await lockRow(em, 'exemptions', id);
      const x = await this.find(em, id);
      assertCan(user, 'exemption.decide', { districtId: x.school!.districtId });
      const contest = await findContest(em, x.contestId);
      await this.lists.assertCurrent(em, contest);
      this.assertState(x, ['school-reviewed']);
      const list = await em.getRepository(EntrantList).findOneBy({ contestId: x.contestId, schoolId: x.schoolId });
      if (list?.state === 'submitted') {
        throw new AppError('LIST_LOCKED', "The school's list is submitted; the school must reopen it before exemptions change");
      }
      if (action === 'exemption.approve' && x.kind === 'near-retirement') this.assertQualifies(x.teacher!, contestRules(contest));
      const before = this.plain(x);
      const now = this.clock.nowIso();
      change(x, now);
      x.updatedAt = now;
      return this.save(em, user, x, before, action);
    });
  }
}
