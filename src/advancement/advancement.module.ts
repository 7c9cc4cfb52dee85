import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NoticesCoreModule } from '../announcements/notices-core.module';
import { ContestantsModule } from '../contestants/contestants.module';
import { Allocation, Draw, Recommendation, Replacement } from './advancement.entity';
import { AdvancementController, PublicDrawsController } from './advancement.controller';
import { AdvancementService } from './advancement.service';
import { DrawRecordsService } from './draw-records.service';
import { DrawsService } from './draws.service';
import { ReplacementsService } from './replacements.service';

/** Advancement: quotas, recommendations and the public random draw (RULES §4). */
@Module({
  imports: [TypeOrmModule.forFeature([Allocation, Recommendation, Draw, Replacement]), ContestantsModule, NoticesCoreModule],
  controllers: [AdvancementController, PublicDrawsController],
  providers: [AdvancementService, DrawsService, DrawRecordsService, ReplacementsService],
  exports: [AdvancementService, DrawsService, DrawRecordsService, ReplacementsService],
})
export class AdvancementModule {}
