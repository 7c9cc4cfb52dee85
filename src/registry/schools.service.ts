import { assertCan, listFilter, schoolResource } from '../access/policy';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccountsService } from '../auth/accounts.service';
import { Actor, AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { Page, pageWindow } from '../common/paging';
import { AuthUser } from '../common/roles';
import { Transactions } from '../database/transactions';
import { District } from './district.entity';
import { CreateSchoolDto, SchoolQuery, SchoolView, UpdateSchoolDto } from './registry.dto';
import { School } from './school.entity';
import { containsPattern } from './search';
import { Teacher } from './teacher.entity';
import { findDistrict, findSchool } from './find-registry';

export function schoolView(s: School, d: District): SchoolView {
  return {
    id: s.id,
    code: s.code,
    name: s.name,
    districtId: s.districtId,
    district: { id: d.id, code: d.code, name: d.name },
    stage: s.stage,
    isCentral: s.isCentral,
    inDistrictSeat: s.inDistrictSeat,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

/**
 * Schools: the city admin manages all; a district admin the schools of its district; a school
 * admin reads its own school.
 */
@Injectable()
export class SchoolsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly accounts: AccountsService,
  ) {}

  async list(user: AuthUser, q: SchoolQuery): Promise<Page<SchoolView>> {
    const { page, pageSize, skip } = pageWindow(q);
    const only = listFilter(user, 'school.list');
    const qb = this.dataSource
      .getRepository(School)
      .createQueryBuilder('s')
      .innerJoinAndSelect('s.district', 'd')
      .orderBy('s.code', 'ASC')
      .addOrderBy('s.id', 'ASC');
    if (only.districtId !== undefined) {
      if (q.districtId !== undefined) assertCan(user, 'school.list', { districtId: q.districtId, label: `District ${q.districtId}` });
      qb.andWhere('s.district_id = :own', { own: only.districtId });
    }
    if (only.schoolId !== undefined) qb.andWhere('s.id = :own', { own: only.schoolId });
    if (q.districtId !== undefined) qb.andWhere('s.district_id = :districtId', { districtId: q.districtId });
    if (q.stage !== undefined) qb.andWhere('s.stage = :stage', { stage: q.stage });
    if (q.isCentral !== undefined) qb.andWhere('s.is_central = :isCentral', { isCentral: q.isCentral });
    if (q.inDistrictSeat !== undefined) qb.andWhere('s.in_district_seat = :seat', { seat: q.inDistrictSeat });
    if (q.name) qb.andWhere("s.name LIKE :name ESCAPE '\\'", { name: containsPattern(q.name) });
    if (q.code) qb.andWhere('s.code = :code', { code: q.code });
    const [rows, total] = await qb.skip(skip).take(pageSize).getManyAndCount();
    return { items: rows.map((s) => schoolView(s, s.district!)), total, page, pageSize };
  }

  async get(user: AuthUser, id: number): Promise<SchoolView> {
    const school = await findSchool(this.dataSource.manager, id, true);
    assertCan(user, 'school.read', schoolResource(school));
    return schoolView(school, school.district!);
  }

  async create(actor: AuthUser | string, dto: CreateSchoolDto): Promise<SchoolView> {
    let districtId = dto.districtId;
    if (typeof actor !== 'string') {
      districtId ??= listFilter(actor, 'school.create').districtId;
      if (districtId === undefined) {
        throw AppError.field('VALIDATION_FAILED', 'districtId', 'required', 'districtId is required');
      }
      assertCan(actor, 'school.create', { districtId });
    }
    if (districtId === undefined) throw AppError.field('VALIDATION_FAILED', 'districtId', 'required', 'districtId is required');
    return this.tx.run(async (em) => {
      const district = await findDistrict(em, districtId);
      const now = this.clock.nowIso();
      const school = em.getRepository(School).create({
        code: dto.code,
        name: dto.name,
        districtId: district.id,
        stage: dto.stage,
        isCentral: dto.isCentral,
        inDistrictSeat: dto.inDistrictSeat,
        createdAt: now,
        updatedAt: now,
      });
      await em.getRepository(School).save(school);
      await this.audit.append(em, {
        actor: actor as Actor,
        action: 'school.create',
        entityType: 'school',
        entityId: school.id,
        after: school,
      });
      return schoolView(school, district);
    });
  }

  async update(user: AuthUser, id: number, dto: UpdateSchoolDto): Promise<SchoolView> {
    return this.tx.run(async (em) => {
      const before = await findSchool(em, id, true);
      assertCan(user, 'school.write', { districtId: before.districtId });
      let district = before.district!;
      if (dto.districtId !== undefined && dto.districtId !== before.districtId) {
        assertCan(user, 'school.move');
        district = await findDistrict(em, dto.districtId);
      }
      if (dto.stage !== undefined && dto.stage !== before.stage) {
        const teachers = await em.getRepository(Teacher).countBy({ schoolId: id });
        if (teachers > 0) {
          throw new AppError(
            'SCHOOL_STAGE_LOCKED',
            `The stage of school ${before.code} cannot change while it has ${teachers} registered teachers`,
            [{ field: 'stage', rule: 'locked', message: 'the school has registered teachers', messageZh: '学校已有登记教师，不能修改学段' }],
          );
        }
      }
      const { district: _d, ...plain } = before;
      const after = Object.assign(new School(), plain, {
        ...(dto.name !== undefined && { name: dto.name }),
        ...(dto.stage !== undefined && { stage: dto.stage }),
        ...(dto.isCentral !== undefined && { isCentral: dto.isCentral }),
        ...(dto.inDistrictSeat !== undefined && { inDistrictSeat: dto.inDistrictSeat }),
        districtId: district.id,
        updatedAt: this.clock.nowIso(),
      });
      await em.getRepository(School).save(after);
      await this.audit.append(em, { actor: user, action: 'school.update', entityType: 'school', entityId: id, before, after });
      if (after.districtId !== before.districtId) await this.accounts.followSchool(em, user, id, after.districtId, after.updatedAt);
      return schoolView(after, district);
    });
  }
}
