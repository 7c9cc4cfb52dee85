/** The contest's settings as the API shows them (ContestView.settings): the rest of the preset, typed field by field. */
import { ApiProperty } from '@nestjs/swagger';

const GROUP_CODES = ['primary-youth', 'junior-youth', 'senior'];
const FEATURED_KINDS = ['instrument', 'drawing', 'sport', 'it', 'speech', 'design'];

/** One item of a score sheet: its points are its weight (whole points; a sheet totals 100). */
export class SheetItemDefView {
  @ApiProperty({ example: 'classroom' }) key: string;
  @ApiProperty({ example: '课堂教学' }) name: string;
  @ApiProperty({ example: 45 }) points: number;
}

export class SheetsView {
  @ApiProperty({ type: [SheetItemDefView] }) preliminary: SheetItemDefView[];
  @ApiProperty({ type: [SheetItemDefView] }) semifinal: SheetItemDefView[];
  @ApiProperty({ type: [SheetItemDefView], description: 'the featured item is labelled per subject' }) final: SheetItemDefView[];
}

/** How the judges' sheets of a contestant become the result. */
export class AggregationView {
  @ApiProperty({ enum: ['trimmed-mean', 'mean', 'median'] }) method: string;
  @ApiProperty({ description: "judges' totals dropped at each end for the trimmed mean" }) trimEachEnd: number;
  @ApiProperty({ description: 'the trimmed mean applies from this panel size on' }) trimFromPanelSize: number;
  @ApiProperty({ description: 'a judge this far from the median of the others is flagged' }) outlierPoints: number;
}

export class SubjectNamesView {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { 信息科技: 'it' }, description: 'other name → subject code' })
  synonyms: Record<string, string>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', enum: ['primary', 'junior'] }, example: { 小学: 'primary' }, description: 'prefix → stage' })
  stagePrefixes: Record<string, string>;
}

export class GroupView {
  @ApiProperty({ enum: GROUP_CODES }) code: string;
  @ApiProperty({ example: '小学青年组' }) name: string;
}

export class ExclusionRuleView {
  @ApiProperty({ example: 5, description: 'a first prize within this many years excludes the teacher' }) priorFirstPrizeYears: number;
}

export class NearRetirementView {
  @ApiProperty({ example: '1965-09-01', description: 'born on or before: near retirement' }) male: string;
  @ApiProperty({ example: '1970-09-01' }) female: string;
}

export class AnnouncementRuleView {
  @ApiProperty({ example: 5, description: 'working days a notice stays open for objections' }) workingDays: number;
}

export class ContestSettingsView {
  @ApiProperty({ type: SubjectNamesView }) subjectNames: SubjectNamesView;
  @ApiProperty({
    type: 'object',
    properties: Object.fromEntries(FEATURED_KINDS.map((k) => [k, { type: 'string' }])),
    example: { instrument: '器乐演奏', speech: '即兴演讲' },
    description: "the final sheet's featured item, per kind",
  })
  featuredLabels: Record<string, string>;
  @ApiProperty({ type: [GroupView] }) groups: GroupView[];
  @ApiProperty({ type: ExclusionRuleView }) exclusion: ExclusionRuleView;
  @ApiProperty({ type: NearRetirementView }) nearRetirement: NearRetirementView;
  @ApiProperty({ type: SheetsView }) sheets: SheetsView;
  @ApiProperty({ type: AggregationView }) aggregation: AggregationView;
  @ApiProperty({ type: AnnouncementRuleView }) announcement: AnnouncementRuleView;
}
