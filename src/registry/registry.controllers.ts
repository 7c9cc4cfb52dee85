import { Body, Controller, Get, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-docs';
import { Auth, CurrentUser } from '../common/auth.decorators';
import { IdParam } from '../common/id-param';
import { Page, PageOf } from '../common/paging';
import { AuthUser } from '../common/roles';
import { CityService } from './city.service';
import { DistrictsService } from './districts.service';
import {
  CityDto,
  CityView,
  CreateDistrictDto,
  CreateSchoolDto,
  CreateTeacherDto,
  DistrictQuery,
  DistrictView,
  SchoolQuery,
  SchoolView,
  TeacherQuery,
  TeacherView,
  UpdateDistrictDto,
  UpdateSchoolDto,
  UpdateTeacherDto,
} from './registry.dto';
import { SchoolsService } from './schools.service';
import { TeachersService } from './teachers.service';

const DistrictPage = PageOf(DistrictView, 'DistrictPage');
const SchoolPage = PageOf(SchoolView, 'SchoolPage');
const TeacherPage = PageOf(TeacherView, 'TeacherPage');

@ApiTags('registry')
@Controller('city')
export class CityController {
  constructor(private readonly city: CityService) {}

  @Get()
  @Auth('city.read')
  @ApiOperation({ summary: 'The city of this installation' })
  @ApiOkResponse({ type: CityView })
  @ApiErrors(404)
  get(@CurrentUser() user: AuthUser): Promise<CityView> {
    return this.city.get(user);
  }

  @Put()
  @Auth('city.write')
  @ApiOperation({ summary: 'Set the city (code and name)' })
  @ApiOkResponse({ type: CityView })
  @ApiErrors(400)
  put(@CurrentUser() user: AuthUser, @Body() dto: CityDto): Promise<CityView> {
    return this.city.put(user, dto);
  }
}

@ApiTags('registry')
@Controller('districts')
export class DistrictsController {
  constructor(private readonly districts: DistrictsService) {}

  @Get()
  @Auth('district.list')
  @ApiOperation({ summary: 'Districts (a district admin sees its own)' })
  @ApiOkResponse({ type: DistrictPage })
  @ApiErrors(400)
  list(@CurrentUser() user: AuthUser, @Query() q: DistrictQuery): Promise<Page<DistrictView>> {
    return this.districts.list(user, q);
  }

  @Post()
  @Auth('district.create')
  @ApiOperation({ summary: 'Create a district' })
  @ApiCreatedResponse({ type: DistrictView })
  @ApiErrors(400, 409)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateDistrictDto): Promise<DistrictView> {
    return this.districts.create(user, dto);
  }

  @Get(':id')
  @Auth('district.read')
  @ApiOperation({ summary: 'One district' })
  @ApiOkResponse({ type: DistrictView })
  @ApiErrors(400, 404)
  get(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<DistrictView> {
    return this.districts.get(user, id);
  }

  @Patch(':id')
  @Auth('district.write')
  @ApiOperation({ summary: 'Rename a district' })
  @ApiOkResponse({ type: DistrictView })
  @ApiErrors(400, 404)
  update(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: UpdateDistrictDto): Promise<DistrictView> {
    return this.districts.update(user, id, dto);
  }
}

@ApiTags('registry')
@Controller('schools')
export class SchoolsController {
  constructor(private readonly schools: SchoolsService) {}

  @Get()
  @Auth('school.list')
  @ApiOperation({ summary: "Schools (district admin: its district's; school admin: its own)" })
  @ApiOkResponse({ type: SchoolPage })
  @ApiErrors(400)
  list(@CurrentUser() user: AuthUser, @Query() q: SchoolQuery): Promise<Page<SchoolView>> {
    return this.schools.list(user, q);
  }

  @Post()
  @Auth('school.create')
  @ApiOperation({ summary: 'Create a school (district admin: in its own district)' })
  @ApiCreatedResponse({ type: SchoolView })
  @ApiErrors(400, 404, 409)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateSchoolDto): Promise<SchoolView> {
    return this.schools.create(user, dto);
  }

  @Get(':id')
  @Auth('school.read')
  @ApiOperation({ summary: 'One school' })
  @ApiOkResponse({ type: SchoolView })
  @ApiErrors(400, 404)
  get(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<SchoolView> {
    return this.schools.get(user, id);
  }

  @Patch(':id')
  @Auth('school.write')
  @ApiOperation({ summary: 'Change a school (moving it to another district: city admin only)' })
  @ApiOkResponse({ type: SchoolView })
  @ApiErrors(400, 404, 409)
  update(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: UpdateSchoolDto): Promise<SchoolView> {
    return this.schools.update(user, id, dto);
  }
}

@ApiTags('registry')
@Controller('teachers')
export class TeachersController {
  constructor(private readonly teachers: TeachersService) {}

  @Get()
  @Auth('teacher.list')
  @ApiOperation({ summary: 'Teachers in your scope, with filters' })
  @ApiOkResponse({ type: TeacherPage })
  @ApiErrors(400)
  list(@CurrentUser() user: AuthUser, @Query() q: TeacherQuery): Promise<Page<TeacherView>> {
    return this.teachers.list(user, q);
  }

  @Post()
  @Auth('teacher.create')
  @ApiOperation({ summary: 'Register a teacher (birth date, gender and group come from the ID number)' })
  @ApiCreatedResponse({ type: TeacherView })
  @ApiErrors(400, 404, 409)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateTeacherDto): Promise<TeacherView> {
    return this.teachers.create(user, dto);
  }

  @Get(':id')
  @Auth('teacher.read')
  @ApiOperation({ summary: 'One teacher' })
  @ApiOkResponse({ type: TeacherView })
  @ApiErrors(400, 404)
  get(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<TeacherView> {
    return this.teachers.get(user, id);
  }

  @Patch(':id')
  @Auth('teacher.write')
  @ApiOperation({ summary: 'Change a teacher' })
  @ApiOkResponse({ type: TeacherView })
  @ApiErrors(400, 404, 409)
  update(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: UpdateTeacherDto): Promise<TeacherView> {
    return this.teachers.update(user, id, dto);
  }
}
