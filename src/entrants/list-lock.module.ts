import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContestsModule } from '../contests/contests.module';
import { EntrantList } from './entrant-list.entity';
import { ListLockService } from './list-lock.service';

/** The lock alone (no dependency on the registry), so that the registry can import it. */
@Module({
  imports: [TypeOrmModule.forFeature([EntrantList]), ContestsModule],
  providers: [ListLockService],
  exports: [ListLockService],
})
export class ListLockModule {}
