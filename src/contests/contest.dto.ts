import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import type { FeaturedKind, PrizeCode, RoundCode, Stage } from '../domain/preset';
import { IsCalendarDate, IsCode } from '../common/validators';
import { ROUND_CODES } from './contest-round.entity';
import { ContestSettingsView } from './contest-settings.dto';

export const FEATURED_KINDS: FeaturedKind[] = ['instrument', 'drawing', 'sport', 'it', 'speech', 'design'];
export const PRIZE_CODES: PrizeCode[] = ['first', 'second', 'third'];
const STAGES: Stage[] = ['primary', 'junior'];

export class YouthCutoffDto {
  @ApiProperty({ example: '1980-01-01' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ description: 'true: born ON the date counts as youth', example: true })
  @IsBoolean()
  inclusive: boolean;
}

export class SubjectDto {
  @ApiProperty({ example: 'chinese' })
  @IsString()
  @Matches(/^[a-z0-9_-]{1,32}$/, { message: 'code must be 1–32 characters: a-z, 0-9, _ or -' })
  code: string;

  @ApiProperty({ example: '语文' })
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  name: string;

  @ApiProperty({ enum: STAGES, isArray: true })
  @IsArray()
  @ArrayNotEmpty()
  @IsIn(STAGES, { each: true })
  stages: Stage[];

  @ApiProperty({ enum: FEATURED_KINDS, description: "the final's featured item for this subject" })
  @IsIn(FEATURED_KINDS)
  featured: FeaturedKind;
}

export class RatesDto {
  @ApiProperty({ description: 'whole percent of entrants who advance', example: 30 })
  @IsInt()
  @Min(0)
  @Max(100)
  rate: number;

  @ApiProperty({ description: 'whole percent of places recommended by the unit', example: 60 })
  @IsInt()
  @Min(0)
  @Max(100)
  recommendedShare: number;
}

export class AdvancementDto {
  @ApiProperty({ type: RatesDto })
  @ValidateNested()
  @Type(() => RatesDto)
  semifinal: RatesDto;

  @ApiProperty({ type: RatesDto })
  @ValidateNested()
  @Type(() => RatesDto)
  final: RatesDto;
}

export class PrizeShareDto {
  @ApiProperty({ enum: PRIZE_CODES })
  @IsIn(PRIZE_CODES)
  prize: PrizeCode;

  @ApiProperty({ example: '一等奖' })
  @IsString()
  @MinLength(1)
  @MaxLength(20)
  name: string;

  @ApiProperty({ description: "whole percent of the group's contestants", example: 15 })
  @IsInt()
  @Min(0)
  @Max(100)
  share: number;
}

export class PrizesDto {
  @ApiProperty({ type: [PrizeShareDto] })
  @IsArray()
  @ArrayMaxSize(2)
  @ValidateNested({ each: true })
  @Type(() => PrizeShareDto)
  semifinal: PrizeShareDto[];

  @ApiProperty({ type: [PrizeShareDto] })
  @IsArray()
  @ArrayMaxSize(3)
  @ValidateNested({ each: true })
  @Type(() => PrizeShareDto)
  final: PrizeShareDto[];
}

export class HolidayDto {
  @ApiProperty({ example: '2025-10-01' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ enum: ['holiday', 'workday'], description: 'holiday: a day off; workday: a weekend day worked (调休)' })
  @IsIn(['holiday', 'workday'])
  kind: 'holiday' | 'workday';

  @ApiPropertyOptional({ example: '国庆节' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  name?: string;
}

/** A round's dates, optional: set when creating a contest or changing a round. */
class RoundDateFields {
  @ApiPropertyOptional({ nullable: true, type: String, example: '2025-11-24' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsCalendarDate()
  startsOn?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: '2025-11-28' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsCalendarDate()
  endsOn?: string | null;

  @ApiPropertyOptional({ example: '2025-12-02' })
  @IsOptional()
  @IsCalendarDate()
  deadline?: string;
}

export class RoundDatesDto extends RoundDateFields {
  @ApiProperty({ enum: ROUND_CODES })
  @IsIn(ROUND_CODES)
  code: RoundCode;
}

class ContestFields {
  @ApiPropertyOptional({ type: YouthCutoffDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => YouthCutoffDto)
  youthCutoff?: YouthCutoffDto;

  @ApiPropertyOptional({ type: [SubjectDto] })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => SubjectDto)
  subjects?: SubjectDto[];

  @ApiPropertyOptional({ type: AdvancementDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AdvancementDto)
  advancement?: AdvancementDto;

  @ApiPropertyOptional({ type: PrizesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PrizesDto)
  prizes?: PrizesDto;

  @ApiPropertyOptional({ type: [HolidayDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(400)
  @ValidateNested({ each: true })
  @Type(() => HolidayDto)
  holidays?: HolidayDto[];
}

/** A new contest; everything left out comes from the default preset (data/default-contest.json). */
export class CreateContestDto extends ContestFields {
  @ApiProperty({ example: 'C2025' })
  @IsCode()
  code: string;

  @ApiProperty({ example: '2025年全员培训·教学技能比赛' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 2025 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiPropertyOptional({ type: [RoundDatesDto], description: 'dates of the rounds; deadlines default to the preset' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(3)
  @ValidateNested({ each: true })
  @Type(() => RoundDatesDto)
  rounds?: RoundDatesDto[];
}

export class UpdateContestDto extends ContestFields {
  @ApiPropertyOptional({ example: '2025年全员培训·教学技能比赛' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: 2025 })
  @IsOptional()
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class UpdateRoundDto extends RoundDateFields {
  @ApiPropertyOptional({ example: '初赛' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  name?: string;
}

export class RoundView {
  @ApiProperty() id: number;
  @ApiProperty({ enum: ROUND_CODES }) code: RoundCode;
  @ApiProperty({ example: '初赛' }) name: string;
  @ApiProperty({ enum: ['school', 'district', 'city'] }) organiser: 'school' | 'district' | 'city';
  @ApiProperty({ nullable: true, type: String }) startsOn: string | null;
  @ApiProperty({ nullable: true, type: String }) endsOn: string | null;
  @ApiProperty({ example: '2025-12-02' }) deadline: string;
  @ApiProperty({ description: "deadline passed, by the service clock's today" }) deadlinePassed: boolean;
}

export class ContestView {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'C2025' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty() year: number;
  @ApiProperty({ description: 'the contest the registry uses (latest year)' }) isCurrent: boolean;
  @ApiProperty({ type: YouthCutoffDto }) youthCutoff: YouthCutoffDto;
  @ApiProperty({ type: [SubjectDto] }) subjects: SubjectDto[];
  @ApiProperty({ type: AdvancementDto }) advancement: AdvancementDto;
  @ApiProperty({ type: PrizesDto }) prizes: PrizesDto;
  @ApiProperty({ type: [HolidayDto] }) holidays: HolidayDto[];
  @ApiProperty({ type: ContestSettingsView, description: 'the rest of the preset: sheets, aggregation, exclusion, nearRetirement, announcement, …' })
  settings: ContestSettingsView;
  @ApiProperty({ type: [RoundView] }) rounds: RoundView[];
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}
