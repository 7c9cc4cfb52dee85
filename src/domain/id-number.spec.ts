import {
  checkIdNumber,
  idCheckCharacter,
  IdCheck,
  IdFailure,
  isLeapYear,
  isRealDate,
  makeIdNumber,
  maskIdNumber,
  upgradeLegacyId,
} from './id-number';

/*
 * Check characters verified by hand with GB 11643-1999 (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2,
 * sum mod 11 → 1 0 X 9 8 7 6 5 4 3 2):
 *
 *   11010519491231002  (standard's example)
 *     1·7+1·9+0·10+1·5+0·8+5·4+1·2+9·1+4·6+9·3+1·7+2·9+3·10+1·5+0·8+0·4+2·2
 *     = 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2 → 'X'
 *   44052418800101001  (standard's example)
 *     28+36+0+25+16+16+2+8+48+0+0+9+0+5+0+0+2 = 195; 195 mod 11 = 8 → '4'
 *   32010219800101123
 *     21+18+0+5+0+8+2+9+48+0+0+9+0+5+8+8+6 = 147; 147 mod 11 = 4 → '8'
 *   13050319670401001  (upgrade of legacy 130503670401001)
 *     7+27+0+25+0+12+2+9+36+21+0+36+0+5+0+0+2 = 182; 182 mod 11 = 6 → '6'
 *
 * The remaining check characters in the table were computed with an independent script
 * (weighted sum mod 11): 32010219791231123→7 (sum 214), 32010219800102124→1 (154),
 * 51010720000229003→7 (170), 51010720240229004→3 (196), 51010719000229003→0 (177),
 * 51010719900230005→X (200), 51010719901301006→6 (193), 51010719900100007→1 (165),
 * 51010719900001008→3 (163), 33010220261231001→9 (157), 11010519000101001→X (68),
 * 11010518991231001→5 (194), 41030519870815361→0 (309).
 */

type Expected =
  | { valid: true; id: string; birthDate: string; gender: 'male' | 'female' }
  | { valid: false; code: IdFailure; suggestion?: string };

const TODAY = '2026-06-01';

