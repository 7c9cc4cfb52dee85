import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { IsCalendarDate, TrimmedText, trimmed } from '../../common/validators';

/** Control characters other than tab, line feed and carriage return. */
const NO_CONTROL = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/;
const NO_CONTROL_LINE = /^[^\u0000-\u001F\u007F]*$/;

export class PublishPreliminaryDto {
  @ApiProperty() @IsInt() @Min(1) schoolId: number;
  @ApiPropertyOptional({ example: '区教育局教师发展中心 0527-8888888' })
  @IsOptional()
  @TrimmedText(300)
  objectionContact?: string;
}

export class PublishFromDrawDto {
  @ApiProperty({ description: 'a published draw (semi-final: its district; final: every district)' }) @IsInt() @Min(1) drawId: number;
  @ApiPropertyOptional() @IsOptional() @TrimmedText(300) objectionContact?: string;
}

export class LodgeObjectionDto {
  @ApiProperty({ example: '张三', description: 'real name, 1–50 characters' })
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  @Matches(NO_CONTROL_LINE, { message: 'name must not contain control characters' })
  name: string;

  @ApiProperty({ example: '13812345678', description: 'a mobile or landline phone number, or an e-mail address' })
  @Transform(trimmed)
  @IsString()
  @MaxLength(100)
  @Matches(/^(?:\+?[0-9][0-9 -]{5,19}[0-9]|[^\s@\u0000-\u001F]{1,64}@[^\s@\u0000-\u001F]+\.[^\s@\u0000-\u001F]{2,})$/, { message: 'contact must be a phone number or an e-mail address' })
  contact: string;

  @ApiPropertyOptional({ description: 'the row of the notice concerned; omit for the list as a whole' })
  @IsOptional()
  @IsInt()
  @Min(1)
  rowId?: number;

  @ApiProperty({ description: 'grounds, 1–2,000 characters' })
  @Transform(trimmed)
  @IsString()
  @MinLength(1, { message: 'grounds must not be empty' })
  @MaxLength(2000, { message: 'grounds must be at most 2000 characters' })
  @Matches(NO_CONTROL, { message: 'grounds must not contain control characters' })
  grounds: string;
}

export class ResolveObjectionDto {
  @ApiProperty({ enum: ['upheld', 'rejected'] }) @IsIn(['upheld', 'rejected']) decision: 'upheld' | 'rejected';
  @ApiProperty({ example: '经核实，该教师学历信息属实' }) @TrimmedText(1000) reason: string;
  @ApiPropertyOptional({ description: 'upheld because the information was falsified: the entrant is disqualified and the case recorded against the school' })
  @IsOptional()
  @IsBoolean()
  falsified?: boolean;
  @ApiPropertyOptional({ description: 'a recommended place: the last day for the unit to recommend again' })
  @ValidateIf((o: ResolveObjectionDto) => o.replacementDeadline !== undefined)
  @IsCalendarDate()
  replacementDeadline?: string;
}

export class ExcludeDistrictDto {
  @ApiProperty() @IsInt() @Min(1) districtId: number;
  @ApiProperty({ example: '本区县未举办复赛' }) @TrimmedText(500) reason: string;
}

// ------------------------------------------------------------------ responses

export class AuditHeadDto {
  @ApiProperty() seq: number;
  @ApiProperty() hash: string;
}

export class NoticeSummaryDto {
  @ApiProperty() id: number;
  @ApiProperty() contestId: number;
  @ApiProperty({ enum: ['preliminary', 'semifinalists', 'finalists', 'semifinal-awards', 'final-awards'] }) kind: string;
  @ApiProperty() kindName: string;
  @ApiProperty() scopeKey: string;
  @ApiProperty() title: string;
  @ApiProperty() issuerName: string;
  @ApiProperty() resolverName: string;
  @ApiProperty() rowCount: number;
  @ApiProperty() publishedAt: string;
  @ApiProperty() opens: string;
  @ApiProperty() closes: string;
  @ApiProperty() closesAt: string;
  @ApiProperty() calendarCovers: boolean;
  @ApiProperty({ enum: ['draft', 'published', 'closed', 'final'] }) state: string;
  @ApiProperty() workingDaysLeft: number;
  @ApiProperty() pendingObjections: number;
  @ApiProperty({ type: Number, nullable: true }) supplementsNoticeId: number | null;
  @ApiProperty({ type: [Number] }) supplementedBy: number[];
  @ApiProperty({ type: AuditHeadDto }) auditHead: AuditHeadDto;
}

export class NoticeRowDto {
  @ApiProperty() id: number;
  @ApiProperty() position: number;
  @ApiProperty() teacherName: string;
  @ApiProperty() schoolName: string;
  @ApiProperty() subject: string;
  @ApiProperty() group: string;
  @ApiProperty() maskedId: string;
  @ApiProperty() note: string;
}

export class NoticeWindowDto {
  @ApiProperty() days: number;
  @ApiProperty() opens: string;
  @ApiProperty() closes: string;
  @ApiProperty() closesAt: string;
  @ApiProperty({ type: [String] }) workingDays: string[];
  @ApiProperty() calendarCovers: boolean;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
}

