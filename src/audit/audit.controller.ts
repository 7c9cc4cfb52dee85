import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { ApiErrors } from '../common/api-docs';
import { Auth } from '../common/auth.decorators';
import { Page, PageOf, PageQuery, pageWindow } from '../common/paging';
import { AuditEntry } from './audit-entry.entity';
import { AuditService } from './audit.service';
import { AuditEntryView, AuditVerifyView } from './dto/audit-views.dto';

class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'teacher' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  entityType?: string;

  @ApiPropertyOptional({ example: '12' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityId?: string;
}

const AuditPage = PageOf(AuditEntryView, 'AuditPage');

/** The audit log, for the city bureau (it holds full ID numbers, so nobody else reads it). */
@ApiTags('audit')
@Controller('audit')
@Auth('audit.read')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Audit entries, newest first' })
  @ApiOkResponse({ type: AuditPage })
  @ApiErrors(400)
  async list(@Query() q: AuditQuery): Promise<Page<AuditEntry>> {
    const { page, pageSize, skip } = pageWindow(q);
    const where: { entityType?: string; entityId?: string } = {};
    if (q.entityType !== undefined) where.entityType = q.entityType;
    if (q.entityId !== undefined) where.entityId = q.entityId;
    const [items, total] = await this.dataSource
      .getRepository(AuditEntry)
      .findAndCount({ where, order: { seq: 'DESC' }, skip, take: pageSize });
    return { items, total, page, pageSize };
  }

  @Get('verify')
  @ApiOperation({ summary: 'Walk the hash chain (as `npm run -s cli -- audit-verify` does)' })
  @ApiOkResponse({ type: AuditVerifyView })
  verify(): Promise<AuditVerifyView> {
    return this.audit.verify();
  }
}
