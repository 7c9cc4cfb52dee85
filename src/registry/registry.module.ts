import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { ContestsModule } from '../contests/contests.module';
import { ListLockModule } from '../entrants/list-lock.module';
import { City } from './city.entity';
import { CityService } from './city.service';
import { District } from './district.entity';
import { DistrictsService } from './districts.service';
import { CityController, DistrictsController, SchoolsController, TeachersController } from './registry.controllers';
import { School } from './school.entity';
import { SchoolsService } from './schools.service';
import { Teacher } from './teacher.entity';
import { TeachersService } from './teachers.service';

/** The registry: city → districts → schools → teachers. */
@Module({
  imports: [TypeOrmModule.forFeature([City, District, School, Teacher]), AuthModule, ContestsModule, ListLockModule],
  controllers: [CityController, DistrictsController, SchoolsController, TeachersController],
  providers: [CityService, DistrictsService, SchoolsService, TeachersService],
  exports: [CityService, DistrictsService, SchoolsService, TeachersService],
})
export class RegistryModule {}
