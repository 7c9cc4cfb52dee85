import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { Actor, AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AppError, uniqueViolation } from '../common/errors';
import { Page, pageWindow } from '../common/paging';
import { AuthUser } from '../common/roles';
import { assertDistrictVisible, assertTeachersManageable, requireRole, seesFullIdNumbers } from '../common/scope';
import { ContestRules, ContestsService } from '../contests/contests.service';
import { Transactions } from '../database/transactions';
import { ListLockService } from '../entrants/list-lock.service';
import { exclusions, groupForTeacher, qualifiesNearRetirement, teacherStageForSchool } from '../domain/groups';
import { checkIdNumber, maskIdNumber } from '../domain/id-number';
import type { GroupCode, Stage } from '../domain/preset';
import { CreateTeacherDto, TeacherQuery, TeacherView, UpdateTeacherDto } from './registry.dto';
import { School } from './school.entity';
import { containsPattern } from './search';
import { Teacher } from './teacher.entity';
import { findSchool } from './find-registry';

/**
 * SQL condition for a group, equivalent to domain/groups.ts groupForTeacher: youth when born on
 * or after (inclusive) / after the cut-off, compared as 'YYYY-MM-DD' text.
 */
export function groupCondition(
  group: GroupCode,
  cutoff: { date: string; inclusive: boolean },
  alias = 't',
): { sql: string; params: Record<string, unknown> } {
  const youthOp = cutoff.inclusive ? '>=' : '>';
  const seniorOp = cutoff.inclusive ? '<' : '<=';
  const params = { groupCutoff: cutoff.date };
  if (group === 'senior') return { sql: `${alias}.birth_date ${seniorOp} :groupCutoff`, params };
  const stage = group === 'primary-youth' ? 'primary' : 'junior';
  return { sql: `${alias}.stage = :groupStage AND ${alias}.birth_date ${youthOp} :groupCutoff`, params: { ...params, groupStage: stage } };
}

