import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AwardKind, AwardRoundState } from '../awards.entity';
import { AwardView } from './awards.dto';

/** What the public verification page shows: never the ID number. */
export class PublicCertificateView {
  @ApiProperty({ example: 'c2025-final-0001' }) number: string;
  @ApiProperty({ enum: ['teacher', 'school'], description: 'the holder: the teacher (a prize), or the school as an organisation (a team or organisation award)' })
  holderKind: 'teacher' | 'school';
  @ApiProperty({ description: "the teacher's name, or the school's for a team or organisation award" }) holderName: string;
  @ApiProperty({ description: "the teacher's school; for a school award the holder itself" }) schoolName: string;
  @ApiProperty({ example: '宿城区', description: "the holder's district" }) districtName: string;
  @ApiProperty({ example: '一等奖' }) award: string;
  @ApiProperty({ type: String, nullable: true, example: '数学·小学青年组' }) group: string | null;
  @ApiProperty({ example: '决赛' }) round: string;
  @ApiProperty() contest: string;
  @ApiProperty({ example: '宿迁市教育局' }) issuingBody: string;
  @ApiProperty({ example: '2025-12-31', description: 'the date the list became final (UTC date of the instant; pages show Beijing time from issuedAt)' }) issuedOn: string;
  @ApiProperty() issuedAt: string;
}

export class CertificateView extends PublicCertificateView {
  @ApiProperty({ description: 'the public verification address the QR code carries' }) verifyUrl: string;
  @ApiProperty({ description: 'the QR code of verifyUrl as SVG' }) qrSvg: string;
  @ApiProperty() awardId: number;
  @ApiProperty() schoolId: number;
  @ApiProperty({ enum: ['prize', 'single-item', 'team', 'organisation'] }) kind: AwardKind;
}

export class SchoolAwardView extends AwardView {
  @ApiProperty({ enum: ['semifinal', 'final'] }) round: 'semifinal' | 'final';
  @ApiProperty() roundName: string;
  @ApiProperty({ enum: ['computed', 'published', 'final'] }) listState: AwardRoundState;
  @ApiProperty({ type: String, nullable: true }) group: string | null;
  @ApiProperty({ type: String, enum: ['valid', 'pending', 'revoked'], nullable: true, description: 'null: no number yet; pending: waits for a supplementary notice correcting the award' })
  certificateState: 'valid' | 'pending' | 'revoked' | null;
  @ApiPropertyOptional({ type: CertificateView, nullable: true }) certificate: CertificateView | null;
}

export class SchoolAwardsView {
  @ApiProperty() schoolId: number;
  @ApiProperty() schoolName: string;
  @ApiProperty({ type: [SchoolAwardView] }) awards: SchoolAwardView[];
}
