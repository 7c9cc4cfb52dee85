import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { queryInt } from '../../common/paging';
import { IsCalendarDate, TrimmedText, trimmed } from '../../common/validators';
import type { Gender, GroupCode, Stage } from '../../domain/preset';
import { EXEMPTION_KINDS, EXEMPTION_STATES, ExemptionKind, ExemptionState } from '../exemption.entity';
import type { EntryStatus } from '../list-model';
import { ExclusionView } from '../../registry/registry.dto';
import { PreviewNotInFileView } from './upload.dto';


export const LIST_STATES = ['not-started', 'draft', 'submitted', 'late', 'extended'] as const;
export type ListState = (typeof LIST_STATES)[number];

// ---------------------------------------------------------------- requests

export class ExtensionDto {
  @ApiProperty({ example: '2025-12-09', description: "the school's new deadline (inclusive): after the round's deadline, today or later" })
  @IsCalendarDate()
  deadline: string;

  @ApiProperty({ example: '学校因疫情停课一周' })
  @TrimmedText(500)
  reason: string;
}

export class OverviewQuery {
  @ApiPropertyOptional({ description: "the district (a district admin: its own, by default); the city admin: all when left out" })
  @IsOptional()
  @Transform(queryInt)
  @IsInt()
  @Min(1)
  districtId?: number;
}

export class ApplyExemptionDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  teacherId: number;

  @ApiProperty({ enum: EXEMPTION_KINDS })
  @IsIn(EXEMPTION_KINDS)
  kind: ExemptionKind;

  @ApiProperty({ example: '本人申请：距退休不足五年' })
  @TrimmedText(500)
  note: string;
}

export class ExemptionNoteDto {
  @ApiPropertyOptional({ example: '情况属实' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class ApproveExemptionDto {
  @ApiPropertyOptional({ example: '符合免赛条件' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class RejectExemptionDto {
  @ApiProperty({ example: '病假证明不全' })
  @TrimmedText(500)
  reason: string;
}

export class ExemptionQuery {
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

  @ApiPropertyOptional({ enum: EXEMPTION_STATES })
  @IsOptional()
  @IsIn(EXEMPTION_STATES)
  state?: ExemptionState;
}

// ---------------------------------------------------------------- answers

export class UnitRef {
  @ApiProperty() id: number;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

export class ContestRef extends UnitRef {
  @ApiProperty() year: number;
  @ApiProperty() isCurrent: boolean;
}

export class SchoolInfo extends UnitRef {
  @ApiProperty({ enum: ['primary', 'junior', 'nine-year'] }) stage: string;
  @ApiProperty() isCentral: boolean;
  @ApiProperty() inDistrictSeat: boolean;
  @ApiProperty({ type: UnitRef }) district: UnitRef;
}

export class ExtensionView {
  @ApiProperty({ example: '2025-12-09' }) deadline: string;
  @ApiProperty() reason: string;
  @ApiProperty() by: string;
  @ApiProperty() at: string;
}

export class ListCountsView {
  @ApiProperty() teachers: number;
  @ApiProperty() entrants: number;
  @ApiProperty() excluded: number;
  @ApiProperty() exempted: number;
  @ApiProperty({ description: 'submitted lists: would-be entrants added after the submission' }) notSubmitted: number;
  @ApiProperty({
    type: 'object',
    properties: { 'primary-youth': { type: 'integer' }, 'junior-youth': { type: 'integer' }, senior: { type: 'integer' } },
    example: { 'primary-youth': 3, 'junior-youth': 0, senior: 2 },
    description: 'entrants per group',
  })
  byGroup: Record<GroupCode, number>;
}

export class ListEntryView {
  @ApiProperty() teacherId: number;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'masked outside the school, its district and the city' }) idNumber: string;
  @ApiProperty({ enum: ['male', 'female'] }) gender: Gender;
  @ApiProperty({ enum: ['primary', 'junior'] }) stage: Stage;
  @ApiProperty() subject: string;
  @ApiProperty({ example: '数学' }) subjectName: string;
  @ApiProperty({ enum: ['primary-youth', 'junior-youth', 'senior'] }) group: GroupCode;
  @ApiProperty({ example: '小学青年组' }) groupName: string;
  @ApiProperty({ enum: ['entrant', 'excluded', 'exempted', 'not-submitted'] }) status: EntryStatus;
  @ApiProperty({ type: [ExclusionView] }) exclusions: ExclusionView[];
  @ApiProperty({ nullable: true, type: Number, description: 'the approved exemption' }) exemptionId: number | null;
  @ApiProperty({ nullable: true, type: String, example: '临近退休' }) exemptionKindName: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'T000012' }) code: string | null;
}

export class ExemptionView {
  @ApiProperty() id: number;
  @ApiProperty() contestId: number;
  @ApiProperty() teacherId: number;
  @ApiProperty() teacherName: string;
  @ApiProperty() idNumber: string;
  @ApiProperty({ type: UnitRef }) school: UnitRef;
  @ApiProperty({ enum: EXEMPTION_KINDS }) kind: ExemptionKind;
  @ApiProperty({ example: '临近退休' }) kindName: string;
  @ApiProperty() note: string;
  @ApiProperty({ enum: EXEMPTION_STATES }) state: ExemptionState;
  @ApiProperty({ example: '待学校审核' }) stateName: string;
  @ApiProperty() appliedBy: string;
  @ApiProperty({ description: "the applicant's display name" }) appliedByName: string;
  @ApiProperty() appliedAt: string;
  @ApiProperty({ nullable: true, type: String }) reviewedBy: string | null;
  @ApiProperty({ nullable: true, type: String, description: "the reviewer's display name" }) reviewedByName: string | null;
  @ApiProperty({ nullable: true, type: String }) reviewedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) reviewNote: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the district (approve/reject) or the school (withdraw)' }) decidedBy: string | null;
  @ApiProperty({ nullable: true, type: String, description: "the decider's display name" }) decidedByName: string | null;
  @ApiProperty({ nullable: true, type: String }) decidedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) decisionReason: string | null;
}

export class SchoolListView {
  @ApiProperty({ type: ContestRef }) contest: ContestRef;
  @ApiProperty({ type: SchoolInfo }) school: SchoolInfo;
  @ApiProperty({ example: '2025-12-02', description: "the preliminary round's deadline" }) roundDeadline: string;
  @ApiProperty({ example: '2025-12-02', description: "the school's deadline: the round's, or its extension (inclusive)" }) deadline: string;
  @ApiProperty({ example: '2025-11-20', description: "the service clock's today" }) today: string;
  @ApiProperty() deadlinePassed: boolean;
  @ApiProperty({ type: ExtensionView, nullable: true }) extension: ExtensionView | null;
  @ApiProperty({ enum: LIST_STATES }) state: ListState;
  @ApiProperty({ description: 'true when the caller may change the list now (school admin, open, before the deadline)' }) editable: boolean;
  @ApiProperty({ nullable: true, type: String }) submittedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) submittedBy: string | null;
  @ApiProperty({ nullable: true, type: String, description: "the submitter's display name" }) submittedByName: string | null;
  @ApiProperty() submissions: number;
  @ApiProperty({ type: ListCountsView }) counts: ListCountsView;
  @ApiProperty({ type: [ListEntryView] }) entries: ListEntryView[];
  @ApiProperty({ type: [ExemptionView], description: "all of the school's applications in this contest" }) exemptions: ExemptionView[];
}

