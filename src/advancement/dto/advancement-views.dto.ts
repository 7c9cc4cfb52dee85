/** The response bodies of the advancement endpoints (allocations, recommendations, the draw ceremony, public draws). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { DrawState, TargetRound } from '../advancement.entity';
import { EntropySourceDto } from './advancement.dto';

const DRAW_STATES: DrawState[] = ['frozen', 'announced', 'entropy', 'run', 'published'];

// ---------------------------------------------------------------- allocations

export class AllocationTotalsView {
  @ApiProperty({ example: 30, description: 'whole percent of the entrants that advance' }) rate: number;
  @ApiProperty({ example: 60, description: "whole percent of a unit's places it recommends" }) recommendedShare: number;
  @ApiProperty({ description: 'N, the entrants of all units together' }) entrants: number;
  @ApiProperty({ description: 'T = round_half_up(rate × N / 100), the places' }) total: number;
  @ApiProperty({ description: 'Σ r over the units' }) recommended: number;
  @ApiProperty({ description: 'Σ d over the units' }) drawn: number;
  @ApiProperty({ example: '60.00', description: '100 × Σr / T, two decimals: the share actually recommended' }) recommendedPercent: string;
}

/** One unit's line of the allocation report (RULES §4). */
export class AllocationUnitView {
  @ApiProperty({ description: 'the school (semi-final) or district (final)' }) unitId: number;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: "n, the unit's entrants of the previous round" }) entrants: number;
  @ApiProperty({ example: '6.90', description: 'rate × n / 100, two decimals' }) share: string;
  @ApiProperty() floor: number;
  @ApiProperty({ example: '0.90' }) remainder: string;
  @ApiProperty({ description: '1-based position in the largest-remainder order' }) tieOrder: number;
  @ApiProperty({ enum: [0, 1], description: 'one of the leftover places' }) extra: number;
  @ApiProperty({ description: 'q = floor + extra' }) places: number;
  @ApiProperty({ description: 'r, the places the unit recommends' }) recommended: number;
  @ApiProperty({ description: 'd = q − r, the places drawn' }) drawn: number;
  @ApiProperty({ description: 'entrants the unit has recommended so far' }) recommendedSoFar: number;
}

export class DrawRefView {
  @ApiProperty() id: number;
  @ApiProperty({ enum: DRAW_STATES }) state: string;
}

export class AllocationView {
  @ApiProperty() id: number;
  @ApiProperty() contestId: number;
  @ApiProperty({ enum: ['semifinal', 'final'] }) round: TargetRound;
  @ApiProperty({ type: Number, nullable: true, description: 'the district (semi-final); null for the final' }) districtId: number | null;
  @ApiProperty({ example: '2025-12-10' }) recommendationDeadline: string;
  @ApiProperty() deadlinePassed: boolean;
  @ApiProperty({ description: 'recommendations started or the draw exists: no re-allocation' }) frozen: boolean;
  @ApiProperty({ type: DrawRefView, nullable: true }) draw: DrawRefView | null;
  @ApiProperty({ type: AllocationTotalsView }) totals: AllocationTotalsView;
  @ApiProperty({ type: [AllocationUnitView] }) units: AllocationUnitView[];
  @ApiProperty() createdBy: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

/** A unit's previous-round entrant, as a candidate for a recommendation. */
export class CandidateView {
  @ApiProperty({ description: 'the round_entrants id' }) entrantId: number;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'full or masked, as the caller may see it' }) idNumber: string;
  @ApiProperty() subject: string;
  @ApiProperty() groupCode: string;
  @ApiProperty() status: string;
  @ApiProperty({ description: 'has a result of the previous round' }) tookPart: boolean;
  @ApiProperty({ type: String, nullable: true, example: '88.50' }) total: string | null;
  @ApiProperty() recommended: boolean;
}

// ---------------------------------------------------------------- draws

export class DrawUnitView {
  @ApiProperty() unitId: number;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: "n, the unit's pool" }) n: number;
  @ApiProperty({ description: 'd, the places drawn' }) d: number;
}

