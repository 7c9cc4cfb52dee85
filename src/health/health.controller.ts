import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApiErrors } from '../common/api-docs';
import { Public } from '../common/auth.decorators';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { HealthView, PingView } from './dto/health.dto';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness and database check (SELECT 1)' })
  @ApiOkResponse({ type: HealthView })
  @ApiErrors(503)
  async health(): Promise<HealthView> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch (e) {
      throw new AppError('SERVICE_UNAVAILABLE', `The database does not answer: ${(e as Error).message}`);
    }
    return {
      status: 'ok',
      database: this.dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite',
      time: this.clock.nowIso(),
      today: this.clock.today(),
    };
  }
}

/** The unauthenticated no-op: what the framework itself costs per request (`npm run bench -- framework`). */
@ApiTags('health')
@Controller('public/ping')
export class PingController {
  @Get()
  @Public()
  @ApiOperation({ summary: 'Unauthenticated no-op: answers without touching the database (the framework benchmark)' })
  @ApiOkResponse({ type: PingView })
  ping(): PingView {
    return { ok: true };
  }
}
