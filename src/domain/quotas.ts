/**
 * Advancement quotas (RULES §4 "Rounding").
 *
 * Rates are WHOLE PERCENTS, so `rate × n` is held as an integer number of
 * hundredths of a place (30% of 23 entrants = 690 hundredths = 6.90 places).
 * Every step is integer arithmetic (bigint where a product could grow); no
 * floating point decides a floor, a remainder or a tie.
 *
 *   T        = round_half_up(rate × N / 100), N = Σ n_i
 *   floor_i  = floor(rate × n_i / 100)
 *   rem_i    = rate × n_i mod 100                    (hundredths of a place)
 *   leftover = T − Σ floor_i  → one place each to the first `leftover` units of the
 *              largest-remainder order: rem desc, then n desc, then code by byte value.
 *
 * Why `leftover` never exceeds the number of units with a nonzero remainder k:
 * Σ rate×n_i = 100·Σfloor_i + Σrem_i, so leftover = round_half_up(Σrem_i / 100),
 * and Σrem_i ≤ 99k gives leftover ≤ floor((99k + 50) / 100) ≤ k. Also leftover ≥ 0.
 * Hence a unit with rem 0 never gets an extra place, and every unit receives the
 * floor or the ceiling of its own share. The code still asserts it.
 */

/** A unit (school of a district, district of the city) and its number of entrants. */
export interface QuotaUnitInput {
  code: string;
  entrants: number;
}

/** One unit's line of the allocation report: everything needed to check it by hand. */
export interface QuotaUnitReport {
  code: string;
  entrants: number;
  /** Exact rate × n / 100 as a decimal with two places, e.g. '6.90'. */
  share: string;
  floor: number;
  /** The fractional part of the share, e.g. '0.90'. */
  remainder: string;
  /** 1-based position in the largest-remainder order (remainder desc, larger n, smaller code by byte value). */
  tieOrder: number;
  /** 1 when the unit received one of the leftover places. */
  extra: 0 | 1;
  /** q = floor + extra. */
  places: number;
  /** r = round_half_up(recommendedShare% × q). */
  recommended: number;
  /** d = q − r. */
  drawn: number;
}

export interface QuotaReport {
  rate: number;
  recommendedShare: number;
  /** N, the entrants of all units together. */
  entrants: number;
  /** T = round_half_up(rate × N / 100) = Σ places. */
  total: number;
  /** Σ r over the units. */
  recommended: number;
  /** Σ d over the units. */
  drawn: number;
  /** 100 × Σr / T, half up to two decimals ('0.00' when T = 0): the share actually recommended. */
  recommendedPercent: string;
  /** In INPUT order. */
  units: QuotaUnitReport[];
}

/** One unit's apportionment, in input order. `remainderNum` is rate × n mod 100 (hundredths of a place). */
export interface Apportionment {
  floor: number;
  extra: 0 | 1;
  tieOrder: number;
  remainderNum: number;
}

/** Codes of units: ASCII letters, digits, '_' and '-' (the same alphabet as the draw protocol). */
const UNIT_CODE_RE = /^[A-Za-z0-9_-]+$/;

function toBigInt(x: bigint | number, what: string): bigint {
  if (typeof x === 'bigint') return x;
  if (typeof x !== 'number' || !Number.isSafeInteger(x)) {
    throw new TypeError(`${what} must be a safe integer, got ${String(x)}`);
  }
  return BigInt(x);
}