export class DrawAnnouncementView {
  @ApiProperty() announcedAt: string;
  @ApiProperty() poolHash: string;
  @ApiProperty({ example: 'contest-draw/1' }) protocol: string;
  @ApiProperty({ type: [EntropySourceDto] }) entropySources: EntropySourceDto[];
}

export class AuditHeadView {
  @ApiProperty() seq: number;
  @ApiProperty() hash: string;
}

export class DrawView {
  @ApiProperty() id: number;
  @ApiProperty() allocationId: number;
  @ApiProperty() contestId: number;
  @ApiPropertyOptional({ example: '2025年全员培训·教学技能比赛', description: "the contest's name (the public views)" }) contestName?: string;
  @ApiProperty({ enum: ['semifinal', 'final'] }) round: string;
  @ApiProperty({ example: 'district:3', description: 'the scope key' }) scope: string;
  @ApiProperty() scopeName: string;
  @ApiProperty({ enum: DRAW_STATES }) state: DrawState;
  @ApiProperty({ example: 'contest-draw/1' }) protocol: string;
  @ApiProperty() frozenAt: string;
  @ApiProperty({ type: String, nullable: true, description: 'shown once announced (to the public) or always (to organisers)' }) poolHash: string | null;
  @ApiProperty({ type: [DrawUnitView], description: 'empty until announced (public)' }) units: DrawUnitView[];
  @ApiProperty({ type: DrawAnnouncementView, nullable: true }) announcement: DrawAnnouncementView | null;
  @ApiProperty({ type: [String], nullable: true, description: 'the entropy values as entered' }) entropy: string[] | null;
  @ApiProperty({ type: String, nullable: true }) entropyAt: string | null;
  @ApiProperty({ type: String, nullable: true }) runAt: string | null;
  @ApiProperty({ type: String, nullable: true }) publishedAt: string | null;
  @ApiProperty({ description: 'the record can be downloaded (record.json)' }) recordAvailable: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'the pool snapshot text (organisers only)' }) pool: string | null;
  @ApiProperty({ type: AuditHeadView, nullable: true, description: 'the audit chain head at publication' }) auditHead: AuditHeadView | null;
}

export class WithdrawalView {
  @ApiProperty({ enum: ['withdrawn', 'disqualified'] }) kind: string;
  @ApiProperty() reason: string;
  @ApiProperty() at: string;
  @ApiProperty({ enum: ['recommended', 'drawn'], description: 'the kind of place that fell free' }) place: string;
  @ApiProperty({ type: String, nullable: true, description: 'a recommended place: last day to recommend again' }) deadline: string | null;
  @ApiProperty() replacementId: number;
  @ApiProperty({ description: 'the place was filled again' }) filled: boolean;
}

/** An advanced entrant of a draw's scope, marked recommended / drawn / reserve. */
export class AdvancedView {
  @ApiProperty() entrantId: number;
  @ApiProperty() code: string;
  @ApiProperty() unitCode: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'masked unless the caller may see it in full' }) idNumber: string;
  @ApiProperty() schoolName: string;
  @ApiProperty() districtName: string;
  @ApiProperty() subject: string;
  @ApiProperty() groupCode: string;
  @ApiProperty({ example: 'drawn' }) source: string;
  @ApiProperty({ example: 'active' }) status: string;
  @ApiProperty({ type: WithdrawalView, nullable: true }) withdrawal: WithdrawalView | null;
  @ApiProperty({ type: String, nullable: true, description: 'the code of the entrant whose place this one took' }) replaces: string | null;
}

export class ReplacementView {
  @ApiProperty() id: number;
  @ApiProperty() drawId: number;
  @ApiProperty() unitCode: string;
  @ApiProperty({ enum: ['withdrawn', 'disqualified'] }) kind: string;
  @ApiProperty() reason: string;
  @ApiProperty({ enum: ['recommended', 'drawn'] }) place: string;
  @ApiProperty({ type: String, nullable: true }) deadline: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the code of the entrant withdrawn' }) withdrawn: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the code of the entrant who took the place' }) replacement: string | null;
  @ApiProperty({ type: Number, nullable: true }) replacementEntrantId: number | null;
  @ApiProperty() withdrawnAt: string;
  @ApiProperty({ type: String, nullable: true }) replacedAt: string | null;
}
