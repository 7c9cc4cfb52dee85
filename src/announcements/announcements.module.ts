import { Module } from '@nestjs/common';
import { AdvancementModule } from '../advancement/advancement.module';
import { AnnouncementListsService } from './announcement-lists.service';
import { AnnouncementsDemo } from './announcements.demo';
import { NoticesController, PublicNoticesController } from './notices.controller';
import { NoticesCoreModule } from './notices-core.module';
import { ObjectionRateLimit } from './objection-rate-limit';

/** Public announcements (公示) of every list with objections (RULES §6): pages' API and the earlier stages' lists. */
@Module({
  imports: [NoticesCoreModule, AdvancementModule],
  controllers: [NoticesController, PublicNoticesController],
  providers: [AnnouncementListsService, ObjectionRateLimit, AnnouncementsDemo],
  exports: [NoticesCoreModule, AnnouncementListsService, AnnouncementsDemo],
})
export class AnnouncementsModule {}
