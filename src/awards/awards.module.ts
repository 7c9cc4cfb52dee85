import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdvancementModule } from '../advancement/advancement.module';
import { AnnouncementsModule } from '../announcements/announcements.module';
import { ContestantsModule } from '../contestants/contestants.module';
import { ContestsModule } from '../contests/contests.module';
import { NoticesCoreModule } from '../announcements/notices-core.module';
import { EntrantsModule } from '../entrants/entrants.module';
import { AwardsPublicationService } from './awards-publication.service';
import { AwardsController } from './awards.controller';
import { AwardsDemo } from './awards.demo';
import { Award, AwardRound, AwardSchoolCase, AwardSettings } from './awards.entity';
import { AwardsService } from './awards.service';
import { CertificatePageController, CertificatesController, PublicCertificatesController } from './certificates.controller';
import { CertificatesService } from './certificates.service';

/** Prizes, team and organisation awards, and certificates (RULES §5). */
@Module({
  imports: [TypeOrmModule.forFeature([AwardSettings, AwardRound, Award, AwardSchoolCase]), ContestantsModule, ContestsModule, EntrantsModule, NoticesCoreModule, AdvancementModule, AnnouncementsModule],
  controllers: [AwardsController, CertificatesController, PublicCertificatesController, CertificatePageController],
  providers: [AwardsService, CertificatesService, AwardsPublicationService, AwardsDemo],
  exports: [AwardsService, CertificatesService, AwardsPublicationService, AwardsDemo],
})
export class AwardsModule {}
