/**
 * Groups (组别), exclusions (不参赛) and the near-retirement exemption (免赛) — RULES.md §2.
 *
 * Pure functions only: no I/O, no clock, no `Date` objects. Dates are compared as
 * 'YYYYMMDD' text, so no time zone can move a boundary. Every cut-off comes from the
 * contest preset (src/domain/preset.ts), never from a constant here.
 */
import type { Gender, GroupCode, SchoolStage, Stage } from './preset';
import { isRealDate } from './id-number';

/** Accepts 'YYYYMMDD' or 'YYYY-MM-DD' naming a real date; returns 'YYYYMMDD'. Throws otherwise. */
function toCompact(text: string, what: string): string {
  const m = /^([0-9]{4})(-?)([0-9]{2})\2([0-9]{2})$/.exec(text ?? '');
  if (!m || !isRealDate(Number(m[1]), Number(m[3]), Number(m[4]))) {
    throw new Error(`${what} must be a real date as YYYYMMDD or YYYY-MM-DD, got "${text}"`);
  }
  return m[1] + m[3] + m[4];
}

/** 'YYYYMMDD' → 'YYYY-MM-DD'. */
function dashed(compact: string): string {
  return `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}`;
}

// ---------------------------------------------------------------------------
// Groups
// ---------------------------------------------------------------------------

/**
 * True when a teacher born on `birthCompact` ('YYYYMMDD', from the ID number) is in a youth
 * group. With `inclusive` a teacher born on the cut-off day is youth (born on or after);
 * without it only those born after the cut-off day are. Compared as 'YYYYMMDD' text.
 * `cutoff.date` is 'YYYY-MM-DD' (a compact 'YYYYMMDD' is accepted too). Malformed or
 * impossible dates throw.
 */
export function isYouth(birthCompact: string, cutoff: { date: string; inclusive: boolean }): boolean {
  const birth = toCompact(birthCompact, 'Birth date');
  const cut = toCompact(cutoff.date, 'Youth cut-off date');
  return cutoff.inclusive ? birth >= cut : birth > cut;
}

/**
 * The group of a teacher: youth teachers are grouped by stage (小学青年组 / 初中青年组);
 * everyone else is in the single middle-aged and senior group (中老年组) for both stages.
 */
export function groupOf(stage: Stage, youth: boolean): GroupCode {
  if (stage !== 'primary' && stage !== 'junior') throw new Error(`Unknown stage "${String(stage)}"`);
  if (!youth) return 'senior';
  return stage === 'primary' ? 'primary-youth' : 'junior-youth';
}

/** The group of a teacher from the birth date on the ID card and the stage taught. */
export function groupForTeacher(
  input: { birthCompact: string; stage: Stage },
  cutoff: { date: string; inclusive: boolean },
): GroupCode {
  return groupOf(input.stage, isYouth(input.birthCompact, cutoff));
}

/**
 * The stage a teacher competes in. A primary or junior school decides it (a stage given
 * for the teacher is ignored); a nine-year school (九年一贯制) teaches both, so the teacher's
 * own stage is required and an Error is thrown when it is missing or not a stage.
 */
export function teacherStageForSchool(schoolStage: SchoolStage, teacherStage?: Stage): Stage {
  switch (schoolStage) {
    case 'primary':
    case 'junior':
      return schoolStage;
    case 'nine-year':
      if (teacherStage !== 'primary' && teacherStage !== 'junior') {
        throw new Error(
          'A teacher of a nine-year school (九年一贯制) must state the stage taught: "primary" (小学) or "junior" (初中)' +
            (teacherStage === undefined ? '' : `, got "${String(teacherStage)}"`),
        );
      }
      return teacherStage;
    default:
      throw new Error(`Unknown school stage "${String(schoolStage)}"`);
  }
}

// ---------------------------------------------------------------------------
// Exclusions (not in the contest at all)
// ---------------------------------------------------------------------------

export type ExclusionCode = 'district-seat-school' | 'transferred-to-district-seat' | 'recent-first-prize';

export interface Exclusion {
  code: ExclusionCode;
  /** A Chinese sentence for the page, e.g. '所在学校位于区政府所在地'. */
  reason: string;
}

export type AwardLevel = 'school' | 'county' | 'city' | 'province' | 'national';
export type AwardPrize = 'first' | 'second' | 'third' | 'other';

export interface EligibilityInput {
  schoolInDistrictSeat: boolean;
  transferredToDistrictSeat: boolean;
  priorAwards: { year: number; level: AwardLevel; prize: AwardPrize }[];
}

