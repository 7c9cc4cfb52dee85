/**
 * Resident ID numbers (居民身份证号码), GB 11643-1999 — RULES.md §2.
 *
 * An 18-character number is laid out as
 *
 *   positions  1–6   address code (area)
 *   positions  7–14  birth date YYYYMMDD
 *   positions 15–17  sequence code; the 17th digit is odd for men, even for women
 *   position  18     check character, ISO 7064 MOD 11-2 (0–9 or X)
 *
 * Pure functions only: no I/O, no clock, and no `Date` objects. Calendar dates are
 * checked with integer arithmetic and compared as 'YYYYMMDD' text, so no time zone
 * can move a boundary.
 */

export type IdFailure =
  | 'empty'
  | 'length'
  | 'legacy-15'
  | 'characters'
  | 'month'
  | 'day'
  | 'date-future'
  | 'date-too-early'
  | 'check-character';

export type IdCheck =
  | {
      valid: true;
      /** The normalised number: trimmed, with a lowercase 'x' stored as 'X'. */
      id: string;
      /** Birth date as 'YYYY-MM-DD'. */
      birthDate: string;
      /** Birth date as 'YYYYMMDD' (the form used for text comparisons). */
      birthDateCompact: string;
      gender: 'male' | 'female';
    }
  | { valid: false; code: IdFailure; reason: string; suggestion?: string };

/** Weights of positions 1–17 for the MOD 11-2 check character. */
const WEIGHTS: readonly number[] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** Check character for each value of (weighted sum mod 11). */
const CHECK_MAP: readonly string[] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/** The earliest birth year accepted (earlier years are refused as 'date-too-early'). */
const EARLIEST_YEAR = 1900;

const MONTH_DAYS: readonly number[] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Gregorian leap year: divisible by 4, except centuries not divisible by 400. */
export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Days in month m (1–12) of year y; 0 for a month outside 1–12. */
function daysInMonth(y: number, m: number): number {
  if (m < 1 || m > 12) return 0;
  return m === 2 && isLeapYear(y) ? 29 : MONTH_DAYS[m - 1];
}

/**
 * True when y-m-d is a real day of the (proleptic) Gregorian calendar.
 * Integers only: any non-integer argument, a year outside 1–9999, a month outside
 * 1–12 or a day outside the month gives false. Never uses `new Date`.
 */
export function isRealDate(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false;
  if (y < 1 || y > 9999) return false;
  if (m < 1 || m > 12) return false;
  return d >= 1 && d <= daysInMonth(y, m);
}

/**
 * The ISO 7064 MOD 11-2 check character for the first 17 digits of an ID number.
 * Throws when the argument is not exactly 17 ASCII digits.
 */
