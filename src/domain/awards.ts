/**
 * The awards of RULES §5 besides individual prizes: the excellent team award (优秀团队奖), the
 * organisation award (组织奖), the optional single-item awards (单项奖), and certificate numbers.
 * Exact integer arithmetic only: fractions are compared by cross-multiplication in bigint.
 */
import { compareBytes, roundHalfUpDiv } from './quotas';

// ---------------------------------------------------------------------------------------------
// Excellent team award

export interface TeamSchoolInput {
  code: string;
  /** The ranking it belongs to: the district, and central (中心校) or not. */
  districtCode: string;
  central: boolean;
  /** W: its teachers who won a semi-final or final prize. */
  winners: number;
  /** P: its preliminary entrants. */
  entrants: number;
  finalFirstPrizes: number;
  semifinalFirstPrizes: number;
  /** Every semi-final and final prize of its teachers. */
  prizes: number;
  /** An upheld falsification case (RULES §6) recorded against the school. */
  falsification: boolean;
}

export interface TeamSchoolResult {
  code: string;
  districtCode: string;
  central: boolean;
  winners: number;
  entrants: number;
  /** W/P reduced, e.g. '3/10'; null when the school takes no part. */
  score: string | null;
  /** W/P as a percent with two decimals, half up ('30.00'); null when the school takes no part. */
  percent: string | null;
  /** Rank in its ranking (shared when equal); null when it takes no part. */
  rank: number | null;
  awarded: boolean;
  /** Why it takes no part: 'no-entrants' | 'falsification'. */
  excluded: 'no-entrants' | 'falsification' | null;
}

