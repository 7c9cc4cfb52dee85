/**
 * The one adapter from a stored contest to the domain's input: the rules the registry, the entrant
 * lists and judging apply (group boundaries, subjects, exclusions, group names, the preset the
 * sheets and the aggregation come from). With no contest yet, the default preset's.
 */
import { defaultPreset, Gender, GroupCode, type ContestPreset, type SubjectDef } from '../domain/preset';
import type { SubjectNames } from '../domain/subject-names';
import { Contest } from './contest.entity';

export interface ContestRules {
  /** null: no contest yet (the default preset's rules). */
  contestId: number | null;
  year: number;
  youthCutoff: { date: string; inclusive: boolean };
  subjects: SubjectDef[];
  priorFirstPrizeYears: number;
  nearRetirement: Record<Gender, string>;
  /** Other names of the subjects and stage prefixes accepted in uploads (the contest's, else the default preset's: contests created before they existed). */
  subjectNames: SubjectNames;
  /** The groups' display names (the contest's, else the default preset's). */
  groupNames: Record<GroupCode, string>;
  /** The contest as a domain preset (sheets, aggregation, featured labels, subjects). */
  preset: ContestPreset;
}

let defaultGroups: { code: GroupCode; name: string }[] | undefined;

function groupNamesOf(groups: { code: GroupCode; name: string }[] | undefined): Record<GroupCode, string> {
  const names = {} as Record<GroupCode, string>;
  for (const g of (defaultGroups ??= defaultPreset().groups)) names[g.code] = g.name;
  for (const g of groups ?? []) names[g.code] = g.name;
  return names;
}

let defaultSubjectNames: SubjectNames | undefined;

export function contestRules(contest: Contest): ContestRules {
  const settings = contest.settings as unknown as Partial<ContestPreset>;
  const subjectNames = settings.subjectNames ?? (defaultSubjectNames ??= defaultPreset().subjectNames);
  const preset = { ...(settings as ContestPreset), subjects: contest.subjects, subjectNames };
  return {
    contestId: contest.id,
    year: contest.year,
    youthCutoff: { date: contest.youthCutoffDate, inclusive: contest.youthCutoffInclusive },
    subjects: contest.subjects,
    priorFirstPrizeYears: contest.settings.exclusion.priorFirstPrizeYears,
    nearRetirement: contest.settings.nearRetirement,
    subjectNames,
    groupNames: groupNamesOf(preset.groups),
    preset,
  };
}

/** The rules before any contest exists: the default preset's, for the given year. */
export function defaultContestRules(year: number): ContestRules {
  const preset = defaultPreset();
  return {
    contestId: null,
    year,
    youthCutoff: preset.youthCutoff,
    subjects: preset.subjects,
    priorFirstPrizeYears: preset.exclusion.priorFirstPrizeYears,
    nearRetirement: preset.nearRetirement,
    subjectNames: preset.subjectNames,
    groupNames: groupNamesOf(preset.groups),
    preset,
  };
}