export class NoticeRefDto {
  @ApiProperty() id: number;
  @ApiProperty() title: string;
}

export class PublicNoticeDto {
  @ApiProperty() id: number;
  @ApiProperty() contestId: number;
  @ApiProperty() contestName: string;
  @ApiProperty() kind: string;
  @ApiProperty() kindName: string;
  @ApiProperty() roundCode: string;
  @ApiProperty() title: string;
  @ApiProperty() issuerName: string;
  @ApiProperty() resolverName: string;
  @ApiProperty() objectionContact: string;
  @ApiProperty() publishedAt: string;
  @ApiProperty({ type: NoticeWindowDto }) window: NoticeWindowDto;
  @ApiProperty({ type: AuditHeadDto }) auditHead: AuditHeadDto;
  @ApiProperty() contentHash: string;
  @ApiPropertyOptional({ type: NoticeRefDto, nullable: true }) supplements: NoticeRefDto | null;
  @ApiProperty({ type: [NoticeRowDto] }) rows: NoticeRowDto[];
}

export class ReceiptDto {
  @ApiProperty({ example: 'ABCD-EFGH-JKMN' }) receiptCode: string;
  @ApiProperty() noticeId: number;
  @ApiProperty() lodgedAt: string;
}

export class DecisionDto {
  @ApiProperty({ enum: ['upheld', 'rejected'] }) decision: string;
  @ApiProperty() reason: string;
  @ApiProperty() resolvedAt: string;
  @ApiProperty({ type: Number, nullable: true }) supplementaryNoticeId: number | null;
}

export class ReceiptStatusDto {
  @ApiProperty() receiptCode: string;
  @ApiProperty() noticeId: number;
  @ApiProperty() noticeTitle: string;
  @ApiProperty() resolverName: string;
  @ApiProperty() concerns: string;
  @ApiProperty({ enum: ['pending', 'upheld', 'rejected'] }) state: string;
  @ApiProperty() lodgedAt: string;
  @ApiPropertyOptional({ type: DecisionDto, nullable: true }) decision: DecisionDto | null;
}

/** The row an objection concerns: the notice's row without its position. */
export class ObjectionRowDto extends OmitType(NoticeRowDto, ['position'] as const) {}

export class ResolutionDto {
  @ApiProperty() decision: string;
  @ApiProperty() falsified: boolean;
  @ApiProperty() reason: string;
  @ApiProperty() outcome: string;
  @ApiProperty({ type: Number, nullable: true }) supplementaryNoticeId: number | null;
  @ApiProperty() resolvedBy: string;
  @ApiProperty({ description: "the decider's display name" }) resolvedByName: string;
  @ApiProperty() resolvedAt: string;
}

export class ObjectionDto {
  @ApiProperty() id: number;
  @ApiProperty() noticeId: number;
  @ApiProperty() noticeTitle: string;
  @ApiProperty() kind: string;
  @ApiProperty() receiptCode: string;
  @ApiProperty({ description: 'seen only by the resolving body' }) objectorName: string;
  @ApiProperty({ description: 'seen only by the resolving body' }) objectorContact: string;
  @ApiProperty() grounds: string;
  @ApiPropertyOptional({ type: ObjectionRowDto, nullable: true }) row: ObjectionRowDto | null;
  @ApiProperty({ enum: ['pending', 'upheld', 'rejected'] }) state: string;
  @ApiProperty() lodgedAt: string;
  @ApiPropertyOptional({ type: ResolutionDto, nullable: true }) resolution: ResolutionDto | null;
}

export class PendingCountDto {
  @ApiProperty() pending: number;
}

export class AnnounceRequestDto {
  @ApiProperty({ example: '/api/contests/1/notices/preliminary' }) path: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { schoolId: 3 }, description: 'the JSON body to send' })
  body: Record<string, number>;
}

export class ReadyListDto {
  @ApiProperty() kind: string;
  @ApiProperty() scopeKey: string;
  @ApiProperty() title: string;
  @ApiProperty() rows: number;
  @ApiProperty({ type: AnnounceRequestDto, description: 'the request that announces it: POST path with body' }) action: AnnounceRequestDto;
}

export class OpenListDto {
  @ApiProperty() kind: string;
  @ApiProperty() scopeKey: string;
  @ApiProperty() label: string;
  @ApiProperty({ type: Number, nullable: true }) noticeId: number | null;
  @ApiProperty({ type: String, nullable: true }) title: string | null;
  @ApiProperty({ enum: ['published', 'closed', 'not-published'] }) state: string;
  @ApiProperty({ type: String, nullable: true }) closesOn: string | null;
  @ApiProperty({ type: String, nullable: true }) closesAt: string | null;
  @ApiProperty() pendingObjections: number;
}

export class FinalExclusionDto {
  @ApiProperty() id: number;
  @ApiProperty() contestId: number;
  @ApiProperty() districtId: number;
  @ApiProperty() reason: string;
  @ApiProperty() createdBy: string;
  @ApiProperty() createdAt: string;
}