/** The teacher as a viewer sees it: the ID number masked outside the teacher's school, district and city. */
export function teacherView(t: Teacher, school: School, rules: ContestRules, user: AuthUser | null): TeacherView {
  const full = user === null || seesFullIdNumbers(user, school);
  const birthCompact = t.birthDate.replace(/-/g, '');
  return {
    id: t.id,
    name: t.name,
    idNumber: full ? t.idNumber : maskIdNumber(t.idNumber),
    idNumberMasked: !full,
    birthDate: full ? t.birthDate : null,
    gender: t.gender,
    stage: t.stage,
    group: groupForTeacher({ birthCompact, stage: t.stage }, rules.youthCutoff),
    subject: t.subject,
    subjectName: rules.subjects.find((s) => s.code === t.subject)?.name ?? t.subject,
    schoolId: t.schoolId,
    school: { id: school.id, code: school.code, name: school.name },
    districtId: school.districtId,
    transferredToSeat: t.transferredToSeat,
    priorAwards: t.priorAwards,
    exclusions: exclusions(
      { schoolInDistrictSeat: school.inDistrictSeat, transferredToDistrictSeat: t.transferredToSeat, priorAwards: t.priorAwards },
      rules.year,
      rules.priorFirstPrizeYears,
    ),
    nearRetirement: qualifiesNearRetirement(t.gender, birthCompact, rules.nearRetirement),
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
}

/**
 * Teachers: the school admin manages its own school's teachers, the district admin those of its
 * district, the city admin all. Birth date and gender come from the ID number.
 */
@Injectable()
export class TeachersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly contests: ContestsService,
    private readonly listLock: ListLockService,
  ) {}

  async list(user: AuthUser, q: TeacherQuery): Promise<Page<TeacherView>> {
    requireRole(user, 'city_admin', 'district_admin', 'school_admin');
    const { page, pageSize, skip } = pageWindow(q);
    const em = this.dataSource.manager;
    const rules = await this.contests.rules(em);
    const qb: SelectQueryBuilder<Teacher> = em
      .getRepository(Teacher)
      .createQueryBuilder('t')
      .innerJoinAndSelect('t.school', 's')
      .orderBy('t.id', 'ASC');

    // Scope first: an explicit filter outside it is refused, not silently emptied.
    if (q.districtId !== undefined) assertDistrictVisible(user, q.districtId);
    if (q.schoolId !== undefined) assertTeachersManageable(user, await findSchool(em, q.schoolId));
    if (user.role === 'district_admin') qb.andWhere('s.district_id = :ownDistrict', { ownDistrict: user.districtId });
    if (user.role === 'school_admin') qb.andWhere('t.school_id = :ownSchool', { ownSchool: user.schoolId });

    if (q.districtId !== undefined) qb.andWhere('s.district_id = :districtId', { districtId: q.districtId });
    if (q.schoolId !== undefined) qb.andWhere('t.school_id = :schoolId', { schoolId: q.schoolId });
    if (q.subject !== undefined) qb.andWhere('t.subject = :subject', { subject: q.subject });
    if (q.stage !== undefined) qb.andWhere('t.stage = :stage', { stage: q.stage });
    if (q.gender !== undefined) qb.andWhere('t.gender = :gender', { gender: q.gender });
    if (q.name) qb.andWhere("t.name LIKE :name ESCAPE '\\'", { name: containsPattern(q.name) });
    if (q.idNumber) qb.andWhere('t.id_number = :idNumber', { idNumber: q.idNumber.trim().toUpperCase() });
    if (q.group !== undefined) {
      const { sql, params } = groupCondition(q.group, rules.youthCutoff);
      qb.andWhere(new Brackets((w) => w.where(sql, params)));
    }
    const [rows, total] = await qb.skip(skip).take(pageSize).getManyAndCount();
    return { items: rows.map((t) => teacherView(t, t.school!, rules, user)), total, page, pageSize };
  }

  async get(user: AuthUser, id: number): Promise<TeacherView> {
    requireRole(user, 'city_admin', 'district_admin', 'school_admin');
    const em = this.dataSource.manager;
    const teacher = await this.find(em, id);
    assertTeachersManageable(user, teacher.school!);
    return teacherView(teacher, teacher.school!, await this.contests.rules(em), user);
  }

  async create(actor: AuthUser | string, dto: CreateTeacherDto): Promise<TeacherView> {
    const user = typeof actor === 'string' ? null : actor;
    if (user) requireRole(user, 'city_admin', 'district_admin', 'school_admin');
    // The ID number is checked before anything else is read or written.
    const id = this.checkId(dto.idNumber);
    return this.withDuplicateCheck(user, id.id, () =>
      this.tx.run(async (em) => {
        const school = await findSchool(em, dto.schoolId);
        if (user) assertTeachersManageable(user, school);
        // A school's submitted or overdue entrant list freezes its teachers (src/entrants).
        await this.listLock.assertTeachersEditable(em, user, [school.id]);
        const rules = await this.contests.rules(em);
        const stage = this.stageFor(school, dto.stage);
        this.checkSubject(rules, dto.subject, stage);
        const now = this.clock.nowIso();
        const teacher = em.getRepository(Teacher).create({
          name: dto.name,
          idNumber: id.id,
          birthDate: id.birthDate,
          gender: id.gender,
          stage,
          subject: dto.subject,
          schoolId: school.id,
          transferredToSeat: dto.transferredToSeat ?? false,
          priorAwards: (dto.priorAwards ?? []).map((a) => ({ year: a.year, level: a.level, prize: a.prize })),
          createdAt: now,
          updatedAt: now,
        });
        await em.getRepository(Teacher).save(teacher);
        await this.audit.append(em, {
          actor: actor as Actor,
          action: 'teacher.create',
          entityType: 'teacher',
          entityId: teacher.id,
          after: teacher,
        });
        return teacherView(teacher, school, rules, user);
      }),
    );
  }

  async update(user: AuthUser, id: number, dto: UpdateTeacherDto): Promise<TeacherView> {
    requireRole(user, 'city_admin', 'district_admin', 'school_admin');
    const newId = dto.idNumber !== undefined ? this.checkId(dto.idNumber) : null;
    return this.withDuplicateCheck(user, newId?.id ?? null, () =>
      this.tx.run(async (em) => {
        const before = await this.find(em, id);
        assertTeachersManageable(user, before.school!);
        let school = before.school!;
        if (dto.schoolId !== undefined && dto.schoolId !== before.schoolId) {
          school = await findSchool(em, dto.schoolId);
          assertTeachersManageable(user, school);
        }
        await this.listLock.assertTeachersEditable(em, user, [before.schoolId, school.id]);
        const rules = await this.contests.rules(em);
        // A nine-year school keeps the teacher's stage unless a new one is given.
        const stage = this.stageFor(school, dto.stage ?? before.stage);
        const subject = dto.subject ?? before.subject;
        if (dto.subject !== undefined || stage !== before.stage) this.checkSubject(rules, subject, stage);
        const { school: _s, ...plain } = before;
        const after = Object.assign(new Teacher(), plain, {
          ...(dto.name !== undefined && { name: dto.name }),
          ...(newId && { idNumber: newId.id, birthDate: newId.birthDate, gender: newId.gender }),
          ...(dto.transferredToSeat !== undefined && { transferredToSeat: dto.transferredToSeat }),
          ...(dto.priorAwards !== undefined && {
            priorAwards: dto.priorAwards.map((a) => ({ year: a.year, level: a.level, prize: a.prize })),
          }),
          subject,
          stage,
          schoolId: school.id,
          updatedAt: this.clock.nowIso(),
        });
        await em.getRepository(Teacher).save(after);
        await this.audit.append(em, { actor: user, action: 'teacher.update', entityType: 'teacher', entityId: id, before, after });
        return teacherView(after, school, rules, user);
      }),
    );
  }

  private checkId(raw: string) {
    const check = checkIdNumber(raw, { today: this.clock.today() });
    if (!check.valid) throw AppError.field('INVALID_ID_NUMBER', 'idNumber', check.code, check.reason);
    return check;
  }

  private stageFor(school: School, stage: Stage | undefined): Stage {
    try {
      return teacherStageForSchool(school.stage, stage);
    } catch (e) {
      throw AppError.field('INVALID_STAGE', 'stage', 'required', (e as Error).message);
    }
  }

  private checkSubject(rules: ContestRules, code: string, stage: Stage): void {
    const subject = rules.subjects.find((s) => s.code === code);
    if (!subject) {
      throw AppError.field(
        'INVALID_SUBJECT',
        'subject',
        'isIn',
        `Unknown subject "${code}"; the contest's subjects are ${rules.subjects.map((s) => s.code).join(', ')}`,
      );
    }
    if (!subject.stages.includes(stage)) {
      throw AppError.field('INVALID_SUBJECT', 'subject', 'stage', `Subject ${code} (${subject.name}) is not offered at the ${stage} stage`);
    }
  }

  /**
   * Runs a write; when it fails on the unique ID number, answers 409 DUPLICATE_ID_NUMBER naming
   * the school the number is registered at (the number shown as the caller may see it). The
   * unique index, not a prior look-up, decides, so concurrent requests cannot both pass.
   */
  private async withDuplicateCheck<T>(user: AuthUser | null, idNumber: string | null, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (e) {
      const unique = uniqueViolation(e);
      if (!unique || unique.index !== 'UQ_teachers_id_number' || idNumber === null) throw e;
      const existing = await this.dataSource
        .getRepository(Teacher)
        .findOne({ where: { idNumber }, relations: { school: true } });
      const shown = existing && user && !seesFullIdNumbers(user, existing.school!) ? maskIdNumber(idNumber) : idNumber;
      const where = existing ? ` at school ${existing.school!.code} ${existing.school!.name}` : '';
      const message = `ID number ${shown} is already registered${where}`;
      const messageZh = `身份证号 ${shown} 已登记${existing ? `在${existing.school!.name}` : ''}`;
      throw new AppError('DUPLICATE_ID_NUMBER', message, [{ field: 'idNumber', rule: 'unique', message, messageZh }]);
    }
  }

  private async find(em: EntityManager, id: number): Promise<Teacher> {
    const teacher = await em.getRepository(Teacher).findOne({ where: { id }, relations: { school: true } });
    if (!teacher) throw AppError.notFound('TEACHER_NOT_FOUND', 'Teacher', id);
    return teacher;
  }
}
