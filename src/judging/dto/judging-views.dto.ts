/** The response bodies of the judging endpoints (panels, links, the judge's side, progress and results). */
import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { AggregationView } from '../../contests/contest-settings.dto';
import { GROUPS, ROUNDS, SheetItemView, SheetView } from './judging.dto';

const PANEL_STATES = ['open', 'locked'];
const SHEET_STATES = ['none', 'draft', 'submitted'];

// ---------------------------------------------------------------- sheets

export class SchoolSheetView extends SheetView {
  @ApiProperty({ description: "true: the school's own sheet; false: the base sheet" }) own: boolean;
}

// ---------------------------------------------------------------- panels

export class JudgeAccountView {
  @ApiProperty() id: number;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: Number, nullable: true }) schoolId: number | null;
  @ApiProperty({ type: Number, nullable: true }) districtId: number | null;
}

export class PanelJudgeSeatView extends PickType(JudgeAccountView, ['username', 'displayName', 'schoolId', 'districtId'] as const) {
  @ApiProperty() accountId: number;
  @ApiProperty({ type: String, nullable: true, description: "the judge's school, by name" }) schoolName: string | null;
  @ApiProperty() isHead: boolean;
}

export class PanelContestantView {
  @ApiProperty() entrantId: number;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() schoolId: number;
  @ApiProperty() districtId: number;
  @ApiProperty() subject: string;
  @ApiProperty({ enum: GROUPS }) groupCode: string;
  @ApiProperty({ description: 'order of appearance, from 1' }) position: number;
}

export class PanelView {
  @ApiProperty() id: number;
  @ApiProperty() contestId: number;
  @ApiProperty() code: string;
  @ApiProperty({ example: '新河镇中心小学 · 第一场（上午）', description: 'what pages call the panel: its organiser and session' }) name: string;
  @ApiProperty({ enum: ROUNDS }) round: string;
  @ApiProperty({ enum: GROUPS }) groupCode: string;
  @ApiProperty() session: string;
  @ApiProperty({ type: String, nullable: true, description: "the contest's subject the panel judges (null: any subject)" }) subject: string | null;
  @ApiProperty({ type: String, nullable: true }) room: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2025-12-09' }) sessionDate: string | null;
  @ApiProperty({ type: String, nullable: true, example: '08:30' }) sessionTime: string | null;
  @ApiProperty({ type: Number, nullable: true, description: "the round's plan that made the panel (null: made by hand)" }) planId: number | null;
  @ApiProperty({ type: [String], enum: GROUPS, nullable: true, description: "the groups a plan merged onto the panel (null: only groupCode's)" }) mergedGroups: string[] | null;
  @ApiProperty({ type: Number, nullable: true }) schoolId: number | null;
  @ApiProperty({ type: Number, nullable: true }) districtId: number | null;
  @ApiProperty({ enum: PANEL_STATES }) state: string;
  @ApiProperty() announced: boolean;
  @ApiProperty({ type: String, nullable: true, enum: ['manual', 'draw'] }) orderSource: string | null;
  @ApiProperty() drawn: boolean;
  @ApiProperty({ type: String, nullable: true }) lockedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) announcedAt: string | null;
  @ApiPropertyOptional({ description: 'the caller may change the panel' }) canManage?: boolean;
  @ApiProperty({ type: [PanelJudgeSeatView] }) judges: PanelJudgeSeatView[];
  @ApiProperty({ type: [PanelContestantView], description: 'in order of appearance' }) contestants: PanelContestantView[];
}

export class PanelCandidateView extends PickType(PanelContestantView, ['entrantId', 'code', 'name', 'schoolId', 'subject'] as const) {}

export class EntropySourceRecordView {
  @ApiProperty() name: string;
  @ApiPropertyOptional() description?: string;
}

export class DrawUnitRecordView {
  @ApiProperty() code: string;
  @ApiProperty() seed: string;
  @ApiProperty() n: number;
  @ApiProperty() d: number;
  @ApiProperty({ type: [String], description: 'entrant codes drawn, in order' }) drawn: string[];
  @ApiProperty({ type: [String] }) reserve: string[];
  @ApiProperty() shortfall: number;
}