/** [description, input, expected]; every row is checked with options.today = TODAY. */
const KNOWN_ANSWERS: [string, string, Expected][] = [
  // --- valid ---
  ['GB example, female, X check', '11010519491231002X', { valid: true, id: '11010519491231002X', birthDate: '1949-12-31', gender: 'female' }],
  ['lowercase x normalised to X', '11010519491231002x', { valid: true, id: '11010519491231002X', birthDate: '1949-12-31', gender: 'female' }],
  ['surrounding whitespace trimmed', ' \t11010519491231002X \n', { valid: true, id: '11010519491231002X', birthDate: '1949-12-31', gender: 'female' }],
  ['youth cut-off day, male', '320102198001011238', { valid: true, id: '320102198001011238', birthDate: '1980-01-01', gender: 'male' }],
  ['day before cut-off, male', '320102197912311237', { valid: true, id: '320102197912311237', birthDate: '1979-12-31', gender: 'male' }],
  ['day after cut-off, female', '320102198001021241', { valid: true, id: '320102198001021241', birthDate: '1980-01-02', gender: 'female' }],
  ['leap day 2000 (divisible by 400)', '510107200002290037', { valid: true, id: '510107200002290037', birthDate: '2000-02-29', gender: 'male' }],
  ['leap day 2024', '510107202402290043', { valid: true, id: '510107202402290043', birthDate: '2024-02-29', gender: 'female' }],
  ['earliest accepted year 1900-01-01', '11010519000101001X', { valid: true, id: '11010519000101001X', birthDate: '1900-01-01', gender: 'male' }],
  ['check character 0', '410305198708153610', { valid: true, id: '410305198708153610', birthDate: '1987-08-15', gender: 'male' }],
  // --- empty ---
  ['empty string', '', { valid: false, code: 'empty' }],
  ['only whitespace', '   \t ', { valid: false, code: 'empty' }],
  // --- legacy-15 ---
  ['legacy 15-digit of the GB example', '110105491231002', { valid: false, code: 'legacy-15', suggestion: '11010519491231002X' }],
  ['legacy 15-digit, check 6', '130503670401001', { valid: false, code: 'legacy-15', suggestion: '130503196704010016' }],
  ['legacy 15-digit with impossible date: no suggestion', '130503670230001', { valid: false, code: 'legacy-15' }],
  // --- length ---
  ['17 characters', '11010519491231002', { valid: false, code: 'length' }],
  ['19 characters', '11010519491231002X1', { valid: false, code: 'length' }],
  ['inner space makes 19', '110105 19491231002X', { valid: false, code: 'length' }],
  ['15 characters but not all digits', '11010549123100X', { valid: false, code: 'length' }],
  // --- characters ---
  ['letter inside', '1101051949123100AX', { valid: false, code: 'characters' }],
  ['Y as check character', '11010519491231002Y', { valid: false, code: 'characters' }],
  ['X not in last place', 'X10105194912310021', { valid: false, code: 'characters' }],
  ['full-width digits', '１１０１０５１９４９１２３１００２Ｘ', { valid: false, code: 'characters' }],
  // --- month / day ---
  ['month 13', '510107199013010066', { valid: false, code: 'month' }],
  ['month 00', '510107199000010083', { valid: false, code: 'month' }],
  ['day 00', '510107199001000071', { valid: false, code: 'day' }],
  ['1990-02-30', '51010719900230005X', { valid: false, code: 'day' }],
  ['1900-02-29 (1900 is not a leap year)', '510107190002290030', { valid: false, code: 'day' }],
  // --- date-too-early ---
  ['GB example born 1880', '440524188001010014', { valid: false, code: 'date-too-early' }],
  ['1899-12-31', '110105189912310015', { valid: false, code: 'date-too-early' }],
  // --- date-future ---
  ['born 2026-12-31, today 2026-06-01', '330102202612310019', { valid: false, code: 'date-future' }],
  // --- check-character ---
  ['wrong digit check character', '320102198001011230', { valid: false, code: 'check-character' }],
  ['X expected, digit found', '110105194912310021', { valid: false, code: 'check-character' }],
  ['digit expected, X found', '32010219800101123X', { valid: false, code: 'check-character' }],
];

describe('checkIdNumber — known-answer table', () => {
  it('has at least 20 rows', () => {
    expect(KNOWN_ANSWERS.length).toBeGreaterThanOrEqual(20);
  });

  it.each(KNOWN_ANSWERS)('%s: %j', (_desc, input, expected) => {
    const result = checkIdNumber(input, { today: TODAY });
    if (expected.valid) {
      expect(result).toEqual({
        valid: true,
        id: expected.id,
        birthDate: expected.birthDate,
        birthDateCompact: expected.birthDate.replace(/-/g, ''),
        gender: expected.gender,
      });
    } else {
      expect(result.valid).toBe(false);
      if (result.valid) return;
      expect(result.code).toBe(expected.code);
      expect(typeof result.reason).toBe('string');
      expect(result.reason.length).toBeGreaterThan(10);
      expect(result.suggestion).toBe(expected.suggestion);
    }
  });

  it('covers every failure code', () => {
    const all: IdFailure[] = [
      'empty', 'length', 'legacy-15', 'characters', 'month', 'day', 'date-future', 'date-too-early', 'check-character',
    ];
    const seen = new Set(KNOWN_ANSWERS.map(([, , e]) => (e.valid ? null : e.code)));
    for (const code of all) expect(seen.has(code)).toBe(true);
  });
});

/** Narrow an IdCheck to its failure branch (fails the test otherwise). */
function failure(r: IdCheck): Extract<IdCheck, { valid: false }> {
  if (r.valid) throw new Error(`expected an invalid result, got ${JSON.stringify(r)}`);
  return r;
}

