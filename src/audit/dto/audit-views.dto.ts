/** The response bodies of the audit endpoints. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class AuditEntryView {
  @ApiProperty() seq: number;
  @ApiProperty() at: string;
  @ApiProperty() actor: string;
  @ApiProperty() action: string;
  @ApiProperty() entityType: string;
  @ApiProperty() entityId: string;
  @ApiProperty({ nullable: true, type: String, description: 'canonical JSON' }) before: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'canonical JSON' }) after: string | null;
  @ApiProperty() prevHash: string;
  @ApiProperty() hash: string;
}

export class ChainHeadView {
  @ApiProperty() seq: number;
  @ApiProperty() hash: string;
}

/** The chain walked: intact (count, head) or the first entry found edited or removed (seq, problem, message, checked). */
export class AuditVerifyView {
  @ApiProperty() intact: boolean;
  @ApiPropertyOptional({ description: 'intact: the entries' }) count?: number;
  @ApiPropertyOptional({ type: ChainHeadView, nullable: true, description: 'intact: the last entry (null when the log is empty)' }) head?: ChainHeadView | null;
  @ApiPropertyOptional({ description: 'broken: the first entry found edited or removed' }) seq?: number;
  @ApiPropertyOptional({ enum: ['edited', 'removed', 'out-of-order'], description: 'broken: what is wrong' }) problem?: string;
  @ApiPropertyOptional({ description: 'broken: the same for people' }) message?: string;
  @ApiPropertyOptional({ description: 'broken: entries checked and found good before the problem' }) checked?: number;
}