export interface TeamRanking {
  districtCode: string;
  central: boolean;
  /** Schools ranked (taking part). */
  schools: number;
  /** round_half_up(share × schools / 100), at least 1 when a school has W > 0. */
  places: number;
  /** Schools awarded (more than `places` when tied at the boundary). */
  awarded: number;
  /** Ranked schools first (by rank, then code), then those taking no part. */
  rows: TeamSchoolResult[];
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** Team score comparison and tie-breaks (RULES §5); 0 = equal (they share the rank). */
function teamMerit(a: TeamSchoolInput, b: TeamSchoolInput): number {
  const l = BigInt(a.winners) * BigInt(b.entrants);
  const r = BigInt(b.winners) * BigInt(a.entrants);
  if (l !== r) return l > r ? -1 : 1;
  return b.finalFirstPrizes - a.finalFirstPrizes || b.semifinalFirstPrizes - a.semifinalFirstPrizes || b.prizes - a.prizes;
}

/**
 * The excellent team award: rankings per district × central/non-central, each by W/P, then
 * final first prizes, semi-final first prizes, prizes; awarded to the top
 * round_half_up(share × schools / 100) (at least one where a school has W > 0), everyone tied
 * with the last place included; a school with W = 0 never receives it.
 */
export function teamAwards(schools: TeamSchoolInput[], share: number): TeamRanking[] {
  if (!Number.isInteger(share) || share < 0 || share > 100) throw new RangeError('share must be a whole percent from 0 to 100');
  const keys = new Map<string, TeamSchoolInput[]>();
  for (const s of schools) {
    const k = `${s.districtCode}\u0000${s.central ? 1 : 0}`;
    keys.set(k, [...(keys.get(k) ?? []), s]);
  }
  const out: TeamRanking[] = [];
  for (const list of keys.values()) {
    const { districtCode, central } = list[0];
    const exclusion = (s: TeamSchoolInput) => (s.falsification ? 'falsification' : s.entrants <= 0 ? 'no-entrants' : null);
    const taking = list.filter((s) => exclusion(s) === null).sort((a, b) => teamMerit(a, b) || compareBytes(a.code, b.code));
    const ranks: number[] = [];
    taking.forEach((s, i) => ranks.push(i > 0 && teamMerit(taking[i - 1], s) === 0 ? ranks[i - 1] : i + 1));
    let places = taking.length === 0 ? 0 : roundHalfUpDiv(BigInt(share) * BigInt(taking.length), 100n);
    if (places === 0 && taking.some((s) => s.winners > 0)) places = 1;
    // Everyone ranked within the places, and everyone tied with the last place, with W > 0.
    const lastRank = places > 0 ? ranks[Math.min(places, taking.length) - 1] : 0;
    const rows: TeamSchoolResult[] = taking.map((s, i) => {
      const g = gcd(BigInt(s.winners), BigInt(s.entrants)) || 1n;
      return {
        code: s.code,
        districtCode,
        central,
        winners: s.winners,
        entrants: s.entrants,
        score: `${BigInt(s.winners) / g}/${BigInt(s.entrants) / g}`,
        percent: percentText(s.winners, s.entrants),
        rank: ranks[i],
        awarded: places > 0 && ranks[i] <= lastRank && s.winners > 0,
        excluded: null,
      };
    });
    for (const s of list) {
      const why = exclusion(s);
      if (why) rows.push({ code: s.code, districtCode, central, winners: s.winners, entrants: s.entrants, score: null, percent: null, rank: null, awarded: false, excluded: why });
    }
    out.push({ districtCode, central, schools: taking.length, places, awarded: rows.filter((r) => r.awarded).length, rows });
  }
  return out.sort((a, b) => compareBytes(a.districtCode, b.districtCode) || (a.central === b.central ? 0 : a.central ? -1 : 1));
}

/** 100 × num / den, half up, two decimals ('90.00'); '0.00' when den = 0. */
export function percentText(num: number, den: number): string {
  if (den <= 0) return '0.00';
  const h = roundHalfUpDiv(BigInt(num) * 10000n, BigInt(den));
  return `${Math.floor(h / 100)}.${String(h % 100).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Organisation award

export interface OrganisationSchoolInput {
  code: string;
  districtCode: string;
  /** Its teachers in the contest's scope. */
  teachers: number;
  excluded: number;
  /** Approved exemptions (免赛). */
  exempted: number;
  /** Preliminary entrants. */
  entrants: number;
  /** Its preliminary list was submitted by the round's deadline. */
  submittedOnTime: boolean;
  /** The deadline was extended for it. */
  extended: boolean;
  /** An upheld objection against one of its lists. */
  upheldObjection: boolean;
}

export interface OrganisationSchoolResult {
  code: string;
  districtCode: string;
  entrants: number;
  /** teachers − excluded − exempted. */
  expected: number;
  /** entrants / expected reduced ('27/30'); null when expected = 0. */
  participation: string | null;
  percent: string;
  meetsParticipation: boolean;
  onTime: boolean;
  noUpheldObjection: boolean;
  awarded: boolean;
}

/**
 * The organisation award: every school with participation ≥ threshold (exact: 100 × entrants ≥
 * threshold × expected), its list submitted on time without an extension, and no upheld objection.
 * Rows ranked by participation descending (then code); a school with nobody expected does not qualify.
 */
export function organisationAwards(schools: OrganisationSchoolInput[], thresholdPercent: number): OrganisationSchoolResult[] {
  if (!Number.isInteger(thresholdPercent) || thresholdPercent < 0 || thresholdPercent > 100) {
    throw new RangeError('thresholdPercent must be a whole percent from 0 to 100');
  }
  const rows = schools.map((s) => {
    const expected = s.teachers - s.excluded - s.exempted;
    const meets = expected > 0 && BigInt(s.entrants) * 100n >= BigInt(thresholdPercent) * BigInt(expected);
    const g = expected > 0 ? gcd(BigInt(s.entrants), BigInt(expected)) || 1n : 1n;
    const onTime = s.submittedOnTime && !s.extended;
    return {
      code: s.code,
      districtCode: s.districtCode,
      entrants: s.entrants,
      expected,
      participation: expected > 0 ? `${BigInt(s.entrants) / g}/${BigInt(expected) / g}` : null,
      percent: percentText(s.entrants, expected),
      meetsParticipation: meets,
      onTime,
      noUpheldObjection: !s.upheldObjection,
      awarded: meets && onTime && !s.upheldObjection,
    };
  });
  const cmp = (a: OrganisationSchoolResult, b: OrganisationSchoolResult) => {
    const ea = a.expected > 0, eb = b.expected > 0;
    if (ea !== eb) return ea ? -1 : 1;
    if (ea) {
      const l = BigInt(a.entrants) * BigInt(b.expected);
      const r = BigInt(b.entrants) * BigInt(a.expected);
      if (l !== r) return l > r ? -1 : 1;
    }
    return compareBytes(a.districtCode, b.districtCode) || compareBytes(a.code, b.code);
  };
  return rows.sort(cmp);
}

// ---------------------------------------------------------------------------------------------
// Single-item awards

export interface ItemContestant {
  code: string;
  itemHundredths: bigint[];
}

/** Per sheet item, the contestant(s) with the highest item score (all tied receive it); none when the group is empty. */
export function singleItemAwards(contestants: ItemContestant[], items: number): { item: number; best: string; codes: string[] }[] {
  const out: { item: number; best: string; codes: string[] }[] = [];
  if (contestants.length === 0) return out;
  for (let k = 0; k < items; k++) {
    let best = -1n;
    for (const c of contestants) if (c.itemHundredths[k] > best) best = c.itemHundredths[k];
    const codes = contestants.filter((c) => c.itemHundredths[k] === best).map((c) => c.code).sort(compareBytes);
    const b = Number(best);
    out.push({ item: k, best: `${Math.floor(b / 100)}.${String(b % 100).padStart(2, '0')}`, codes });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Certificate numbers

/** `<contestCode>-<roundCode>-<NNNN>`, NNNN the 1-based position, four digits at least. */
export function certificateNumber(contestCode: string, roundCode: string, position: number): string {
  if (!Number.isSafeInteger(position) || position < 1) throw new RangeError('position must be a positive integer');
  return `${contestCode}-${roundCode}-${String(position).padStart(4, '0')}`;
}
