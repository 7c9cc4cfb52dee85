import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RoundEntrant } from './round-entrant.entity';
import { RoundResult } from './round-result.entity';

/**
 * The entrants of each round and their results: shared by entrant lists (preliminary),
 * judging (results) and advancement (recommendations and the draw).
 */
@Module({
  imports: [TypeOrmModule.forFeature([RoundEntrant, RoundResult])],
  exports: [TypeOrmModule],
})
export class ContestantsModule {}
