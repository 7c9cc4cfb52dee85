import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContestantsModule } from '../contestants/contestants.module';
import { JudgingController } from './judging.controller';
import { JudgeLink, Panel, PanelContestant, PanelJudge, SchoolSheet, ScoreSheet, ScoreSheetVersion } from './judging.entity';
import { JudgeLinksService } from './judge-links.service';
import { PanelDetailsService } from './panel-details';
import { PanelsService } from './panels.service';
import { ResultsService } from './results.service';
import { SchoolSheetsService } from './school-sheets.service';
import { ScoresService } from './scores.service';

/** Judging: judges score on a tablet — sheets, panels, score entry, results. */
@Module({
  imports: [TypeOrmModule.forFeature([SchoolSheet, Panel, PanelJudge, PanelContestant, JudgeLink, ScoreSheet, ScoreSheetVersion]), ContestantsModule],
  controllers: [JudgingController],
  providers: [PanelsService, PanelDetailsService, SchoolSheetsService, JudgeLinksService, ScoresService, ResultsService],
  exports: [PanelsService, ScoresService, ResultsService],
})
export class JudgingModule {}
