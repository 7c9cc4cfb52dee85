/**
 * The contest preset: every default of RULES.md held as data (data/default-contest.json),
 * so a bureau changes a contest by changing data, not code.
 */
import defaultPresetJson from '../../data/default-contest.json';
import type { SubjectNames } from './subject-names';

export type Stage = 'primary' | 'junior';
export type SchoolStage = Stage | 'nine-year';
export type GroupCode = 'primary-youth' | 'junior-youth' | 'senior';
export type Gender = 'male' | 'female';
export type RoundCode = 'preliminary' | 'semifinal' | 'final';
export type FeaturedKind = 'instrument' | 'drawing' | 'sport' | 'it' | 'speech' | 'design';
export type AggregationMethod = 'trimmed-mean' | 'mean' | 'median';
export type PrizeCode = 'first' | 'second' | 'third';

export interface SubjectDef {
  code: string;
  name: string;
  stages: Stage[];
  featured: FeaturedKind;
}

export interface SheetItemDef {
  key: string;
  name: string;
  /** Whole points (the item's weight); a sheet totals exactly 100. */
  points: number;
}

export interface AggregationConfig {
  method: AggregationMethod;
  /** How many judges' totals to drop at each end for the trimmed mean. */
  trimEachEnd: number;
  /** The trimmed mean applies from this panel size on; smaller panels take the plain mean. */
  trimFromPanelSize: number;
  /** A judge whose total differs from the median of the others by more than this is flagged. */
  outlierPoints: number;
}

export interface AdvancementRates {
  /** Whole percent of the unit's entrants that advance (30 = 30%). */
  rate: number;
  /** Whole percent of a unit's places recommended by the unit (60 = 60%). */
  recommendedShare: number;
}

export interface PrizeShare {
  prize: PrizeCode;
  name: string;
  /** Whole percent of the group's contestants. */
  share: number;
}

export interface ContestPreset {
  presetVersion: number;
  description: string;
  subjects: SubjectDef[];
  /** Other names of the subjects and stage prefixes accepted in uploads (domain/subject-names.ts). */
  subjectNames: SubjectNames;
  featuredLabels: Record<FeaturedKind, string>;
  groups: { code: GroupCode; name: string }[];
  youthCutoff: { date: string; inclusive: boolean };
  exclusion: { priorFirstPrizeYears: number };
  nearRetirement: Record<Gender, string>;
  sheets: Record<RoundCode, SheetItemDef[]>;
  aggregation: AggregationConfig;
  advancement: { semifinal: AdvancementRates; final: AdvancementRates };
  prizes: { semifinal: PrizeShare[]; final: PrizeShare[] };
  announcement: { workingDays: number };
  rounds: { code: RoundCode; name: string; organiser: 'school' | 'district' | 'city'; deadline: string }[];
}

/** A deep copy of the default preset, so no caller can change the shared default. */
export function defaultPreset(): ContestPreset {
  return JSON.parse(JSON.stringify(defaultPresetJson)) as ContestPreset;
}