describe('checkIdNumber — reasons', () => {
  it('states the length rule with the count found', () => {
    expect(failure(checkIdNumber('11010519491231002')).reason).toBe('ID number must have 18 characters, got 17');
    expect(failure(checkIdNumber('12345')).reason).toBe('ID number must have 18 characters, got 5');
  });

  it('names the expected and the found check character', () => {
    const r = failure(checkIdNumber('320102198001011230'));
    expect(r.reason).toMatch(/should be 8, got 0/);
    expect(failure(checkIdNumber('110105194912310021')).reason).toMatch(/should be X, got 1/);
  });

  it('says which part of the date is wrong', () => {
    expect(failure(checkIdNumber('510107199013010066')).reason).toMatch(/month.*13/i);
    const feb30 = failure(checkIdNumber('51010719900230005X')).reason;
    expect(feb30).toMatch(/day/i);
    expect(feb30).toContain('01 to 28');
    expect(feb30).toContain('1990-02');
    expect(failure(checkIdNumber('510107190002290030')).reason).toContain('01 to 28 in 1900-02, got 29');
    expect(failure(checkIdNumber('440524188001010014')).reason).toMatch(/1900.*1880/);
  });

  it('suggests the 18-character form of a legacy number in the reason', () => {
    const r = failure(checkIdNumber('110105491231002'));
    expect(r.reason).toContain('15-digit');
    expect(r.reason).toContain('11010519491231002X');
  });

  it('explains when a legacy number cannot be upgraded', () => {
    const r = failure(checkIdNumber('130503670230001'));
    expect(r.suggestion).toBeUndefined();
    expect(r.reason).toMatch(/cannot be upgraded/);
    expect(r.reason).toMatch(/day/i);
  });

  it('mentions the characters rule', () => {
    expect(failure(checkIdNumber('1101051949123100AX')).reason).toMatch(/17 digits followed by a digit or X/);
  });

  it('explains an empty number', () => {
    expect(failure(checkIdNumber('')).reason).toMatch(/empty/);
  });
});

describe('checkIdNumber — order of checks', () => {
  it('reports a bad month before a bad check character', () => {
    // Month 13 and a check character that does not match.
    expect(failure(checkIdNumber('510107199013010060')).code).toBe('month');
  });

  it('reports a bad day before a bad check character', () => {
    expect(failure(checkIdNumber('510107199002300051')).code).toBe('day');
  });

  it('reports month before day', () => {
    expect(failure(checkIdNumber('510107199000000000')).code).toBe('month');
  });

  it('reports a too-early year before a bad check character', () => {
    expect(failure(checkIdNumber('440524188001010010')).code).toBe('date-too-early');
  });

  it('reports an impossible day before a too-early year', () => {
    // 1899-02-29 does not exist: day wins over date-too-early.
    expect(failure(checkIdNumber(makeIdNumber('110105', '18990229', '001'))).code).toBe('day');
  });

  it('reports a future date before a bad check character', () => {
    expect(failure(checkIdNumber('330102202612310010', { today: TODAY })).code).toBe('date-future');
  });

  it('reports length before characters', () => {
    expect(failure(checkIdNumber('ABC')).code).toBe('length');
  });

  it('reports legacy-15 before anything about its date', () => {
    expect(failure(checkIdNumber('130503671301001')).code).toBe('legacy-15');
  });
});

