import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
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
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { queryInt } from '../../common/paging';
import { IsCalendarDate, TrimmedText } from '../../common/validators';
import type { RoundCode } from '../../domain/preset';
import { PROBLEM_KINDS, ProblemKind } from '../planning.entity';

const ROUNDS: RoundCode[] = ['preliminary', 'semifinal', 'final'];

/** Which round and whose: the school (preliminary), the district (semi-final; none: every district, city only), the city (final). */
export class RoundScopeQuery {
  @ApiProperty() @Transform(queryInt) @IsInt() @Min(1) contestId: number;
  @ApiProperty({ enum: ROUNDS }) @IsIn(ROUNDS) round: RoundCode;
  @ApiPropertyOptional() @IsOptional() @Transform(queryInt) @IsInt() @Min(1) schoolId?: number;
  @ApiPropertyOptional() @IsOptional() @Transform(queryInt) @IsInt() @Min(1) districtId?: number;
}

export class SessionDto {
  @ApiProperty({ example: '2025-12-09' }) @IsCalendarDate() date: string;
  @ApiProperty({ example: '08:30' }) @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'time must be HH:MM (24-hour)' }) time: string;
  @ApiPropertyOptional({ example: '上午场' }) @IsOptional() @TrimmedText(50) label?: string;
}

