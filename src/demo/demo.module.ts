import { Module } from '@nestjs/common';
import { AdvancementModule } from '../advancement/advancement.module';
import { AnnouncementsModule } from '../announcements/announcements.module';
import { AwardsModule } from '../awards/awards.module';
import { AuthModule } from '../auth/auth.module';
import { ContestsModule } from '../contests/contests.module';
import { EntrantsModule } from '../entrants/entrants.module';
import { JudgingModule } from '../judging/judging.module';
import { PlanningModule } from '../planning/planning.module';
import { RegistryModule } from '../registry/registry.module';
import { DemoService } from './demo.service';
import { DrawReadyDemo } from './draw-ready.demo';

/** The demo contest loaded on the first start (DEMO_SEED). */
@Module({
  imports: [AdvancementModule, RegistryModule, AuthModule, ContestsModule, EntrantsModule, JudgingModule, PlanningModule, AnnouncementsModule, AwardsModule],
  providers: [DemoService, DrawReadyDemo],
  exports: [DemoService],
})
export class DemoModule {}
