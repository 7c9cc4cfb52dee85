import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContestantsModule } from '../contestants/contestants.module';
import { EntrantsModule } from '../entrants/entrants.module';
import { AwardsController } from './awards.controller';
import { Award, AwardRound, AwardSchoolCase, AwardSettings } from './awards.entity';
import { AwardsService } from './awards.service';

/** Prizes, team and organisation awards, and certificates (RULES §5). */
@Module({
  imports: [TypeOrmModule.forFeature([AwardSettings, AwardRound, Award, AwardSchoolCase]), ContestantsModule, EntrantsModule],
  controllers: [AwardsController],
  providers: [AwardsService],
  exports: [AwardsService],
})
export class AwardsModule {}