export class PlanRequestDto extends RoundScopeQuery {
  @ApiPropertyOptional({ description: "most contestants on one panel (default: the contest's, 20)", example: 12 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(200)
  maxPanelSize?: number;

  @ApiProperty({ type: [SessionDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SessionDto)
  sessions: SessionDto[];

  @ApiProperty({ type: [String], example: ['101教室', '102教室'], description: 'the rooms of one unit, used in parallel in a session' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(100, { each: true })
  rooms: string[];
}

export class PlannedPanelView {
  @ApiProperty({ example: 'S-D1-01' }) code: string;
  @ApiProperty({ type: Number, nullable: true }) unitId: number | null;
  @ApiProperty({ example: '新河镇中心小学' }) unitName: string;
  @ApiProperty() subject: string;
  @ApiProperty({ example: '数学' }) subjectName: string;
  @ApiProperty({ type: [String] }) groupCodes: string[];
  @ApiProperty({ example: '小学青年组' }) groupName: string;
  @ApiProperty() size: number;
  @ApiProperty({ example: '2025-12-09' }) sessionDate: string;
  @ApiProperty({ example: '08:30' }) sessionTime: string;
  @ApiProperty({ example: '12月9日 08:30' }) session: string;
  @ApiProperty() room: string;
  @ApiProperty({ type: [Number] }) entrantIds: number[];
}

export class PlanProblemView {
  @ApiProperty() rule: string;
  @ApiProperty({ type: Number, nullable: true }) unitId: number | null;
  @ApiProperty() message: string;
  @ApiProperty() messageZh: string;
}

export class PlanPreviewView {
  @ApiProperty({ enum: ROUNDS }) round: RoundCode;
  @ApiProperty({ example: 'district:3' }) scope: string;
  @ApiProperty() entrants: number;
  @ApiProperty({ type: [PlannedPanelView] }) panels: PlannedPanelView[];
  @ApiProperty({ type: [PlanProblemView] }) problems: PlanProblemView[];
  @ApiProperty({ description: 'a plan already accepted in this scope is replaced on accepting' }) replaces: boolean;
  @ApiProperty({ description: 'scores exist in this scope: accepting is refused' }) started: boolean;
}

export class AcceptedPanelView {
  @ApiProperty() id: number;
  @ApiProperty() code: string;
  @ApiProperty() size: number;
}

export class AcceptedPlanView {
  @ApiProperty() planId: number;
  @ApiProperty() scope: string;
  @ApiProperty() replaced: number;
  @ApiProperty({ type: [AcceptedPanelView] }) panels: AcceptedPanelView[];
}

export class ScoringExtensionDto extends RoundScopeQuery {
  @ApiProperty({ example: '2025-12-13', description: 'scoring accepted until this day (inclusive), after the round’s last day' })
  @IsCalendarDate()
  until: string;
  @ApiProperty({ example: '停电顺延一天' }) @TrimmedText(500) reason: string;
}

export class ScoringExtensionView {
  @ApiProperty() until: string;
  @ApiProperty({ type: [Number] }) panelIds: number[];
}

// ---------------------------------------------------------------- pools

export class PoolMemberView {
  @ApiProperty() accountId: number;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: String, nullable: true }) phone: string | null;
  @ApiProperty({ type: Number, nullable: true }) schoolId: number | null;
  @ApiProperty({ type: String, nullable: true }) schoolName: string | null;
  @ApiProperty({ type: Number, nullable: true }) districtId: number | null;
  @ApiProperty({ type: [String], nullable: true, description: 'subjects the judge can judge (null: any)' }) subjects: string[] | null;
  @ApiProperty() source: string;
  @ApiProperty({ description: 'panels of this scope the judge sits on' }) panels: number;
}

export class PoolView {
  @ApiProperty() scope: string;
  @ApiProperty({ type: [PoolMemberView] }) members: PoolMemberView[];
}

export class PoolAccountsDto extends RoundScopeQuery {
  @ApiProperty({ type: [Number] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2000)
  @IsInt({ each: true })
  @Min(1, { each: true })
  accountIds: number[];

  @ApiPropertyOptional({ type: [String], description: 'subjects these judges can judge (none: any)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  subjects?: string[];
}

export class CreateJudgeAccountDto extends RoundScopeQuery {
  @ApiProperty({ example: 'judge-zhang' }) @Matches(/^[A-Za-z0-9_.-]{3,50}$/, { message: 'username must be 3–50 characters: letters, digits, _ . -' }) username: string;
  @ApiProperty({ example: '张老师' }) @TrimmedText(50) displayName: string;
  @ApiProperty({ example: 'a-long-password' }) @IsString() @MinLength(8) @MaxLength(200) password: string;
  @ApiPropertyOptional({ example: '13800000000' }) @IsOptional() @Matches(/^1\d{10}$/, { message: 'phone must be an 11-digit mobile number' }) phone?: string;
  @ApiPropertyOptional({ description: 'the school the judge teaches at (conflicts of interest)' }) @IsOptional() @IsInt() @Min(1) judgeSchoolId?: number;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) subjects?: string[];
}

export class PanelJudgeChangeDto {
  @ApiProperty() @IsInt() @Min(1) accountId: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() isHead?: boolean;
}

/** One call per panel: judges to add and judges to remove. */
export class PanelJudgesBulkDto {
  @ApiPropertyOptional({ type: [PanelJudgeChangeDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PanelJudgeChangeDto)
  add?: PanelJudgeChangeDto[];

  @ApiPropertyOptional({ type: [Number] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsInt({ each: true })
  remove?: number[];
}

export class PanelJudgeView {
  @ApiProperty() accountId: number;
  @ApiProperty() displayName: string;
  @ApiProperty() isHead: boolean;
}

export class PanelJudgesView {
  @ApiProperty() panelId: number;
  @ApiProperty() code: string;
  @ApiProperty({ type: [PanelJudgeView] }) judges: PanelJudgeView[];
}

export class UnfilledView {
  @ApiProperty() panelId: number;
  @ApiProperty() code: string;
  @ApiProperty() needed: number;
  @ApiProperty() found: number;
  @ApiProperty() message: string;
  @ApiProperty() messageZh: string;
}

export class JudgeLoadView {
  @ApiProperty({ description: 'fewest panels of a judge of the pool' }) min: number;
  @ApiProperty({ description: 'most panels of a judge of the pool' }) max: number;
}

export class AssignmentView {
  @ApiProperty() scope: string;
  @ApiProperty() panelSize: number;
  @ApiProperty({ description: 'judges seated by this call' }) seated: number;
  @ApiProperty({ type: [UnfilledView] }) unfilled: UnfilledView[];
  @ApiProperty({ type: JudgeLoadView, description: 'fewest and most panels per judge of the pool' }) load: JudgeLoadView;
}

export class PreviewPanelJudgesView {
  @ApiProperty() code: string;
  @ApiProperty() size: number;
  @ApiProperty({ type: [Number] }) judgeIds: number[];
  @ApiProperty({ type: Number, nullable: true }) headId: number | null;
}

export class AssignmentPreviewView {
  @ApiProperty() scope: string;
  @ApiProperty() panelSize: number;
  @ApiProperty({ type: [PlanProblemView] }) problems: PlanProblemView[];
  @ApiProperty({ type: [PreviewPanelJudgesView] }) panels: PreviewPanelJudgesView[];
  @ApiProperty({ type: [UnfilledView] }) unfilled: UnfilledView[];
  @ApiProperty({ type: JudgeLoadView }) load: JudgeLoadView;
}

export class ImportResultView {
  @ApiProperty() scope: string;
  @ApiProperty() rows: number;
  @ApiProperty({ description: 'judge accounts created' }) created: number;
  @ApiProperty({ description: 'existing judge accounts put into the pool or updated' }) updated: number;
}

// ---------------------------------------------------------------- cards

export class CardsDto extends RoundScopeQuery {
  @ApiProperty({ example: 'http://localhost:3000', description: "the service's address as the judges reach it (for the link and its QR code)" })
  @Matches(/^https?:\/\/[A-Za-z0-9.:[\]_-]+$/, { message: 'baseUrl must be http(s)://host[:port] without a path' })
  baseUrl: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) panelId?: number;
}

export class JudgeCardView {
  @ApiProperty() linkId: number;
  @ApiProperty() judgeName: string;
  @ApiProperty() isHead: boolean;
  @ApiProperty() panelId: number;
  @ApiProperty() panelCode: string;
  @ApiProperty() subjectName: string;
  @ApiProperty() groupName: string;
  @ApiProperty({ type: String, nullable: true }) room: string | null;
  @ApiProperty({ example: '2025年12月9日 08:30' }) session: string;
  @ApiProperty() url: string;
  @ApiProperty({ description: 'the QR code of the url, as SVG' }) qrSvg: string;
}

export class CardsView {
  @ApiProperty() contestName: string;
  @ApiProperty() roundName: string;
  @ApiProperty() unitName: string;
  @ApiProperty({ type: [JudgeCardView] }) cards: JudgeCardView[];
}

// ---------------------------------------------------------------- progress, problems

export class ReportProblemDto {
  @ApiProperty({ enum: PROBLEM_KINDS }) @IsIn(PROBLEM_KINDS as unknown as string[]) kind: ProblemKind;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) entrantId?: number;
  @ApiPropertyOptional() @IsOptional() @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)) @IsString() @MaxLength(500) note?: string;
}

export class ProblemView {
  @ApiProperty() id: number;
  @ApiProperty() panelId: number;
  @ApiProperty() panelCode: string;
  @ApiProperty() judgeName: string;
  @ApiProperty({ enum: PROBLEM_KINDS }) kind: string;
  @ApiProperty() kindName: string;
  @ApiProperty({ type: String, nullable: true }) entrantCode: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: String, nullable: true }) handledAt: string | null;
}

export class PanelProgressView {
  @ApiProperty() panelId: number;
  @ApiProperty() code: string;
  @ApiProperty() subjectName: string;
  @ApiProperty() groupName: string;
  @ApiProperty({ type: String, nullable: true }) room: string | null;
  @ApiProperty() session: string;
  @ApiProperty() judges: number;
  @ApiProperty() contestants: number;
  @ApiProperty() expected: number;
  @ApiProperty() submitted: number;
  @ApiProperty({ type: [String] }) notStarted: string[];
  @ApiProperty() locked: boolean;
  @ApiProperty() announced: boolean;
  @ApiProperty() openProblems: number;
}

export class ProgressView {
  @ApiProperty() scope: string;
  @ApiProperty() roundName: string;
  @ApiProperty({ type: [PanelProgressView] }) panels: PanelProgressView[];
  @ApiProperty({ type: [ProblemView] }) problems: ProblemView[];
}

export class DistrictStageView {
  @ApiProperty() districtId: number;
  @ApiProperty() districtName: string;
  @ApiProperty() schools: number;
  @ApiProperty() listsSubmitted: number;
  @ApiProperty() preliminaryPanels: number;
  @ApiProperty() preliminaryLocked: number;
  @ApiProperty() drawPublished: boolean;
  @ApiProperty() semifinalPanels: number;
  @ApiProperty() semifinalLocked: number;
  @ApiProperty({ description: "the district's semi-final award list is announced (published or final)" }) awards: boolean;
  @ApiPropertyOptional({ enum: ['computed', 'published', 'final'], nullable: true, description: "the district's semi-final award list: null: not computed" })
  awardsState: 'computed' | 'published' | 'final' | null;
  @ApiProperty({ example: '复赛评分中' }) stage: string;
}

export class CityStagesView {
  @ApiProperty() contestName: string;
  @ApiProperty({ type: [DistrictStageView] }) districts: DistrictStageView[];
}

/** The contest's rule for merging small groups into one panel (off by default). */
export class MergeRuleDto {
  @ApiProperty({ description: 'merge small groups of one subject into one panel (default off: every group gets its own panel)' })
  @IsBoolean()
  allowed: boolean;

  @ApiPropertyOptional({ description: 'groups with fewer entrants than this may merge (at least 2 when allowed)', example: 5 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(200)
  below?: number;

  @ApiPropertyOptional({
    description: "sets of the contest's group codes that may merge with each other (a group in one set at most)",
    example: [['primary-youth', 'junior-youth']],
    type: 'array',
    items: { type: 'array', items: { type: 'string' } },
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateBy({
    name: 'isGroupSets',
    validator: {
      validate: (v: unknown) => Array.isArray(v) && v.every((set) => Array.isArray(set) && set.length <= 10 && set.every((g) => typeof g === 'string' && /^[a-z0-9-]{1,32}$/.test(g))),
      defaultMessage: () => 'groups must be sets (arrays) of at most 10 group codes each',
    },
  })
  groups?: string[][];
}

export class GroupNameView {
  @ApiProperty({ example: 'primary-youth' }) code: string;
  @ApiProperty({ example: '小学青年组' }) name: string;
}

export class MergeRuleView {
  @ApiProperty() contestId: number;
  @ApiProperty() allowed: boolean;
  @ApiProperty() below: number;
  @ApiProperty({ type: 'array', items: { type: 'array', items: { type: 'string' } } }) groups: string[][];
  @ApiProperty({ type: 'array', items: { type: 'array', items: { type: 'string' } }, description: 'the same sets by the contest’s group names' }) groupNames: string[][];
  @ApiProperty({ type: [GroupNameView] }) contestGroups: GroupNameView[];
  @ApiProperty({ description: 'the caller may change the rule (the city)' }) editable: boolean;
}
