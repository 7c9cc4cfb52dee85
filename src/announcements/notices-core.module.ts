import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FinalExclusion, IntegrityCase, Notice, NoticeRow, Objection, Resolution } from './notice.entity';
import { NoticesService } from './notices.service';

/**
 * The notices core: entities and NoticesService, with no dependency on the features whose lists
 * it announces, so that any of them (advancement's gates, awards) can import it.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Notice, NoticeRow, Objection, Resolution, IntegrityCase, FinalExclusion])],
  providers: [NoticesService],
  exports: [NoticesService],
})
export class NoticesCoreModule {}