/** A contest-draw/1 record (as the draw-record download holds it). */
export class DrawRecordView {
  @ApiProperty({ enum: ['contest-draw/1'] }) protocol: 'contest-draw/1';
  @ApiProperty() contestCode: string;
  @ApiProperty() roundCode: string;
  @ApiProperty({ type: String, nullable: true }) announcedAt: string | null;
  @ApiProperty() poolHash: string;
  @ApiProperty({ description: 'the exact snapshot text whose sha256 is poolHash' }) pool: string;
  @ApiProperty({ type: [EntropySourceRecordView] }) entropySources: EntropySourceRecordView[];
  @ApiProperty({ type: [String] }) entropy: string[];
  @ApiProperty() entropyString: string;
  @ApiProperty() master: string;
  @ApiProperty({ type: [DrawUnitRecordView] }) units: DrawUnitRecordView[];
}

export class PanelDrawView {
  @ApiProperty({ type: PanelView }) panel: PanelView;
  @ApiProperty({ type: DrawRecordView }) record: DrawRecordView;
}

// ---------------------------------------------------------------- the judge's side

export class MyPanelSummaryView {
  @ApiProperty() id: number;
  @ApiProperty() code: string;
  @ApiProperty({ example: '新河镇中心小学 · 第一场（上午）', description: 'what pages call the panel: its organiser and session' }) name: string;
  @ApiProperty() contestName: string;
  @ApiProperty({ enum: ROUNDS }) round: string;
  @ApiProperty({ enum: GROUPS }) groupCode: string;
  @ApiProperty() session: string;
  @ApiProperty({ enum: PANEL_STATES }) state: string;
  @ApiProperty() isHead: boolean;
  @ApiProperty({ description: 'contestants on the panel' }) contestants: number;
  @ApiProperty({ description: "the judge's submitted sheets" }) submitted: number;
}

export class MyPanelHeadView extends PickType(MyPanelSummaryView, ['id', 'code', 'name', 'round', 'groupCode', 'session', 'state', 'contestName'] as const) {}

export class MyJudgeView {
  @ApiProperty() id: number;
  @ApiProperty() displayName: string;
  @ApiProperty() isHead: boolean;
}

export class MyContestantView {
  @ApiProperty() entrantId: number;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() subject: string;
  @ApiProperty() subjectName: string;
  @ApiProperty() position: number;
  @ApiProperty({ description: 'a conflict of interest: the judge may not score this contestant' }) conflict: boolean;
  @ApiProperty({ type: [SheetItemView], description: 'the sheet the contestant is scored on' }) items: SheetItemView[];
  @ApiProperty({ enum: SHEET_STATES }) state: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: [String], description: "the judge's scores per item ('' when none)" }) scores: string[];
  @ApiProperty({ type: String, nullable: true }) total: string | null;
}

export class MyPanelView {
  @ApiProperty({ type: MyPanelHeadView }) panel: MyPanelHeadView;
  @ApiProperty({ type: MyJudgeView }) judge: MyJudgeView;
  @ApiProperty({ type: [MyContestantView] }) contestants: MyContestantView[];
}

// ---------------------------------------------------------------- progress, results, versions

export class PanelHeadView extends PickType(PanelView, ['id', 'code', 'name', 'round', 'groupCode', 'session', 'state', 'announced'] as const) {}

export class ResultJudgeView extends PickType(PanelJudgeSeatView, ['accountId', 'displayName', 'username', 'isHead'] as const) {}

export class ProgressJudgeView extends ResultJudgeView {
  @ApiProperty() submitted: number;
  @ApiProperty() drafts: number;
}

export class ProgressCellView {
  @ApiProperty() judgeId: number;
  @ApiProperty({ enum: SHEET_STATES }) state: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, nullable: true }) total: string | null;
}

export class ProgressRowView extends PickType(PanelContestantView, ['entrantId', 'code', 'name', 'position'] as const) {
  @ApiProperty({ type: [ProgressCellView], description: 'one per judge, in the order of `judges`' }) cells: ProgressCellView[];
}

export class ScoringProgressView {
  @ApiProperty({ type: PanelHeadView }) panel: PanelHeadView;
  @ApiProperty({ type: [ProgressJudgeView] }) judges: ProgressJudgeView[];
  @ApiProperty({ type: [ProgressRowView] }) contestants: ProgressRowView[];
  @ApiProperty({ description: 'judges × contestants' }) expected: number;
  @ApiProperty() submitted: number;
  @ApiProperty() complete: boolean;
}

