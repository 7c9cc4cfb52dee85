import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { IsCalendarDate, TrimmedText } from '../../common/validators';
import type { TargetRound } from '../advancement.entity';

export class CreateAllocationDto {
  @ApiProperty({ enum: ['semifinal', 'final'], description: 'semifinal: a district over its schools; final: the city over its districts' })
  @IsIn(['semifinal', 'final'])
  round: TargetRound;

  @ApiPropertyOptional({ description: 'the district (semi-final only)' })
  @ValidateIf((o: CreateAllocationDto) => o.round === 'semifinal' || o.districtId !== undefined)
  @IsInt()
  @Min(1)
  districtId?: number;

  @ApiProperty({ example: '2025-12-10', description: "last day (inclusive, contest time zone) for the units' recommendations" })
  @IsCalendarDate()
  recommendationDeadline: string;
}

export class RecommendDto {
  @ApiProperty({ type: [Number], description: "round_entrants ids of the unit's previous-round entrants: exactly the unit's recommended places" })
  @IsArray()
  @ArrayMaxSize(1000)
  @IsInt({ each: true })
  @Min(1, { each: true })
  entrantIds: number[];
}

export class EntropySourceDto {
  @ApiProperty({ example: '中国福利彩票双色球 2025-12-11 开奖号码' })
  @TrimmedText(200)
  name: string;

  @ApiProperty({ example: '2025年12月11日 21:15 开奖的双色球号码，红球按开奖顺序，蓝球在后，以空格分隔' })
  @TrimmedText(1000)
  description: string;
}

export class AnnounceDto {
  @ApiProperty({ type: [EntropySourceDto], description: 'the entropy sources to be used, in order, described in words' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => EntropySourceDto)
  sources: EntropySourceDto[];
}

export class EntropyDto {
  @ApiProperty({ type: [String], description: 'the values of the announced sources, in announced order, exactly as published' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(1000, { each: true })
  values: string[];
}

export class WithdrawDto {
  @ApiProperty({ enum: ['withdrawn', 'disqualified'] })
  @IsIn(['withdrawn', 'disqualified'])
  kind: 'withdrawn' | 'disqualified';

  @ApiProperty({ example: '本人因病申请退出' })
  @TrimmedText(500)
  reason: string;

  @ApiPropertyOptional({ example: '2025-12-20', description: 'for a recommended place: last day for the unit to recommend again (required then)' })
  @IsOptional()
  @IsCalendarDate()
  replacementDeadline?: string;
}

export class ReRecommendDto {
  @ApiProperty({ description: "a round_entrants id of the unit's previous-round entrants who took part" })
  @IsInt()
  @Min(1)
  entrantId: number;
}
