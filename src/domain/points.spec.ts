import {
  PointsError,
  compareRational,
  formatHundredths,
  formatRational,
  formatTenths,
  rational,
  roundHalfUpToHundredths,
  subtractRational,
  toTenths,
} from './points';

function pointsError(fn: () => unknown): PointsError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PointsError) return e;
    throw e;
  }
  throw new Error('expected a PointsError');
}

describe('toTenths', () => {
  it.each<[number | string, number]>([
    [0, 0],
    [7, 70],
    [7.5, 75],
    ['7.5', 75],
    ['7', 70],
    [' 7.5 ', 75],
    ['0.1', 1],
    [50, 500],
    ['50.0', 500],
    ['7.50', 75], // trailing zeros after the first decimal are harmless
    ['007.5', 75],
    [100, 1000],
  ])('%p → %p tenths', (value, tenths) => {
    expect(toTenths(value)).toBe(tenths);
  });

  it('parses the decimal text, never multiplies a float (1.15*100 = 114.99999999999999)', () => {
    expect(1.15 * 100).not.toBe(115); // the kind of trap text parsing avoids
    expect(toTenths(7.3)).toBe(73);
    expect(toTenths(0.7)).toBe(7);
    expect(toTenths(8.3)).toBe(83);
    expect(toTenths(26.1)).toBe(261);
  });

  it('keeps the sign of a negative value (range is the sheet’s job) and never returns -0', () => {
    expect(toTenths(-1)).toBe(-10);
    expect(toTenths('-0.5')).toBe(-5);
    expect(Object.is(toTenths('-0'), 0)).toBe(true);
    expect(Object.is(toTenths(-0), 0)).toBe(true);
  });

  it('refuses more than one decimal place, naming the field and the rule', () => {
    const e = pointsError(() => toTenths(7.25, 'classroom'));
    expect(e.field).toBe('classroom');
    expect(e.rule).toBe('one-decimal');
    expect(e.message).toContain('classroom');
    expect(e.message).toContain('more than one decimal place');
    expect(pointsError(() => toTenths('7.25')).rule).toBe('one-decimal');
    expect(pointsError(() => toTenths('7.251')).rule).toBe('one-decimal');
    // 0.1 + 0.2 = 0.30000000000000004: a floating-point artefact is not silently accepted
    expect(pointsError(() => toTenths(0.1 + 0.2)).rule).toBe('one-decimal');
  });

  it.each<[unknown]>([[NaN], [Infinity], [-Infinity], [''], ['  '], ['abc'], ['7.'], ['.5'], ['1e2'], [1e21], ['+7'], ['7,5'], [null], [undefined], [{}]])(
    'refuses %p as not a number',
    (value) => {
      const e = pointsError(() => toTenths(value as number, 'score'));
      expect(e.rule).toBe('number');
      expect(e.field).toBe('score');
      expect(e.message).toContain('score');
    },
  );

  it('uses "value" as the default field name', () => {
    expect(pointsError(() => toTenths(NaN)).field).toBe('value');
  });

  it('refuses values too large to hold exactly', () => {
    expect(pointsError(() => toTenths('9007199254740992')).rule).toBe('too-large');
  });
});

describe('formatTenths', () => {
  it.each<[number, string]>([
    [75, '7.5'],
    [80, '8.0'],
    [0, '0.0'],
    [1, '0.1'],
    [1000, '100.0'],
    [839, '83.9'],
    [-5, '-0.5'],
    [-105, '-10.5'],
  ])('%p → %p', (t, s) => expect(formatTenths(t)).toBe(s));

  it('refuses a non-integer', () => {
    expect(() => formatTenths(7.5)).toThrow(PointsError);
  });
});

describe('roundHalfUpToHundredths', () => {
  it('rounds the RULES example 80.975 = 3239/40 up to 80.98, where toFixed gives 80.97', () => {
    // 323.9 / 4 = 80.975; 3239/40 * 100 = 8097.5 → half up → 8098
    expect(roundHalfUpToHundredths(3239n, 40n)).toBe(8098n);
    expect((80.975).toFixed(2)).toBe('80.97'); // the floating-point trap the exact path avoids
  });

  it.each<[bigint, bigint, bigint, string]>([
    [80475n, 1000n, 8048n, '80.475 → 80.48 (half up)'],
    [80474n, 1000n, 8047n, '80.474 → 80.47'],
    [80476n, 1000n, 8048n, '80.476 → 80.48'],
    [1n, 200n, 1n, '0.005 → 0.01'],
    [1n, 300n, 0n, '0.00333… → 0.00'],
    [260n, 3n, 8667n, '86.666… → 86.67'],
    [254n, 3n, 8467n, '84.666… → 84.67'],
    [265n, 3n, 8833n, '88.333… → 88.33'],
    [0n, 7n, 0n, '0 → 0'],
    [100n, 1n, 10000n, '100 → 100.00'],
    [-3239n, -40n, 8098n, 'negative numerator and denominator: 80.975'],
  ])('%p/%p → %p (%s)', (num, den, expected) => {
    expect(roundHalfUpToHundredths(num, den)).toBe(expected);
  });

  it('rounds a negative value by its magnitude (half away from zero), symmetric with the positive', () => {
    // -2.345 → -2.35 ; -2.344 → -2.34
    expect(roundHalfUpToHundredths(-2345n, 1000n)).toBe(-235n);
    expect(roundHalfUpToHundredths(2345n, -1000n)).toBe(-235n);
    expect(roundHalfUpToHundredths(-2344n, 1000n)).toBe(-234n);
  });

  it('refuses a zero denominator', () => {
    expect(() => roundHalfUpToHundredths(1n, 0n)).toThrow(/denominator/);
  });
});

describe('formatHundredths', () => {
  it.each<[bigint | number, string]>([
    [8098n, '80.98'],
    [5n, '0.05'],
    [5, '0.05'],
    [0n, '0.00'],
    [10000n, '100.00'],
    [1050, '10.50'],
    [-5n, '-0.05'],
    [-1725n, '-17.25'],
  ])('%p → %p', (h, s) => expect(formatHundredths(h)).toBe(s));

  it('refuses a non-integer number', () => {
    expect(() => formatHundredths(1.5)).toThrow(PointsError);
  });
});

describe('rational helpers', () => {
  it('reduces and keeps the denominator positive', () => {
    expect(rational(6n, 4n)).toEqual({ num: 3n, den: 2n });
    expect(rational(3n, -6n)).toEqual({ num: -1n, den: 2n });
    expect(rational(0n, 5n)).toEqual({ num: 0n, den: 1n });
    expect(rational(7n)).toEqual({ num: 7n, den: 1n });
    expect(() => rational(1n, 0n)).toThrow(PointsError);
  });

  it('compares and subtracts exactly', () => {
    // 1/3 < 0.34 = 17/50; 10/4 = 5/2
    expect(compareRational(rational(1n, 3n), rational(17n, 50n))).toBeLessThan(0);
    expect(compareRational(rational(10n, 4n), rational(5n, 2n))).toBe(0);
    expect(compareRational(rational(1n), rational(-1n))).toBeGreaterThan(0);
    // 95 - 160.5/2 ... in tenths: 950 - 1601/2 = 299/2
    expect(subtractRational(rational(950n), rational(1601n, 2n))).toEqual({ num: 299n, den: 2n });
  });

  it('formats a rational in points with one half-up rounding', () => {
    expect(formatRational(rational(3239n, 40n))).toBe('80.98');
    expect(formatRational(rational(-69n, 4n))).toBe('-17.25');
  });
});