describe('checkIdNumber — options.today', () => {
  const born = '330102202612310019'; // 2026-12-31

  it('accepts a birth on today itself, in both date forms', () => {
    expect(checkIdNumber(born, { today: '20261231' }).valid).toBe(true);
    expect(checkIdNumber(born, { today: '2026-12-31' }).valid).toBe(true);
  });

  it('refuses a birth one day after today', () => {
    const r = failure(checkIdNumber(born, { today: '2026-12-30' }));
    expect(r.code).toBe('date-future');
    expect(r.reason).toContain('2026-12-31');
    expect(r.reason).toContain('2026-12-30');
  });

  it('does not check for the future without today', () => {
    expect(checkIdNumber(born).valid).toBe(true);
    expect(checkIdNumber(born, {}).valid).toBe(true);
  });

  it('does not suggest a legacy upgrade that would be in the future', () => {
    // Legacy numbers always upgrade to 19xx, so this only happens with a very early today.
    const r = failure(checkIdNumber('130503670401001', { today: '1960-01-01' }));
    expect(r.code).toBe('legacy-15');
    expect(r.suggestion).toBeUndefined();
  });

  it('throws on a malformed today (a programming error)', () => {
    expect(() => checkIdNumber(born, { today: '2026/12/31' })).toThrow(/today/);
    expect(() => checkIdNumber(born, { today: '2026-1231' })).toThrow(/today/);
    expect(() => checkIdNumber(born, { today: '2026-02-30' })).toThrow(/today/);
    expect(() => checkIdNumber(born, { today: '' })).toThrow(/today/);
  });
});

describe('checkIdNumber — gender', () => {
  it('odd 17th digit is male, even is female, for every digit', () => {
    for (let d = 0; d <= 9; d++) {
      const r = checkIdNumber(makeIdNumber('320102', '19850615', `01${d}`));
      expect(r.valid).toBe(true);
      if (r.valid) expect(r.gender).toBe(d % 2 === 1 ? 'male' : 'female');
    }
  });
});

describe('checkIdNumber — exactly one check character is right', () => {
  it('of the 11 possible last characters only the computed one passes', () => {
    for (const first17 of ['11010519491231002', '32010219800101123', '51010720000229003', '41030519870815361']) {
      const passing = '0123456789X'.split('').filter((c) => checkIdNumber(first17 + c).valid);
      expect(passing).toEqual([idCheckCharacter(first17)]);
    }
  });
});