export class FractionView {
  @ApiProperty({ example: '181' }) num: string;
  @ApiProperty({ example: '2' }) den: string;
}

export class ResultItemView extends SheetItemView {
  @ApiProperty({ type: String, nullable: true }) score: string | null;
}

export class JudgeTotalView {
  @ApiProperty() judgeId: number;
  @ApiProperty() total: string;
}

export class OutlierFlagView {
  @ApiProperty() judgeId: number;
  @ApiProperty({ enum: ['far-from-median'] }) rule: string;
  @ApiProperty() total: string;
  @ApiProperty() medianOfOthers: string;
  @ApiProperty({ example: '-12.50' }) difference: string;
}

export class ContestantResultView {
  @ApiProperty() entrantId: number;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() subject: string;
  @ApiProperty() position: number;
  @ApiProperty({ description: 'submitted sheets' }) submitted: number;
  @ApiProperty({ description: 'judges of the panel' }) judges: number;
  @ApiProperty() complete: boolean;
  @ApiProperty({ type: [ResultItemView] }) items: ResultItemView[];
  @ApiProperty({ type: String, nullable: true }) total: string | null;
  @ApiProperty({ type: FractionView, nullable: true }) exactTotal: FractionView | null;
  @ApiProperty({ type: Number, nullable: true, description: "judges' totals dropped at each end (0: the plain mean)" }) trimmedEachEnd: number | null;
  @ApiProperty({ type: [JudgeTotalView] }) judgeTotals: JudgeTotalView[];
  @ApiProperty({ type: [OutlierFlagView] }) flags: OutlierFlagView[];
  @ApiProperty({ type: Number, nullable: true }) rank: number | null;
  @ApiProperty() rankGroup: string;
}

export class JudgeBiasView {
  @ApiProperty() judgeId: number;
  @ApiProperty({ description: 'contestants on which the judge could be compared' }) contestants: number;
  @ApiProperty({ type: String, nullable: true, example: '-1.25' }) averageDeviation: string | null;
  @ApiProperty({ type: FractionView, nullable: true }) exactAverage: FractionView | null;
  @ApiProperty({ type: String, nullable: true, enum: ['harsh', 'lenient'] }) flag: 'harsh' | 'lenient' | null;
}

export class ResultsView {
  @ApiProperty({ type: PanelHeadView }) panel: PanelHeadView;
  @ApiProperty({ enum: ['trimmed-mean', 'mean', 'median'] }) method: string;
  @ApiProperty({ type: AggregationView }) aggregation: AggregationView;
  @ApiProperty() complete: boolean;
  @ApiProperty({ type: [ResultJudgeView] }) judges: ResultJudgeView[];
  @ApiProperty({ type: [ContestantResultView] }) contestants: ContestantResultView[];
  @ApiProperty({ type: [JudgeBiasView] }) bias: JudgeBiasView[];
}

export class SheetVersionView {
  @ApiProperty() sheetId: number;
  @ApiProperty() judgeId: number;
  @ApiProperty() entrantId: number;
  @ApiProperty() code: string;
  @ApiProperty({ type: Number, nullable: true, description: "the sheet's version this entry made; null for a rejected entry" }) version: number | null;
  @ApiProperty({ enum: ['draft', 'submitted'] }) state: string;
  @ApiProperty({ enum: ['save', 'submit', 'reopen', 'rejected'] }) action: string;
  @ApiProperty({ type: [String] }) scores: string[];
  @ApiProperty() total: string;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'the version the entry was based on' }) basedOn: number | null;
  @ApiProperty({ type: String, nullable: true }) clientId: string | null;
  @ApiProperty() at: string;
  @ApiProperty() by: string;
  @ApiProperty({ description: "the actor's display name" }) byName: string;
}

export class LockedResultView {
  @ApiProperty() entrantId: number;
  @ApiProperty() total: string;
}

export class LockView {
  @ApiProperty() id: number;
  @ApiProperty({ enum: ['locked'] }) state: string;
  @ApiProperty() lockedAt: string;
  @ApiProperty({ type: [LockedResultView] }) results: LockedResultView[];
}

export class AnnounceView {
  @ApiProperty() id: number;
  @ApiProperty({ enum: [true] }) announced: boolean;
  @ApiProperty({ type: String, nullable: true }) announcedAt: string | null;
}
