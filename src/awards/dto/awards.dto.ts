import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { TrimmedText } from '../../common/validators';
import type { GroupCode, PrizeCode } from '../../domain/preset';
import type { AwardKind, AwardRoundCode, AwardRoundState, AwardStatus } from '../awards.entity';
import type { AwardReport } from '../awards.model';

export class ComputeAwardsDto {
  @ApiProperty({ enum: ['semifinal', 'final'], description: "semifinal: the district admin's own district; final: the city admin" })
  @IsIn(['semifinal', 'final'])
  round: AwardRoundCode;

  @ApiPropertyOptional({ description: "the semi-final's district (a district admin: its own, by default)" })
  @IsOptional()
  @IsInt()
  @Min(1)
  districtId?: number;
}

export class AwardOptionsDto {
  @ApiPropertyOptional({ description: 'every non-empty prize group gets at least one first prize (default off)' })
  @IsOptional()
  @IsBoolean()
  firstPrizeInEveryGroup?: boolean;

  @ApiPropertyOptional({ description: 'excellent team award: whole percent of each ranking (default 30)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  teamShare?: number;

  @ApiPropertyOptional({ description: 'organisation award: participation threshold, whole percent (default 90)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  participationPercent?: number;

  @ApiPropertyOptional({ description: 'single-item awards (default off)' })
  @IsOptional()
  @IsBoolean()
  singleItemAwards?: boolean;
}

export class AwardOptionsView {
  @ApiProperty() firstPrizeInEveryGroup: boolean;
  @ApiProperty() teamShare: number;
  @ApiProperty() participationPercent: number;
  @ApiProperty() singleItemAwards: boolean;
}

export class AwardView {
  @ApiProperty() id: number;
  @ApiProperty({ enum: ['prize', 'single-item', 'team', 'organisation'] }) kind: AwardKind;
  @ApiProperty({ type: String, enum: ['first', 'second', 'third'], nullable: true }) prize: PrizeCode | null;
  @ApiProperty({ example: '一等奖' }) label: string;
  @ApiProperty({ type: String, nullable: true, example: 'math-primary-youth' }) groupKey: string | null;
  @ApiProperty({ type: String, nullable: true }) subject: string | null;
  @ApiProperty({ type: String, nullable: true }) groupCode: GroupCode | null;
  @ApiProperty({ type: Number, nullable: true }) entrantId: number | null;
  @ApiProperty({ description: "the teacher's name, or the school's for a school award" }) holderName: string;
  @ApiProperty() schoolId: number;
  @ApiProperty() schoolName: string;
  @ApiProperty({ type: String, nullable: true, example: '320102********1234' }) maskedId: string | null;
  @ApiProperty({ type: Number, nullable: true }) rank: number | null;
  @ApiProperty({ description: 'order in the round’s list (the certificate number’s NNNN)' }) position: number;
  @ApiProperty({ enum: ['active', 'revoked'] }) status: AwardStatus;
  @ApiProperty({ type: String, nullable: true }) revokedReason: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'c2025-final-0001' }) certificateNo: string | null;
  @ApiProperty({ enum: ['teacher', 'school'], description: 'who holds the award and its certificate: the teacher (a prize), the school as an organisation (a team or organisation award)' })
  holderKind: 'teacher' | 'school';
  @ApiProperty({ type: Number, nullable: true, description: 'the supplementary notice (补充公示) that last changed the award; its certificate waits until that notice is final' })
  correctionNoticeId: number | null;
}

export class AwardRoundView {
  @ApiProperty() id: number;
  @ApiProperty() contestId: number;
  @ApiProperty({ enum: ['semifinal', 'final'] }) round: AwardRoundCode;
  @ApiProperty({ example: '决赛' }) roundName: string;
  @ApiProperty({ type: Number, nullable: true }) districtId: number | null;
  @ApiProperty({ enum: ['computed', 'published', 'final'] }) state: AwardRoundState;
  @ApiProperty() computedAt: string;
  @ApiProperty() computedBy: string;
  @ApiProperty({ type: String, nullable: true }) publishedAt: string | null;
  @ApiProperty({ type: Number, nullable: true }) noticeId: number | null;
  @ApiProperty({ type: String, nullable: true }) finalAt: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'the prize report of RULES §5: per group c_g, each level’s share, floor, remainder, tie order, count, cuts, tie shifts, the ranking with prizes; the team and organisation awards',
  })
  report: AwardReport;
  @ApiProperty({ type: [AwardView] }) awards: AwardView[];
}

export type AwardCorrectionAction = 'revoke' | 'reinstate' | 'amend';

/** A correction of a published award list, announced as a supplementary notice (补充公示). */
export class CorrectAwardDto {
  @ApiProperty({ description: 'the award to correct (an award of this round)' })
  @IsInt()
  @Min(1)
  awardId: number;

  @ApiProperty({
    enum: ['revoke', 'reinstate', 'amend'],
    description: 'revoke: the award was given in error; reinstate: a removed award is given back; amend: the holder’s or the school’s name as printed is corrected (the award itself never changes: counts are not recomputed)',
  })
  @IsIn(['revoke', 'reinstate', 'amend'])
  action: AwardCorrectionAction;

  @ApiProperty({ example: '该教师复赛成绩录入有误，经复核不应获奖', description: 'printed in the supplementary notice (at most 60 characters)' })
  @TrimmedText(60)
  reason: string;

  @ApiPropertyOptional({ description: 'amend: the corrected name of the holder (the teacher, or the school for a team or organisation award)' })
  @IsOptional()
  @TrimmedText(100)
  holderName?: string;

  @ApiPropertyOptional({ description: "amend: the corrected name of a teacher's school" })
  @IsOptional()
  @TrimmedText(100)
  schoolName?: string;
}
