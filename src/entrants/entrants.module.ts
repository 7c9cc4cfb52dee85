import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContestantsModule } from '../contestants/contestants.module';
import { ContestsModule } from '../contests/contests.module';
import { RegistryModule } from '../registry/registry.module';
import { EntrantList } from './entrant-list.entity';
import { EntrantListsController, ExemptionsController } from './entrants.controller';
import { EntrantListViewsService } from './entrant-list-views.service';
import { EntrantListsService } from './entrant-lists.service';
import { EntrantsExcelService } from './entrants-excel.service';
import { EntrantsUploadService } from './entrants-upload.service';
import { UploadParser } from './upload-parser';
import { Exemption } from './exemption.entity';
import { ExemptionsService } from './exemptions.service';
import { ListLockModule } from './list-lock.module';

/** Entrant lists: schools put their preliminary entrant list together and submit it before the deadline. */
@Module({
  imports: [TypeOrmModule.forFeature([EntrantList, Exemption]), ContestantsModule, ContestsModule, RegistryModule, ListLockModule],
  controllers: [EntrantListsController, ExemptionsController],
  providers: [EntrantListsService, EntrantListViewsService, EntrantsExcelService, EntrantsUploadService, UploadParser, ExemptionsService],
  exports: [EntrantListsService, EntrantListViewsService],
})
export class EntrantsModule {}
