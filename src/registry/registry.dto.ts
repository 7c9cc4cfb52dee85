import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQuery, queryBool, queryInt } from '../common/paging';
import { IsCode, TrimmedText } from '../common/validators';
import type { AwardLevel, AwardPrize } from '../domain/groups';
import type { Gender, GroupCode, SchoolStage, Stage } from '../domain/preset';
import { SCHOOL_STAGES } from './school.entity';

const STAGES: Stage[] = ['primary', 'junior'];
const GROUPS: GroupCode[] = ['primary-youth', 'junior-youth', 'senior'];
export const AWARD_LEVELS: AwardLevel[] = ['school', 'county', 'city', 'province', 'national'];
export const AWARD_PRIZES: AwardPrize[] = ['first', 'second', 'third', 'other'];


// ---------------------------------------------------------------- city

export class CityDto {
  @ApiProperty({ example: '3213' })
  @IsCode()
  code: string;

  @ApiProperty({ example: '宿迁市' })
  @TrimmedText(100)
  name: string;
}

export class CityView {
  @ApiProperty() id: number;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() updatedAt: string;
}

// ---------------------------------------------------------------- districts

export class CreateDistrictDto {
  @ApiProperty({ example: '321302' })
  @IsCode()
  code: string;

  @ApiProperty({ example: '宿城区' })
  @TrimmedText(100)
  name: string;
}

export class UpdateDistrictDto {
  @ApiPropertyOptional({ example: '宿城区' })
  @IsOptional()
  @TrimmedText(100)
  name?: string;
}

export class DistrictQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'name contains' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;
}

