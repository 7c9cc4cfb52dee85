import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContestantsModule } from '../contestants/contestants.module';
import { EntrantsModule } from '../entrants/entrants.module';
import { AwardsController } from './awards.controller';
import { Award, AwardRound, AwardSchoolCase, AwardSettings } from './awards.entity';
import { AwardsService } from './awards.service';
import { CertificatePageController, CertificatesController, PublicCertificatesController } from './certificates.controller';
import { CertificatesService } from './certificates.service';

/** Prizes, team and organisation awards, and certificates (RULES §5). */
@Module({
  imports: [TypeOrmModule.forFeature([AwardSettings, AwardRound, Award, AwardSchoolCase]), ContestantsModule, EntrantsModule],
  controllers: [AwardsController, CertificatesController, PublicCertificatesController, CertificatePageController],
  providers: [AwardsService, CertificatesService],
  exports: [AwardsService, CertificatesService],
})
export class AwardsModule {}