describe('idCheckCharacter', () => {
  it('matches the hand-computed values', () => {
    expect(idCheckCharacter('11010519491231002')).toBe('X');
    expect(idCheckCharacter('44052418800101001')).toBe('4');
    expect(idCheckCharacter('32010219800101123')).toBe('8');
    expect(idCheckCharacter('13050319670401001')).toBe('6');
    expect(idCheckCharacter('41030519870815361')).toBe('0');
  });

  it('produces all 11 check characters over a range of sequence codes', () => {
    const seen = new Set<string>();
    for (let seq = 0; seq < 200; seq++) {
      seen.add(idCheckCharacter('32010219800101' + String(seq).padStart(3, '0')));
    }
    expect([...seen].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X']);
  });

  it('throws unless given exactly 17 digits', () => {
    expect(() => idCheckCharacter('1101051949123100')).toThrow(/17 digits/);
    expect(() => idCheckCharacter('110105194912310021')).toThrow(/17 digits/);
    expect(() => idCheckCharacter('1101051949123100A')).toThrow(/17 digits/);
  });
});

describe('upgradeLegacyId', () => {
  it('inserts 19 before YYMMDD and appends the check character', () => {
    expect(upgradeLegacyId('110105491231002')).toBe('11010519491231002X');
    expect(upgradeLegacyId('130503670401001')).toBe('130503196704010016');
    expect(upgradeLegacyId('440524800101001')).toBe('440524198001010013');
  });

  it('ignores surrounding whitespace', () => {
    expect(upgradeLegacyId(' 110105491231002 ')).toBe('11010519491231002X');
  });

  it('gives a number that checkIdNumber accepts, with the same gender digit', () => {
    const r = checkIdNumber(upgradeLegacyId('130503670401001'));
    expect(r).toMatchObject({ valid: true, birthDate: '1967-04-01', gender: 'male' });
  });

  it('throws unless given 15 digits', () => {
    expect(() => upgradeLegacyId('11010549123100')).toThrow(/15 digits/);
    expect(() => upgradeLegacyId('11010549123100X')).toThrow(/15 digits/);
    expect(() => upgradeLegacyId('11010519491231002X')).toThrow(/15 digits/);
  });
});

describe('makeIdNumber', () => {
  it('builds the standard example', () => {
    expect(makeIdNumber('110105', '19491231', '002')).toBe('11010519491231002X');
  });

  it('round-trips through checkIdNumber for many dates and sequence codes', () => {
    const dates = ['19000101', '19491231', '19650831', '19650901', '19791231', '19800101', '19960229', '20000229', '20241231'];
    for (const date of dates) {
      for (let seq = 0; seq < 1000; seq += 37) {
        const seq3 = String(seq).padStart(3, '0');
        const id = makeIdNumber('320102', date, seq3);
        const r = checkIdNumber(id);
        expect(r).toEqual({
          valid: true,
          id,
          birthDateCompact: date,
          birthDate: `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)}`,
          gender: seq % 2 === 1 ? 'male' : 'female',
        });
      }
    }
  });

  it('does not check the date, so tests can build date failures with a correct check character', () => {
    expect(failure(checkIdNumber(makeIdNumber('320102', '19901301', '001'))).code).toBe('month');
  });

  it('throws on malformed parts', () => {
    expect(() => makeIdNumber('32010', '19800101', '001')).toThrow(/area/);
    expect(() => makeIdNumber('320102', '1980-01-01', '001')).toThrow(/birth/);
    expect(() => makeIdNumber('320102', '19800101', '01')).toThrow(/sequence/);
  });
});

describe('maskIdNumber', () => {
  it('keeps the first 6 and the last 4 characters', () => {
    expect(maskIdNumber('320102198001011234')).toBe('320102********1234');
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });

  it('trims and shows a lowercase x as X', () => {
    expect(maskIdNumber(' 11010519491231002x ')).toBe('110105********002X');
  });

  it('masks a 15-digit number the same way', () => {
    expect(maskIdNumber('110105491231002')).toBe('110105*****1002');
  });

  it('masks a short value entirely', () => {
    expect(maskIdNumber('1234567890')).toBe('**********');
    expect(maskIdNumber('')).toBe('');
  });

  it('never reveals the birth date of an 18-character number', () => {
    const masked = maskIdNumber('320102198001011238');
    expect(masked).not.toContain('19800101');
    expect(masked.length).toBe(18);
  });
});

describe('isLeapYear', () => {
  it.each([
    [2000, true],
    [2024, true],
    [1996, true],
    [1600, true],
    [1900, false],
    [2100, false],
    [2023, false],
    [1999, false],
  ])('%i → %s', (y, leap) => {
    expect(isLeapYear(y)).toBe(leap);
  });
});

describe('isRealDate', () => {
  it.each([
    [2000, 2, 29, true],
    [2024, 2, 29, true],
    [1900, 2, 29, false],
    [2023, 2, 29, false],
    [1990, 2, 30, false],
    [1990, 2, 28, true],
    [1990, 1, 31, true],
    [1990, 4, 31, false],
    [1990, 4, 30, true],
    [1990, 12, 31, true],
    [1990, 13, 1, false],
    [1990, 0, 1, false],
    [1990, 1, 0, false],
    [1990, 1, 32, false],
    [0, 1, 1, false],
    [10000, 1, 1, false],
    [1990.5, 1, 1, false],
    [1990, 1.5, 1, false],
    [1990, 1, 1.5, false],
    [Number.NaN, 1, 1, false],
  ])('%d-%d-%d → %s', (y, m, d, real) => {
    expect(isRealDate(y, m, d)).toBe(real);
  });

  it('agrees with the month lengths over a whole leap and common year', () => {
    const lengths = (y: number) =>
      Array.from({ length: 12 }, (_, i) => {
        let d = 28;
        while (isRealDate(y, i + 1, d + 1)) d++;
        return d;
      });
    expect(lengths(2024)).toEqual([31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
    expect(lengths(2023)).toEqual([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
  });
});