export function idCheckCharacter(first17: string): string {
  if (!/^[0-9]{17}$/.test(first17)) {
    throw new Error(`idCheckCharacter needs exactly 17 digits, got "${first17}"`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_MAP[sum % 11];
}

/**
 * Upgrades a legacy 15-digit number (6 area + YYMMDD + 3 sequence, issued for people
 * born in the 1900s) to 18 characters: '19' is inserted before the birth date and the
 * check character is appended. Surrounding whitespace is ignored; anything other than
 * 15 digits throws. The birth date itself is not checked here.
 */
export function upgradeLegacyId(id15: string): string {
  const s = id15.trim();
  if (!/^[0-9]{15}$/.test(s)) {
    throw new Error(`upgradeLegacyId needs exactly 15 digits, got "${id15}"`);
  }
  const first17 = s.slice(0, 6) + '19' + s.slice(6);
  return first17 + idCheckCharacter(first17);
}

/**
 * Builds an 18-character number with a correct check character from its parts
 * (for tests and demo data). `seq3` is the 3-digit sequence code; its last digit odd
 * means male. Only the shape of each part is checked (digits of the right length), not
 * the birth date, so tests can also build numbers that fail on the date alone.
 */
export function makeIdNumber(area6: string, birthCompact: string, seq3: string): string {
  if (!/^[0-9]{6}$/.test(area6)) throw new Error(`area code must be 6 digits, got "${area6}"`);
  if (!/^[0-9]{8}$/.test(birthCompact)) {
    throw new Error(`birth date must be 8 digits YYYYMMDD, got "${birthCompact}"`);
  }
  if (!/^[0-9]{3}$/.test(seq3)) throw new Error(`sequence code must be 3 digits, got "${seq3}"`);
  const first17 = area6 + birthCompact + seq3;
  return first17 + idCheckCharacter(first17);
}

/**
 * Masks an ID number for display outside the teacher's own school, the district and the
 * city: keeps the first 6 and the last 4 characters and replaces every character between
 * them with '*' (an 18-character number becomes 320102********1234). The input is trimmed
 * and a lowercase 'x' is shown as 'X'. A value of 10 characters or fewer has nothing that
 * can safely be shown, so it is masked entirely.
 */
export function maskIdNumber(id: string): string {
  const chars = Array.from(id.trim().toUpperCase());
  if (chars.length <= 10) return '*'.repeat(chars.length);
  return chars.slice(0, 6).join('') + '*'.repeat(chars.length - 10) + chars.slice(-4).join('');
}

/** Accepts 'YYYYMMDD' or 'YYYY-MM-DD' naming a real date; returns 'YYYYMMDD'. Throws otherwise. */
function compactDate(text: string, what: string): string {
  // Exactly two forms: 8 digits, or dashes in both places (the back-reference \2).
  const m = /^([0-9]{4})(-?)([0-9]{2})\2([0-9]{2})$/.exec(text);
  if (!m) throw new Error(`${what} must be YYYYMMDD or YYYY-MM-DD, got "${text}"`);
  if (!isRealDate(Number(m[1]), Number(m[3]), Number(m[4]))) {
    throw new Error(`${what} is not a real calendar date: "${text}"`);
  }
  return m[1] + m[3] + m[4];
}

function fail(code: IdFailure, reason: string, suggestion?: string): IdCheck {
  return suggestion === undefined ? { valid: false, code, reason } : { valid: false, code, reason, suggestion };
}

/**
 * Validates a resident ID number and, when it is valid, returns its normalised form,
 * birth date and gender.
 *
 * The input is trimmed; a lowercase 'x' as the last character is accepted and stored
 * as 'X'. `options.today` ('YYYYMMDD' or 'YYYY-MM-DD'), when given, refuses birth dates
 * after that day (a birth on that day itself is accepted); a malformed `today` is a
 * programming error and throws.
 *
 * Checks run in this fixed order, and the first one broken is reported:
 *   1. empty            — nothing but whitespace
 *   2. legacy-15        — 15 digits: a legacy number; the 18-digit form is suggested
 *                         (only when that form would itself be valid)
 *   3. length           — not 18 characters
 *   4. characters       — not 17 digits followed by a digit or X
 *   5. month            — birth month not 01–12
 *   6. day              — birth day not a day of that month (leap years included)
 *   7. date-too-early   — birth year before 1900
 *   8. date-future      — birth date after options.today
 *   9. check-character  — the MOD 11-2 check character does not match
 */
export function checkIdNumber(raw: string, options?: { today?: string }): IdCheck {
  const today = options?.today === undefined ? undefined : compactDate(options.today, 'options.today');
  const s = (raw ?? '').trim();

  // 1. empty
  if (s.length === 0) return fail('empty', 'ID number is empty');

  // 2. legacy-15
  if (/^[0-9]{15}$/.test(s)) {
    const upgraded = upgradeLegacyId(s);
    const upgradedCheck = checkIdNumber(upgraded, options);
    if (upgradedCheck.valid) {
      return fail(
        'legacy-15',
        `Legacy 15-digit ID numbers are not accepted; use the 18-character form ${upgraded}`,
        upgraded,
      );
    }
    return fail(
      'legacy-15',
      `Legacy 15-digit ID numbers are not accepted, and this one cannot be upgraded to a valid 18-character number (${upgradedCheck.reason})`,
    );
  }

  // 3. length (counted in Unicode characters, not UTF-16 units)
  const length = Array.from(s).length;
  if (length !== 18) return fail('length', `ID number must have 18 characters, got ${length}`);

  // 4. characters
  const id = s.endsWith('x') ? s.slice(0, 17) + 'X' : s;
  if (!/^[0-9]{17}[0-9X]$/.test(id)) {
    return fail(
      'characters',
      'ID number must be 17 digits followed by a digit or X (the check character)',
    );
  }

  const yearText = id.slice(6, 10);
  const monthText = id.slice(10, 12);
  const dayText = id.slice(12, 14);
  const year = Number(yearText);
  const month = Number(monthText);
  const day = Number(dayText);

  // 5. month
  if (month < 1 || month > 12) {
    return fail('month', `Birth month (characters 11–12) must be 01 to 12, got ${monthText}`);
  }

  // 6. day
  const maxDay = daysInMonth(year, month);
  if (day < 1 || day > maxDay) {
    return fail(
      'day',
      `Birth day (characters 13–14) must be 01 to ${maxDay} in ${yearText}-${monthText}, got ${dayText}`,
    );
  }

  // 7. date-too-early
  const birthDateCompact = yearText + monthText + dayText;
  const birthDate = `${yearText}-${monthText}-${dayText}`;
  if (year < EARLIEST_YEAR) {
    return fail('date-too-early', `Birth year must be ${EARLIEST_YEAR} or later, got ${yearText}`);
  }

  // 8. date-future
  if (today !== undefined && birthDateCompact > today) {
    const todayDashed = `${today.slice(0, 4)}-${today.slice(4, 6)}-${today.slice(6, 8)}`;
    return fail('date-future', `Birth date ${birthDate} is after today (${todayDashed})`);
  }

  // 9. check-character
  const expected = idCheckCharacter(id.slice(0, 17));
  const found = id.charAt(17);
  if (expected !== found) {
    return fail('check-character', `Check character (character 18) should be ${expected}, got ${found}`);
  }

  const genderDigit = id.charCodeAt(16) - 48;
  return {
    valid: true,
    id,
    birthDate,
    birthDateCompact,
    gender: genderDigit % 2 === 1 ? 'male' : 'female',
  };
}
