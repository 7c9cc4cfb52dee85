/**
 * Exact decimals for scores (RULES §3).
 *
 * A score is held as an integer number of TENTHS of a point (7.5 points = 75).
 * Sums and means are exact rationals with bigint numerator and denominator.
 * The one and only rounding happens at the end: half up to hundredths.
 * No floating-point arithmetic touches a score: input is parsed as text.
 */

/** A score or argument that breaks a rule; `field` says where, `rule` says which rule. */
export class PointsError extends Error {
  constructor(
    readonly field: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'PointsError';
  }
}

/** Rule identifiers used by {@link PointsError}. */
export const POINTS_RULES = {
  /** Not a finite decimal number written with digits (NaN, Infinity, '', 'abc', '1e3'). */
  number: 'number',
  /** More than one decimal place (7.25). */
  oneDecimal: 'one-decimal',
  /** Too large to hold exactly. */
  tooLarge: 'too-large',
} as const;

/** Plain decimal text: optional minus, digits, optional '.' and digits. */
const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * Parses a score to integer tenths: 0 → 0, 7 → 70, 7.5 → 75, '7.5' → 75, '-1' → -10.
 *
 * Parsing is done on the decimal text (a number is turned into its shortest
 * round-trip text first), never by multiplying a float (1.15 * 100 is 114.99999999999999).
 * Refused with a {@link PointsError}: NaN, Infinity, non-numeric text, exponent
 * notation, and more than one decimal place (7.25). Trailing zeros after the
 * first decimal are harmless ('7.50' = 7.5). Negative values are NOT refused
 * here: the range of a score is the sheet's business (see sheets.validateEntry).
 */
export function toTenths(value: number | string, field = 'value'): number {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new PointsError(field, POINTS_RULES.number, `${field}: ${String(value)} is not a finite number`);
    }
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    throw new PointsError(
      field,
      POINTS_RULES.number,
      `${field}: expected a number or decimal text, got ${value === null ? 'null' : typeof value}`,
    );
  }
  const m = DECIMAL.exec(text);
  if (!m) {
    throw new PointsError(
      field,
      POINTS_RULES.number,
      `${field}: ${JSON.stringify(value)} is not a plain decimal number (digits, at most one decimal place)`,
    );
  }
  const [, minus, whole, frac = ''] = m;
  const fracTrimmed = frac.replace(/0+$/, '');
  if (fracTrimmed.length > 1) {
    throw new PointsError(
      field,
      POINTS_RULES.oneDecimal,
      `${field}: ${text} has more than one decimal place (scores are given to at most one decimal place, e.g. 7.5)`,
    );
  }
  const tenths = BigInt(whole) * 10n + BigInt(fracTrimmed === '' ? 0 : Number(fracTrimmed));
  if (tenths > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new PointsError(field, POINTS_RULES.tooLarge, `${field}: ${text} is too large`);
  }
  const n = Number(tenths);
  // avoid -0
  return minus && n !== 0 ? -n : n;
}

/** Formats integer tenths as a one-decimal string: 75 → '7.5', 80 → '8.0', -5 → '-0.5'. */
export function formatTenths(t: number): string {
  if (!Number.isSafeInteger(t)) {
    throw new PointsError('tenths', POINTS_RULES.number, `tenths must be a safe integer, got ${String(t)}`);
  }
  const neg = t < 0;
  const a = Math.abs(t);
  return `${neg ? '-' : ''}${Math.floor(a / 10)}.${a % 10}`;
}

/**
 * Rounds the exact rational num/den (in POINTS) to whole hundredths, half up:
 * 80.975 (= 3239/40) → 8098n. For a negative value the magnitude is rounded half
 * up and the sign kept (half away from zero, 四舍五入): -2.345 → -235n, so a
 * harsh and a lenient deviation of the same size print with the same digits.
 * Integer arithmetic only.
 */
export function roundHalfUpToHundredths(num: bigint, den: bigint): bigint {
  if (den === 0n) throw new PointsError('den', POINTS_RULES.number, 'denominator must not be zero');
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const neg = num < 0n;
  const a = neg ? -num : num;
  // floor(a*100/den + 1/2) = floor((200a + den) / (2 den))
  const r = (200n * a + den) / (2n * den);
  return neg ? -r : r;
}

/** Formats hundredths with two decimals: 8098 → '80.98', 5 → '0.05', -5 → '-0.05'. */
export function formatHundredths(h: bigint | number): string {
  let v: bigint;
  if (typeof h === 'bigint') {
    v = h;
  } else {
    if (!Number.isSafeInteger(h)) {
      throw new PointsError('hundredths', POINTS_RULES.number, `hundredths must be a safe integer, got ${String(h)}`);
    }
    v = BigInt(h);
  }
  const neg = v < 0n;
  const a = neg ? -v : v;
  const frac = (a % 100n).toString().padStart(2, '0');
  return `${neg ? '-' : ''}${a / 100n}.${frac}`;
}

/** An exact rational number; always reduced, `den` > 0. */
export interface Rational {
  num: bigint;
  den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** Builds a reduced rational num/den with a positive denominator. */
export function rational(num: bigint, den: bigint = 1n): Rational {
  if (den === 0n) throw new PointsError('den', POINTS_RULES.number, 'denominator must not be zero');
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const g = gcd(num, den);
  return g > 1n ? { num: num / g, den: den / g } : { num, den };
}

/** Compares two rationals: negative, zero or positive like a sort comparator. */
export function compareRational(a: Rational, b: Rational): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** a − b, exactly. */
export function subtractRational(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den - b.num * a.den, a.den * b.den);
}

/** Rounds a rational in points (half up, see {@link roundHalfUpToHundredths}) and formats it: '80.98'. */
export function formatRational(r: Rational): string {
  return formatHundredths(roundHalfUpToHundredths(r.num, r.den));
}