function toSafeNumber(x: bigint, what: string): number {
  const n = Number(x);
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} ${x} is too large to hold exactly`);
  return n;
}

/**
 * Integer division rounded half up: roundHalfUpDiv(690, 100) = 7, (650, 100) = 7, (649, 100) = 6.
 * For a negative quotient the half goes away from zero (−6.5 → −7), the usual 四舍五入.
 * `den` must be non-zero; a negative `den` is folded into the sign of `num`.
 * Numbers must be safe integers; the result must fit in a safe integer.
 */
export function roundHalfUpDiv(num: bigint | number, den: bigint | number): number {
  let a = toBigInt(num, 'numerator');
  let b = toBigInt(den, 'denominator');
  if (b === 0n) throw new RangeError('division by zero');
  if (b < 0n) {
    a = -a;
    b = -b;
  }
  // |a| / b half up, then restore the sign (bigint division truncates toward zero).
  const abs = a < 0n ? -a : a;
  const q = (2n * abs + b) / (2n * b);
  return toSafeNumber(a < 0n ? -q : q, 'quotient');
}

/** Byte-value order of two strings (UTF-8 bytes; for ASCII codes this is code-unit order). Never locale collation. */
export function compareBytes(a: string, b: string): number {
  // Fast path (entrant and unit codes are ASCII): below U+0080 a code unit is its one UTF-8 byte.
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x >= 0x80 || y >= 0x80) return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function checkPercent(value: unknown, what: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 100) {
    throw new RangeError(`${what} must be a whole percent from 0 to 100, got ${String(value)}`);
  }
}

/**
 * The largest-remainder apportionment on each unit's own share (RULES §4 rule 2),
 * shared by advancement quotas and prize counts. Results are in INPUT order.
 *
 * Requires: `rate` a whole percent 0..100; every `entrants` a non-negative safe
 * integer; codes unique non-empty strings (they break the last tie by byte value).
 * The parent total T = Σ (floor + extra) = round_half_up(rate × N / 100).
 */
export function largestRemainder(rate: number, units: QuotaUnitInput[]): Apportionment[] {
  checkPercent(rate, 'rate');
  const r = BigInt(rate);
  const seen = new Set<string>();
  let totalEntrants = 0n;
  const rows = units.map((u, index) => {
    if (typeof u.code !== 'string' || u.code === '') throw new TypeError(`units[${index}].code must be a non-empty string`);
    if (seen.has(u.code)) throw new RangeError(`units[${index}].code ${u.code} appears twice`);
    seen.add(u.code);
    if (typeof u.entrants !== 'number' || !Number.isSafeInteger(u.entrants) || u.entrants < 0) {
      throw new RangeError(`units[${index}].entrants must be a non-negative integer, got ${String(u.entrants)}`);
    }
    const n = BigInt(u.entrants);
    totalEntrants += n;
    const product = r * n; // hundredths of a place
    return { index, code: u.code, n, floor: product / 100n, rem: product % 100n };
  });
  const total = BigInt(roundHalfUpDiv(r * totalEntrants, 100n));
  const floorSum = rows.reduce((s, x) => s + x.floor, 0n);
  const leftover = total - floorSum;
  const withRemainder = rows.filter((x) => x.rem > 0n).length;
  // Proved in the header: 0 ≤ leftover ≤ number of units with a nonzero remainder.
  if (leftover < 0n || leftover > BigInt(withRemainder)) {
    throw new Error(`internal: leftover ${leftover} outside 0..${withRemainder}`);
  }
  const order = [...rows].sort((a, b) => {
    if (a.rem !== b.rem) return a.rem > b.rem ? -1 : 1;
    if (a.n !== b.n) return a.n > b.n ? -1 : 1;
    return compareBytes(a.code, b.code);
  });
  const out: Apportionment[] = new Array(rows.length);
  order.forEach((x, pos) => {
    out[x.index] = {
      floor: toSafeNumber(x.floor, 'floor'),
      extra: BigInt(pos) < leftover ? 1 : 0,
      tieOrder: pos + 1,
      remainderNum: Number(x.rem),
    };
  });
  return out;
}

/**
 * Splits a unit's q places (RULES §4 rule 3): recommended r = round_half_up(share% × q)
 * = floor((share × q + 50) / 100) — with 60 this is floor((6q + 5) / 10) — and drawn d = q − r.
 */
export function splitPlaces(q: number, recommendedShare: number): { recommended: number; drawn: number } {
  if (typeof q !== 'number' || !Number.isSafeInteger(q) || q < 0) {
    throw new RangeError(`places must be a non-negative integer, got ${String(q)}`);
  }
  checkPercent(recommendedShare, 'recommendedShare');
  const recommended = roundHalfUpDiv(BigInt(recommendedShare) * BigInt(q), 100n);
  return { recommended, drawn: q - recommended };
}

/** Hundredths as a decimal with two places: 690 → '6.90', 5 → '0.05'. Non-negative only. */
function hundredths(h: bigint): string {
  return `${h / 100n}.${(h % 100n).toString().padStart(2, '0')}`;
}

/**
 * The allocation of a parent's places over its units, with the report of RULES §4 rule 5.
 * Throws on input that {@link validateAllocationInput} would refuse, except that an
 * empty unit list is allowed here (it allocates nothing).
 */
export function allocate(input: { rate: number; recommendedShare: number; units: QuotaUnitInput[] }): QuotaReport {
  checkPercent(input.rate, 'rate');
  checkPercent(input.recommendedShare, 'recommendedShare');
  input.units.forEach((u, i) => {
    if (typeof u.code !== 'string' || !UNIT_CODE_RE.test(u.code)) {
      throw new RangeError(`units[${i}].code must be ASCII letters, digits, '_' or '-', got ${JSON.stringify(u.code)}`);
    }
  });
  const apportioned = largestRemainder(input.rate, input.units);
  const rate = BigInt(input.rate);
  let entrants = 0n;
  let total = 0;
  let recommended = 0;
  let drawn = 0;
  const units = input.units.map((u, i) => {
    const a = apportioned[i];
    const places = a.floor + a.extra;
    const split = splitPlaces(places, input.recommendedShare);
    entrants += BigInt(u.entrants);
    total += places;
    recommended += split.recommended;
    drawn += split.drawn;
    return {
      code: u.code,
      entrants: u.entrants,
      share: hundredths(rate * BigInt(u.entrants)),
      floor: a.floor,
      remainder: hundredths(BigInt(a.remainderNum)),
      tieOrder: a.tieOrder,
      extra: a.extra,
      places,
      recommended: split.recommended,
      drawn: split.drawn,
    };
  });
  const recommendedPercent =
    total === 0 ? '0.00' : hundredths(BigInt(roundHalfUpDiv(BigInt(recommended) * 10000n, BigInt(total))));
  return {
    rate: input.rate,
    recommendedShare: input.recommendedShare,
    entrants: toSafeNumber(entrants, 'entrants'),
    total,
    recommended,
    drawn,
    recommendedPercent,
    units,
  };
}

export interface AllocationInput {
  rate: number;
  recommendedShare: number;
  units: QuotaUnitInput[];
}

export type AllocationValidation = { ok: true; value: AllocationInput } | { ok: false; field: string; message: string };

function isWholePercent(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 100;
}

/**
 * Checks the `allocate` command's JSON (RULES §7): rate and recommendedShare whole
 * percents 0..100, units a non-empty array of { code, entrants }, codes ASCII
 * [A-Za-z0-9_-]+ and unique, entrants non-negative safe integers. Unknown keys are
 * ignored; the returned value is a fresh copy holding only the known keys.
 */
export function validateAllocationInput(x: unknown): AllocationValidation {
  const fail = (field: string, message: string): AllocationValidation => ({ ok: false, field, message });
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return fail('$', 'input must be a JSON object');
  const o = x as Record<string, unknown>;
  if (!isWholePercent(o.rate)) return fail('rate', 'rate must be a whole percent from 0 to 100 (30 means 30%)');
  if (!isWholePercent(o.recommendedShare)) {
    return fail('recommendedShare', 'recommendedShare must be a whole percent from 0 to 100 (60 means 60%)');
  }
  if (!Array.isArray(o.units) || o.units.length === 0) return fail('units', 'units must be a non-empty array');
  const seen = new Map<string, number>();
  const units: QuotaUnitInput[] = [];
  let sum = 0;
  for (let i = 0; i < o.units.length; i++) {
    const u: unknown = o.units[i];
    if (typeof u !== 'object' || u === null || Array.isArray(u)) return fail(`units[${i}]`, 'each unit must be an object { code, entrants }');
    const { code, entrants } = u as Record<string, unknown>;
    if (typeof code !== 'string' || !UNIT_CODE_RE.test(code)) {
      return fail(`units[${i}].code`, "code must be ASCII letters, digits, '_' or '-'");
    }
    const first = seen.get(code);
    if (first !== undefined) return fail(`units[${i}].code`, `code ${code} already used by units[${first}]`);
    seen.set(code, i);
    if (typeof entrants !== 'number' || !Number.isSafeInteger(entrants) || entrants < 0) {
      return fail(`units[${i}].entrants`, 'entrants must be a non-negative integer');
    }
    sum += entrants;
    if (!Number.isSafeInteger(sum)) return fail(`units[${i}].entrants`, 'the entrants add up to more than can be held exactly');
    units.push({ code, entrants });
  }
  return { ok: true, value: { rate: o.rate, recommendedShare: o.recommendedShare, units } };
}
