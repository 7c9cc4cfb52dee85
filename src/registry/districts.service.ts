import { assertCan, listFilter } from '../access/policy';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { Page, pageWindow } from '../common/paging';
import { AuthUser } from '../common/roles';
import { Transactions } from '../database/transactions';
import { District } from './district.entity';
import { CreateDistrictDto, DistrictQuery, DistrictView, UpdateDistrictDto } from './registry.dto';
import { containsPattern } from './search';
import { findDistrict } from './find-registry';

export const districtView = (d: District): DistrictView => ({
  id: d.id,
  code: d.code,
  name: d.name,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

/** Districts: the city admin manages them; a district admin sees its own. */
@Injectable()
export class DistrictsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(user: AuthUser, q: DistrictQuery): Promise<Page<DistrictView>> {
    const { page, pageSize, skip } = pageWindow(q);
    const only = listFilter(user, 'district.list');
    const qb = this.dataSource.getRepository(District).createQueryBuilder('d').orderBy('d.code', 'ASC').addOrderBy('d.id', 'ASC');
    if (only.districtId !== undefined) qb.andWhere('d.id = :own', { own: only.districtId });
    if (q.name) qb.andWhere("d.name LIKE :name ESCAPE '\\'", { name: containsPattern(q.name) });
    const [rows, total] = await qb.skip(skip).take(pageSize).getManyAndCount();
    return { items: rows.map(districtView), total, page, pageSize };
  }

  async get(user: AuthUser, id: number): Promise<DistrictView> {
    const district = await findDistrict(this.dataSource.manager, id);
    assertCan(user, 'district.read', { districtId: district.id });
    return districtView(district);
  }

  async create(actor: AuthUser | string, dto: CreateDistrictDto): Promise<DistrictView> {
    return this.tx.run(async (em) => {
      const now = this.clock.nowIso();
      const district = em.getRepository(District).create({ code: dto.code, name: dto.name, createdAt: now, updatedAt: now });
      await em.getRepository(District).save(district);
      await this.audit.append(em, {
        actor: actor as Actor,
        action: 'district.create',
        entityType: 'district',
        entityId: district.id,
        after: district,
      });
      return districtView(district);
    });
  }

  async update(user: AuthUser, id: number, dto: UpdateDistrictDto): Promise<DistrictView> {
    return this.tx.run(async (em) => {
      const before = await findDistrict(em, id);
      const after = Object.assign(new District(), before, {
        ...(dto.name !== undefined && { name: dto.name }),
        updatedAt: this.clock.nowIso(),
      });
      await em.getRepository(District).save(after);
      await this.audit.append(em, { actor: user, action: 'district.update', entityType: 'district', entityId: id, before, after });
      return districtView(after);
    });
  }
}