/** Levels that count as "county-level or higher" (县级及以上); a district (区) is county level. */
const COUNTY_OR_HIGHER: ReadonlySet<AwardLevel> = new Set<AwardLevel>(['county', 'city', 'province', 'national']);

const LEVEL_NAMES: Record<AwardLevel, string> = {
  school: '校级',
  county: '县级',
  city: '市级',
  province: '省级',
  national: '国家级',
};

/**
 * Why a teacher is excluded from the contest; an empty list means eligible. Reasons come in
 * a fixed order: district-seat school, transferred to a district-seat school, recent first
 * prize (at most one entry each).
 *
 * "A first prize in a county-level or higher professional-skills contest within the last
 * five years, counted back from the contest year" is read as (our decision, RULES is silent
 * on the exact window):
 *   - the window is the N calendar years ending with the contest year itself:
 *     contestYear − N < award year ≤ contestYear (N = priorFirstPrizeYears; contest year
 *     2026 and N = 5 count awards of 2022, 2023, 2024, 2025 and 2026);
 *   - an award dated after the contest year does not count (it cannot be "prior");
 *   - county level or higher = county (县/区), city, province, national; school level does not;
 *   - only a first prize counts; second, third and other prizes do not;
 *   - N = 0 switches this exclusion off.
 * Throws when contestYear or priorFirstPrizeYears is not a sensible integer.
 */
export function exclusions(input: EligibilityInput, contestYear: number, priorFirstPrizeYears: number): Exclusion[] {
  if (!Number.isInteger(contestYear) || contestYear < 1900 || contestYear > 9999) {
    throw new Error(`contestYear must be a four-digit year, got ${contestYear}`);
  }
  if (!Number.isInteger(priorFirstPrizeYears) || priorFirstPrizeYears < 0) {
    throw new Error(`priorFirstPrizeYears must be a whole number of years (0 or more), got ${priorFirstPrizeYears}`);
  }

  const out: Exclusion[] = [];
  if (input.schoolInDistrictSeat) {
    out.push({ code: 'district-seat-school', reason: '所在学校位于区政府所在地' });
  }
  if (input.transferredToDistrictSeat) {
    out.push({ code: 'transferred-to-district-seat', reason: '已调入区政府所在地学校' });
  }

  const firstYear = contestYear - priorFirstPrizeYears + 1;
  const counted = (input.priorAwards ?? [])
    .filter(
      (a) =>
        a.prize === 'first' &&
        COUNTY_OR_HIGHER.has(a.level) &&
        Number.isInteger(a.year) &&
        a.year >= firstYear &&
        a.year <= contestYear,
    )
    .sort((a, b) => b.year - a.year);
  if (counted.length > 0) {
    const list = counted.map((a) => `${a.year}年${LEVEL_NAMES[a.level]}一等奖`).join('、');
    out.push({
      code: 'recent-first-prize',
      reason: `近${priorFirstPrizeYears}年内（${firstYear}—${contestYear}年）曾获县级及以上专业技能比赛一等奖：${list}`,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Near-retirement exemption (免赛)
// ---------------------------------------------------------------------------

const GENDER_NAMES: Record<Gender, string> = { male: '男', female: '女' };

/**
 * True when a teacher qualifies for the near-retirement exemption: born strictly BEFORE the
 * cut-off date for their gender (born on the cut-off day does not qualify). Cut-offs are
 * 'YYYY-MM-DD' (or 'YYYYMMDD'); the birth date is 'YYYYMMDD'. Compared as text.
 */
export function qualifiesNearRetirement(
  gender: Gender,
  birthCompact: string,
  cutoffs: Record<Gender, string>,
): boolean {
  if (gender !== 'male' && gender !== 'female') throw new Error(`Unknown gender "${String(gender)}"`);
  const birth = toCompact(birthCompact, 'Birth date');
  const cut = toCompact(cutoffs[gender], `Near-retirement cut-off for ${gender}`);
  return birth < cut;
}

/**
 * null when the teacher qualifies for the near-retirement exemption; otherwise a Chinese
 * sentence for the page, e.g. '男教师须在1965-09-01之前出生，该教师出生于1970-03-02'.
 */
export function nearRetirementRefusal(
  gender: Gender,
  birthCompact: string,
  cutoffs: Record<Gender, string>,
): string | null {
  if (qualifiesNearRetirement(gender, birthCompact, cutoffs)) return null;
  const cut = dashed(toCompact(cutoffs[gender], `Near-retirement cut-off for ${gender}`));
  const birth = dashed(toCompact(birthCompact, 'Birth date'));
  return `${GENDER_NAMES[gender]}教师须在${cut}之前出生，该教师出生于${birth}`;
}
