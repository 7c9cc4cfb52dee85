/** The upload's preview (every change before it is applied) and the apply request. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class UploadColumnView {
  @ApiProperty({ enum: ['name', 'idNumber', 'subject', 'stage'] }) field: string;
  @ApiProperty({ example: 'B' }) letter: string;
  @ApiProperty({ example: '身份证号码', description: 'the header text as found in the file' }) header: string;
}

export class IgnoredColumnView {
  @ApiProperty({ example: 'E' }) letter: string;
  @ApiProperty({ example: '备注' }) header: string;
}

export class UploadNoticeView {
  @ApiProperty({ enum: ['sheet', 'ignored-columns', 'other-sheets', 'normalised', 'subject-synonym'] }) kind: string;
  @ApiProperty({ description: 'the notice for the clerk, in Chinese' }) messageZh: string;
  @ApiProperty({ type: [Number], description: 'the rows it concerns (empty: the whole file)' }) rows: number[];
}

export class PreviewCreatedView {
  @ApiProperty() row: number;
  @ApiProperty() name: string;
  @ApiProperty() idNumber: string;
  @ApiProperty() subjectName: string;
  @ApiProperty({ nullable: true, type: String, description: '小学/初中 (nine-year schools)' }) stageName: string | null;
}

export class FieldChangeView {
  @ApiProperty({ enum: ['name', 'subject', 'stage'] }) field: string;
  @ApiProperty({ example: '姓名' }) column: string;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
}

export class PreviewChangedView {
  @ApiProperty() row: number;
  @ApiProperty() teacherId: number;
  @ApiProperty({ description: 'the name as registered' }) name: string;
  @ApiProperty({ type: [FieldChangeView] }) changes: FieldChangeView[];
  @ApiProperty({ description: "true when a registered teacher's name changes (a typo renames a real person)" }) unusual: boolean;
  @ApiPropertyOptional({ description: 'why it is unusual, in Chinese' }) unusualZh?: string;
}

export class PreviewUnchangedView {
  @ApiProperty() row: number;
  @ApiProperty() teacherId: number;
  @ApiProperty() name: string;
}

export class PreviewNotInFileView {
  @ApiProperty() id: number;
  @ApiProperty() name: string;
}

export class PreviewCountsView {
  @ApiProperty() created: number;
  @ApiProperty() changed: number;
  @ApiProperty() unchanged: number;
  @ApiProperty() notInFile: number;
  @ApiProperty({ description: 'changes flagged as unusual (name changes)' }) unusual: number;
}

export class UploadPreviewView {
  @ApiProperty({ example: '教师名单', description: 'the sheet read' }) sheet: string;
  @ApiProperty({ example: 2, description: 'the row of the header in that sheet' }) headerRow: number;
  @ApiProperty({ description: 'data rows read' }) rows: number;
  @ApiProperty({ type: [UploadColumnView] }) columns: UploadColumnView[];
  @ApiProperty({ type: [IgnoredColumnView] }) ignoredColumns: IgnoredColumnView[];
  @ApiProperty({ type: [UploadNoticeView] }) notices: UploadNoticeView[];
  @ApiProperty({ type: [PreviewCreatedView] }) created: PreviewCreatedView[];
  @ApiProperty({ type: [PreviewChangedView] }) changed: PreviewChangedView[];
  @ApiProperty({ type: [PreviewUnchangedView] }) unchanged: PreviewUnchangedView[];
  @ApiProperty({ type: [PreviewNotInFileView], description: "the school's registered teachers not in the file (kept)" }) notInFile: PreviewNotInFileView[];
  @ApiProperty({ type: PreviewCountsView }) counts: PreviewCountsView;
  @ApiProperty({ description: 'send with the same file to …/upload/apply; bound to this file and to the list as it is now' }) confirmToken: string;
}

/** The text field sent with the file to …/upload/apply (multipart/form-data). */
export class ApplyUploadDto {
  @ApiProperty({ description: "the preview's confirmToken" })
  @IsString()
  @MaxLength(400)
  confirmToken: string;
}