export class DistrictView {
  @ApiProperty() id: number;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class DistrictRef {
  @ApiProperty() id: number;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

// ---------------------------------------------------------------- schools

export class CreateSchoolDto {
  @ApiProperty({ example: 'S32130201' })
  @IsCode()
  code: string;

  @ApiProperty({ example: '东湖镇中心小学' })
  @TrimmedText(100)
  name: string;

  @ApiPropertyOptional({ description: "required for the city admin; a district admin's own district by default" })
  @IsOptional()
  @IsInt()
  @Min(1)
  districtId?: number;

  @ApiProperty({ enum: SCHOOL_STAGES })
  @IsIn(SCHOOL_STAGES)
  stage: SchoolStage;

  @ApiProperty({ description: 'central school (中心校)' })
  @IsBoolean()
  isCentral: boolean;

  @ApiProperty({ description: 'in the district seat (区政府所在地): its teachers are excluded from the contest' })
  @IsBoolean()
  inDistrictSeat: boolean;
}

export class UpdateSchoolDto {
  @ApiPropertyOptional()
  @IsOptional()
  @TrimmedText(100)
  name?: string;

  @ApiPropertyOptional({ description: 'city admin only: move the school to another district' })
  @IsOptional()
  @IsInt()
  @Min(1)
  districtId?: number;

  @ApiPropertyOptional({ enum: SCHOOL_STAGES, description: 'only while the school has no teachers' })
  @IsOptional()
  @IsIn(SCHOOL_STAGES)
  stage?: SchoolStage;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  isCentral?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  inDistrictSeat?: boolean;
}

export class SchoolQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(queryInt)
  @IsInt()
  @Min(1)
  districtId?: number;

  @ApiPropertyOptional({ enum: SCHOOL_STAGES })
  @IsOptional()
  @IsIn(SCHOOL_STAGES)
  stage?: SchoolStage;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(queryBool)
  @IsBoolean()
  isCentral?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(queryBool)
  @IsBoolean()
  inDistrictSeat?: boolean;

  @ApiPropertyOptional({ description: 'name contains' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(32)
  code?: string;
}

export class SchoolView {
  @ApiProperty() id: number;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() districtId: number;
  @ApiProperty({ type: DistrictRef }) district: DistrictRef;
  @ApiProperty({ enum: SCHOOL_STAGES }) stage: SchoolStage;
  @ApiProperty() isCentral: boolean;
  @ApiProperty() inDistrictSeat: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class SchoolRef {
  @ApiProperty() id: number;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

// ---------------------------------------------------------------- teachers

export class PriorAwardDto {
  @ApiProperty({ example: 2023 })
  @IsInt()
  @Min(1950)
  @Max(2100)
  year: number;

  @ApiProperty({ enum: AWARD_LEVELS })
  @IsIn(AWARD_LEVELS)
  level: AwardLevel;

  @ApiProperty({ enum: AWARD_PRIZES })
  @IsIn(AWARD_PRIZES)
  prize: AwardPrize;
}

export class CreateTeacherDto {
  @ApiProperty({ example: '王芳' })
  @TrimmedText(50)
  name: string;

  @ApiProperty({ example: '32130219850312002X', description: '18-character resident ID number (GB 11643-1999)' })
  @IsString()
  @MaxLength(40)
  idNumber: string;

  @ApiProperty({ example: 'chinese', description: "a subject code of the current contest's list, offered at the teacher's stage" })
  @IsString()
  @MaxLength(32)
  subject: string;

  @ApiProperty()
  @IsInt()
  @Min(1)
  schoolId: number;

  @ApiPropertyOptional({ enum: STAGES, description: 'required at a nine-year school; ignored elsewhere' })
  @IsOptional()
  @IsIn(STAGES)
  stage?: Stage;

  @ApiPropertyOptional({ description: 'transferred to a school in the district seat', default: false })
  @IsOptional()
  @IsBoolean()
  transferredToSeat?: boolean;

  @ApiPropertyOptional({ type: [PriorAwardDto], default: [] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PriorAwardDto)
  priorAwards?: PriorAwardDto[];
}

export class UpdateTeacherDto {
  @ApiPropertyOptional()
  @IsOptional()
  @TrimmedText(50)
  name?: string;

  @ApiPropertyOptional({ description: 'a corrected ID number (birth date and gender follow it)' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  idNumber?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(32)
  subject?: string;

  @ApiPropertyOptional({ description: 'move to another school (within your scope)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  schoolId?: number;

  @ApiPropertyOptional({ enum: STAGES })
  @IsOptional()
  @IsIn(STAGES)
  stage?: Stage;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  transferredToSeat?: boolean;

  @ApiPropertyOptional({ type: [PriorAwardDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PriorAwardDto)
  priorAwards?: PriorAwardDto[];
}

export class TeacherQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(queryInt)
  @IsInt()
  @Min(1)
  schoolId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(queryInt)
  @IsInt()
  @Min(1)
  districtId?: number;

  @ApiPropertyOptional({ example: 'math' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  subject?: string;

  @ApiPropertyOptional({ enum: GROUPS, description: "by the current contest's youth cut-off" })
  @IsOptional()
  @IsIn(GROUPS)
  group?: GroupCode;

  @ApiPropertyOptional({ enum: STAGES })
  @IsOptional()
  @IsIn(STAGES)
  stage?: Stage;

  @ApiPropertyOptional({ enum: ['male', 'female'] })
  @IsOptional()
  @IsIn(['male', 'female'])
  gender?: Gender;

  @ApiPropertyOptional({ description: 'name contains' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  name?: string;

  @ApiPropertyOptional({ description: 'exact ID number' })
  @IsOptional()
  @IsString()
  @MaxLength(18)
  idNumber?: string;
}

export class ExclusionView {
  @ApiProperty({ enum: ['district-seat-school', 'transferred-to-district-seat', 'recent-first-prize'] }) code: string;
  @ApiProperty({ example: '所在学校位于区政府所在地' }) reason: string;
}

export class TeacherView {
  @ApiProperty() id: number;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'full for its school, its district and the city; masked (320102********1234) otherwise' })
  idNumber: string;
  @ApiProperty() idNumberMasked: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'YYYY-MM-DD from the ID number; null when the ID is masked' })
  birthDate: string | null;
  @ApiProperty({ enum: ['male', 'female'] }) gender: Gender;
  @ApiProperty({ enum: STAGES }) stage: Stage;
  @ApiProperty({ enum: GROUPS, description: "by the current contest's youth cut-off" }) group: GroupCode;
  @ApiProperty() subject: string;
  @ApiProperty({ example: '语文' }) subjectName: string;
  @ApiProperty() schoolId: number;
  @ApiProperty({ type: SchoolRef }) school: SchoolRef;
  @ApiProperty() districtId: number;
  @ApiProperty() transferredToSeat: boolean;
  @ApiProperty({ type: [PriorAwardDto] }) priorAwards: PriorAwardDto[];
  @ApiProperty({ type: [ExclusionView], description: 'why the teacher is not in the current contest (empty: eligible)' })
  exclusions: ExclusionView[];
  @ApiProperty({ description: 'born before the near-retirement cut-off: may apply for exemption (免赛)' })
  nearRetirement: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}
