/**
 * The preliminary entrant list of a school, computed from the registry (RULES §2): every teacher
 * is an entrant unless excluded (domain `exclusions`) or exempted (an approved application).
 * Each teacher has one subject and the group computed from the ID number's birth date.
 * Pure functions over loaded records; no I/O.
 */
import type { Exclusion } from '../domain/groups';
import { exclusions, groupForTeacher } from '../domain/groups';
import type { GroupCode } from '../domain/preset';
import { entrantCode, RoundEntrant } from '../contestants/round-entrant.entity';
import type { ContestRules } from '../contests/contest-rules';
import { School } from '../registry/school.entity';
import { Teacher } from '../registry/teacher.entity';
import { Exemption } from './exemption.entity';

/**
 * entrant: takes part; excluded: not in the contest (a rule); exempted: approved exemption;
 * not-submitted: (submitted lists only) a teacher who would be an entrant but is not in the
 * submitted list — added or moved to the school by the district or city after submission.
 */
export type EntryStatus = 'entrant' | 'excluded' | 'exempted' | 'not-submitted';

export const GROUP_ORDER: GroupCode[] = ['primary-youth', 'junior-youth', 'senior'];

/** The rules of one contest that decide a list: the contest's rules (src/contests/contest-rules.ts). */
export type ListRules = ContestRules;

export interface ListEntry {
  teacher: Teacher;
  status: EntryStatus;
  subject: string;
  group: GroupCode;
  /** Why the teacher is excluded (empty unless status is 'excluded'). */
  exclusions: Exclusion[];
  /** The approved exemption (status 'exempted'). */
  exemption: Exemption | null;
  /** The entrant code (status 'entrant'). */
  code: string | null;
}

export interface ListCounts {
  teachers: number;
  entrants: number;
  excluded: number;
  exempted: number;
  notSubmitted: number;
  /** Entrants per group. */
  byGroup: Record<GroupCode, number>;
}

export function teacherGroup(t: Teacher, rules: ListRules): GroupCode {
  return groupForTeacher({ birthCompact: t.birthDate.replace(/-/g, ''), stage: t.stage }, rules.youthCutoff);
}

export function teacherExclusions(t: Teacher, school: School, rules: ListRules): Exclusion[] {
  return exclusions(
    { schoolInDistrictSeat: school.inDistrictSeat, transferredToDistrictSeat: t.transferredToSeat, priorAwards: t.priorAwards ?? [] },
    rules.year,
    rules.priorFirstPrizeYears,
  );
}

const collator = new Intl.Collator('zh-Hans-CN');

/**
 * The entries of a school's list, sorted by group, subject (contest order) and name.
 * `teachers` are the school's teachers (plus, for a submitted list, any stored entrant's teacher
 * who has left since); `approved` the approved exemptions by teacher id; `stored` the submitted
 * entrants by teacher id, or null while the list is a draft (then the list is live).
 */
export function computeEntries(
  school: School,
  teachers: Teacher[],
  approved: Map<number, Exemption>,
  rules: ListRules,
  stored: Map<number, RoundEntrant> | null,
): ListEntry[] {
  const entries = teachers.map((teacher): ListEntry => {
    const row = stored?.get(teacher.id);
    if (row) {
      return { teacher, status: 'entrant', subject: row.subject, group: row.groupCode, exclusions: [], exemption: null, code: row.code };
    }
    const excluded = teacherExclusions(teacher, school, rules);
    const exemption = excluded.length ? null : (approved.get(teacher.id) ?? null);
    const status: EntryStatus = excluded.length ? 'excluded' : exemption ? 'exempted' : stored ? 'not-submitted' : 'entrant';
    return {
      teacher,
      status,
      subject: teacher.subject,
      group: teacherGroup(teacher, rules),
      exclusions: excluded,
      exemption,
      code: status === 'entrant' ? entrantCode(teacher.id) : null,
    };
  });
  const subjectOrder = new Map(rules.subjects.map((s, i) => [s.code, i]));
  return entries.sort(
    (a, b) =>
      GROUP_ORDER.indexOf(a.group) - GROUP_ORDER.indexOf(b.group) ||
      (subjectOrder.get(a.subject) ?? 999) - (subjectOrder.get(b.subject) ?? 999) ||
      collator.compare(a.teacher.name, b.teacher.name) ||
      a.teacher.id - b.teacher.id,
  );
}

export function countEntries(entries: ListEntry[]): ListCounts {
  const counts: ListCounts = {
    teachers: entries.length,
    entrants: 0,
    excluded: 0,
    exempted: 0,
    notSubmitted: 0,
    byGroup: { 'primary-youth': 0, 'junior-youth': 0, senior: 0 },
  };
  for (const e of entries) {
    if (e.status === 'entrant') {
      counts.entrants++;
      counts.byGroup[e.group]++;
    } else if (e.status === 'excluded') counts.excluded++;
    else if (e.status === 'exempted') counts.exempted++;
    else counts.notSubmitted++;
  }
  return counts;
}
