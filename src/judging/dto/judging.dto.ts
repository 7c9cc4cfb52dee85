import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import { queryInt } from '../../common/paging';
import { SheetItemDefView } from '../../contests/contest-settings.dto';
import { CODE_MESSAGE, CODE_PATTERN, IsCalendarDate } from '../../common/validators';
import type { GroupCode, RoundCode } from '../../domain/preset';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
export const ROUNDS: RoundCode[] = ['preliminary', 'semifinal', 'final'];
export const GROUPS: GroupCode[] = ['primary-youth', 'junior-youth', 'senior'];
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A score as a JSON number or a decimal string ('7.5'); the sheet's rules are checked by the domain. */
function IsScoreValue(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isScore',
      validator: {
        validate: (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.length <= 12),
        defaultMessage: () => 'each score must be a number (at most one decimal place), a decimal string, or null (an empty item of a draft)',
      },
    },
    options,
  );
}

// ---------------------------------------------------------------- sheets

export class SheetItemDto {
  @ApiProperty({ example: 'putonghua' })
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'key must be 1–32 characters: letters, digits, _ or -' })
  key: string;

  @ApiProperty({ example: '普通话' })
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({ example: 10 })
  @IsInt()
  @Min(1)
  points: number;
}

export class SchoolSheetDto {
  @ApiProperty({ type: [SheetItemDto], description: 'items added after the base preliminary items' })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => SheetItemDto)
  added: SheetItemDto[];

  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { handwriting: 5, classroom: 45 }, description: 'item key → new points (base or added items)' })
  @IsObject()
  reweighted: Record<string, number>;
}

export class SheetItemView extends SheetItemDefView {}

export class SheetView {
  @ApiProperty({ enum: ROUNDS }) round: RoundCode;
  @ApiPropertyOptional({ type: Number, nullable: true, description: "the school, for a preliminary sheet of a school or of a preliminary entrant" }) schoolId?: number | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: "the subject the final sheet's featured item is labelled for" }) subject?: string | null;
  @ApiProperty({ type: [SheetItemView] }) items: SheetItemView[];
}

export class SheetQuery {
  @ApiProperty({ enum: ROUNDS })
  @IsIn(ROUNDS)
  round: RoundCode;

  @ApiPropertyOptional({ description: "final: the contestant's subject (labels the featured item)" })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  subject?: string;
}

// ---------------------------------------------------------------- panels

