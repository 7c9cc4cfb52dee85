import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { AuthUser } from '../common/roles';
import { Transactions } from '../database/transactions';
import { City } from './city.entity';
import { CityDto, CityView } from './registry.dto';

const view = (c: City): CityView => ({ id: c.id, code: c.code, name: c.name, updatedAt: c.updatedAt });

/** The one city of the installation. */
@Injectable()
export class CityService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async get(user: AuthUser): Promise<CityView> {
    const [city] = await this.dataSource.getRepository(City).find({ order: { id: 'ASC' }, take: 1 });
    if (!city) throw new AppError('CITY_NOT_FOUND', 'The city has not been set up yet');
    return view(city);
  }

  /** Creates the city, or changes its code and name. */
  async put(actor: AuthUser | string, dto: CityDto): Promise<CityView> {
    return this.tx.run(async (em) => {
      const repo = em.getRepository(City);
      const [existing] = await repo.find({ order: { id: 'ASC' }, take: 1 });
      const now = this.clock.nowIso();
      const after = existing
        ? Object.assign(new City(), existing, { code: dto.code, name: dto.name, updatedAt: now })
        : repo.create({ code: dto.code, name: dto.name, createdAt: now, updatedAt: now });
      await repo.save(after);
      await this.audit.append(em, {
        actor: actor as Actor,
        action: existing ? 'city.update' : 'city.create',
        entityType: 'city',
        entityId: after.id,
        before: existing ?? null,
        after,
      });
      return view(after);
    });
  }
}
