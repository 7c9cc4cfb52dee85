import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { EntrantsModule } from '../entrants/entrants.module';
import { JudgingModule } from '../judging/judging.module';
import { JudgeCardsService } from './judge-cards.service';
import { JudgePoolsService } from './judge-pools.service';
import { PlanningController } from './planning.controller';
import { JudgePoolMember, JudgeProblem, RoundPlan } from './planning.entity';
import { PlanningDemo } from './planning.demo';
import { MergeRuleService } from './merge-rule.service';
import { PlanningService } from './planning.service';
import { ProgressService } from './progress.service';

/** Round planning: plans, judge pools and assignment, judge cards, scoring dates, progress and problems. */
@Module({
  imports: [TypeOrmModule.forFeature([RoundPlan, JudgePoolMember, JudgeProblem]), AuthModule, JudgingModule, EntrantsModule],
  controllers: [PlanningController],
  providers: [PlanningService, JudgePoolsService, JudgeCardsService, ProgressService, PlanningDemo, MergeRuleService],
  exports: [PlanningService, JudgePoolsService, JudgeCardsService, PlanningDemo],
})
export class PlanningModule {}