export class CreatePanelDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  contestId: number;

  @ApiProperty({ example: 'P-S01-1', description: 'ASCII code, unique in the contest (the draw unit code)' })
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  code: string;

  @ApiProperty({ enum: ROUNDS })
  @IsIn(ROUNDS)
  round: RoundCode;

  @ApiProperty({ enum: GROUPS })
  @IsIn(GROUPS)
  groupCode: GroupCode;

  @ApiProperty({ example: '第一场（上午）' })
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  session: string;

  @ApiPropertyOptional({ description: 'preliminary: the organising school (a school admin: its own)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  schoolId?: number;

  @ApiPropertyOptional({ description: 'semi-final: the organising district (a district admin: its own)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  districtId?: number;

  @ApiPropertyOptional({ example: 'math', description: "the contest's subject the panel judges (its contestants: the round's entrants of that subject and group); none: any subject" })
  @IsOptional()
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  subject?: string;

  @ApiPropertyOptional({ example: '301教室' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  room?: string;

  @ApiPropertyOptional({ example: '2025-12-09', description: "the session's date, within the round's dates" })
  @IsOptional()
  @IsCalendarDate()
  sessionDate?: string;

  @ApiPropertyOptional({ example: '08:30', description: "the session's start (24-hour HH:MM, Beijing time); needs sessionDate" })
  @IsOptional()
  @Matches(HH_MM, { message: 'sessionTime must be HH:MM (24-hour)' })
  sessionTime?: string;
}

/**
 * What a panel judges and where and when, changed by its organiser before any score exists: the
 * subject and group (a panel made by hand only; a plan's panel is replanned instead), the room, the
 * session. null clears the subject (any subject), the room, the session's date or time.
 */
export class UpdatePanelDto {
  @ApiPropertyOptional({ type: String, nullable: true, example: 'math', description: "the contest's subject; null: any subject" })
  @IsOptional()
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  subject?: string | null;

  @ApiPropertyOptional({ enum: GROUPS })
  @IsOptional()
  @IsIn(GROUPS)
  groupCode?: GroupCode;

  @ApiPropertyOptional({ example: '第一场（上午）' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  session?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '301教室' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  room?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2025-12-09' })
  @IsOptional()
  @IsCalendarDate()
  sessionDate?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '08:30' })
  @IsOptional()
  @Matches(HH_MM, { message: 'sessionTime must be HH:MM (24-hour)' })
  sessionTime?: string | null;
}

export class PanelQuery {
  @ApiProperty()
  @Transform(queryInt)
  @IsInt()
  @Min(1)
  contestId: number;

  @ApiPropertyOptional({ enum: ROUNDS })
  @IsOptional()
  @IsIn(ROUNDS)
  round?: RoundCode;
}

export class AddJudgeDto {
  @ApiProperty({ description: 'a judge account' })
  @IsInt()
  @Min(1)
  accountId: number;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  isHead?: boolean;
}

export class EntrantIdsDto {
  @ApiProperty({ type: [Number], description: 'round_entrants ids; for an order: every contestant of the panel, first to appear first' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsInt({ each: true })
  @Min(1, { each: true })
  entrantIds: number[];
}

export class DrawDto {
  @ApiProperty({ example: ['2025-11-28 福彩3D 第2025318期 7 4 1'], description: 'entropy values exactly as published, in announced order' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  entropy: string[];

  @ApiPropertyOptional({ type: [String], description: 'names of the entropy sources, one per value' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  sources?: string[];
}

export class LinkView {
  @ApiProperty() id: number;
  @ApiProperty() accountId: number;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: String, nullable: true }) revokedAt: string | null;
}

export class NewLinkView extends LinkView {
  @ApiProperty({ description: 'shown once; only its SHA-256 is stored' }) token: string;
  @ApiProperty({ example: '/judge.html#k=…' }) url: string;
}

// ---------------------------------------------------------------- scores

export class ScoreEntryDto {
  @ApiProperty({ description: 'client-generated UUID of this save/submit; a resend with the same id stores nothing new' })
  @IsUUID()
  clientId: string;

  @ApiProperty({ example: [8, 9.5, 27, 45.5], description: 'one score per item in sheet order, at most one decimal' })
  @IsArray()
  @ArrayMaxSize(30)
  @IsScoreValue({ each: true })
  scores: (number | string | null)[];

  @ApiPropertyOptional({ default: false, description: 'true: submit (read-only afterwards); false: save a draft' })
  @IsOptional()
  @IsBoolean()
  submit?: boolean;

  @ApiPropertyOptional({
    example: 2,
    description:
      'the version of the sheet this entry is based on (0: no sheet yet), as this device last read it; when it is not the current version, the entry is refused (SHEET_STALE) and kept as a rejected version',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  baseVersion?: number;
}

export class ReopenDto {
  @ApiProperty({ description: 'the judge (account id) whose sheet is reopened' })
  @IsInt()
  @Min(1)
  judgeId: number;

  @ApiProperty({ example: '评委误将课堂教学分录错' })
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason: string;
}

export class ScoreSheetView {
  @ApiProperty() panelId: number;
  @ApiProperty() entrantId: number;
  @ApiProperty() judgeId: number;
  @ApiProperty({ enum: ['none', 'draft', 'submitted'] }) state: 'none' | 'draft' | 'submitted';
  @ApiProperty() version: number;
  @ApiProperty({ type: [String], example: ['8.0', '9.5'] }) scores: string[];
  @ApiProperty({ type: String, nullable: true, example: '90.0' }) total: string | null;
  @ApiProperty({ type: String, nullable: true }) updatedAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the clientId of the entry stored' }) clientId: string | null;
}
