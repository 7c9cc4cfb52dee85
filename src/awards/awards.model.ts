/** Shapes of the award report (stored with the award round) and the award options' defaults. */
import type { OrganisationSchoolResult, TeamRanking } from '../domain/awards';
import type { GroupCode, PrizeCode } from '../domain/preset';
import type { PrizeLevelReport, PrizeLevelTotal, TieShift } from '../domain/prizes';

/** The award options of a contest (RULES §5); these defaults apply until the city changes them. */
export interface AwardOptions {
  /** Every non-empty prize group gets at least one first prize (default off). */
  firstPrizeInEveryGroup: boolean;
  /** Excellent team award: whole percent of each ranking's schools (default 30). */
  teamShare: number;
  /** Organisation award: participation threshold, whole percent (default 90). */
  participationPercent: number;
  /** Single-item awards (单项奖) per prize group and sheet item (default off). */
  singleItemAwards: boolean;
}

export const AWARD_DEFAULTS: AwardOptions = { firstPrizeInEveryGroup: false, teamShare: 30, participationPercent: 90, singleItemAwards: false };

export const TEAM_AWARD_LABEL = '优秀团队奖';
export const ORGANISATION_AWARD_LABEL = '组织奖';

export interface ReportContestant {
  entrantId: number;
  code: string;
  name: string;
  schoolId: number;
  schoolName: string;
  total: string;
  rank: number;
  prize: PrizeCode | null;
}

export interface ReportGroup {
  /** '<subject>-<group>' */
  code: string;
  subject: string;
  subjectName: string;
  groupCode: GroupCode;
  groupName: string;
  contestants: number;
  levels: (PrizeLevelReport & { name: string })[];
  cuts: { prize: PrizeCode; count: number }[];
  tieShifts: TieShift[];
  /** Everyone in rank order, with the prize or null. */
  ranking: ReportContestant[];
  singleItems: { item: string; itemName: string; best: string; entrantIds: number[] }[];
}

export interface ReportTeamRow {
  schoolId: number;
  schoolName: string;
  districtName: string;
  winners: number;
  entrants: number;
  score: string | null;
  percent: string | null;
  rank: number | null;
  awarded: boolean;
  excluded: 'no-entrants' | 'falsification' | null;
}

export interface ReportOrganisationRow extends Omit<OrganisationSchoolResult, 'code' | 'districtCode'> {
  schoolId: number;
  schoolName: string;
  schoolCode: string;
}

export interface AwardReport {
  contest: { id: number; code: string; name: string; year: number };
  round: 'semifinal' | 'final';
  roundName: string;
  district: { id: number; code: string; name: string } | null;
  /** The body that computes, announces and issues: the district bureau or the city bureau. */
  issuingBody: string;
  options: AwardOptions;
  contestants: number;
  levels: (PrizeLevelTotal & { name: string })[];
  groups: ReportGroup[];
  /** The excellent team award (the final: every district). */
  team: (Omit<TeamRanking, 'rows'> & { districtName: string; rows: ReportTeamRow[] })[] | null;
  /** The organisation award (a district's semi-final: its schools). */
  organisation: ReportOrganisationRow[] | null;
  computedAt: string;
}