export class SchoolStateView {
  @ApiProperty({ type: SchoolInfo }) school: SchoolInfo;
  @ApiProperty({ enum: LIST_STATES }) state: ListState;
  @ApiProperty() deadline: string;
  @ApiProperty({ type: ExtensionView, nullable: true }) extension: ExtensionView | null;
  @ApiProperty({ nullable: true, type: String }) submittedAt: string | null;
  @ApiProperty({ type: ListCountsView }) counts: ListCountsView;
  @ApiProperty({ description: 'applications waiting for the school or the district' }) pendingExemptions: number;
  @ApiProperty({ description: 'applications reviewed by the school, waiting for the district' }) awaitingDistrict: number;
}

export class OverviewView {
  @ApiProperty({ type: ContestRef }) contest: ContestRef;
  @ApiProperty() roundDeadline: string;
  @ApiProperty() today: string;
  @ApiProperty({ type: [SchoolStateView] }) schools: SchoolStateView[];
  @ApiProperty({
    type: 'object',
    properties: Object.fromEntries(LIST_STATES.map((s) => [s, { type: 'integer' }])),
    example: { 'not-started': 1, draft: 2, submitted: 3, late: 0, extended: 1 },
    description: 'schools per list state',
  })
  byState: Record<ListState, number>;
  @ApiProperty({ type: ListCountsView }) totals: ListCountsView;
}

export class RowProblemView {
  @ApiProperty({ example: 5, description: 'the row number in the sheet (the header is row 1)' }) row: number;
  @ApiProperty({ example: '身份证号', description: "the column's header" }) column: string;
  @ApiProperty({ example: 'B5' }) cell: string;
  @ApiProperty({ example: 'idNumber' }) field: string;
  @ApiProperty({ example: 'check-character' }) rule: string;
  @ApiProperty() message: string;
  @ApiProperty({ example: '校验码（第18位）应为3，实际为4' }) messageZh: string;
}

export class UploadResultView {
  @ApiProperty({ description: 'data rows read' }) rows: number;
  @ApiProperty() created: number;
  @ApiProperty() updated: number;
  @ApiProperty() unchanged: number;
  @ApiProperty({ type: [PreviewNotInFileView], description: "the school's teachers not in the file (kept; they stay in the list)" })
  notInFile: PreviewNotInFileView[];
}

export class PrintEntryView {
  @ApiProperty() no: number;
  @ApiProperty() name: string;
  @ApiProperty({ example: '320102********1234' }) idNumber: string;
  @ApiProperty() gender: string;
  @ApiProperty() subjectName: string;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
}

export class PrintSubjectView {
  @ApiProperty() subject: string;
  @ApiProperty() subjectName: string;
  @ApiProperty({ type: [PrintEntryView] }) entrants: PrintEntryView[];
}

export class PrintGroupView {
  @ApiProperty() group: string;
  @ApiProperty() groupName: string;
  @ApiProperty() total: number;
  @ApiProperty({ type: [PrintSubjectView] }) subjects: PrintSubjectView[];
}

export class PrintableView {
  @ApiProperty({ type: ContestRef }) contest: ContestRef;
  @ApiProperty({ type: SchoolInfo }) school: SchoolInfo;
  @ApiProperty({ enum: LIST_STATES }) state: ListState;
  @ApiProperty({ nullable: true, type: String }) submittedAt: string | null;
  @ApiProperty({ example: '2025-11-20', description: 'the date printed on the page' }) date: string;
  @ApiProperty({ type: [PrintGroupView] }) groups: PrintGroupView[];
  @ApiProperty({ type: [PrintEntryView], description: 'excluded and exempted teachers, with the reason' }) others: PrintEntryView[];
  @ApiProperty({ type: ListCountsView }) counts: ListCountsView;
}
