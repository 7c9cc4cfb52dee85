import {
  EligibilityInput,
  exclusions,
  groupForTeacher,
  groupOf,
  isYouth,
  nearRetirementRefusal,
  qualifiesNearRetirement,
  teacherStageForSchool,
} from './groups';
import { defaultPreset } from './preset';

const INCLUSIVE = { date: '1980-01-01', inclusive: true };
const EXCLUSIVE = { date: '1980-01-01', inclusive: false };
const RETIREMENT = { male: '1965-09-01', female: '1970-09-01' };

describe('isYouth', () => {
  it.each([
    ['19791231', INCLUSIVE, false],
    ['19800101', INCLUSIVE, true],
    ['19800102', INCLUSIVE, true],
    ['19791231', EXCLUSIVE, false],
    ['19800101', EXCLUSIVE, false],
    ['19800102', EXCLUSIVE, true],
    ['19650101', INCLUSIVE, false],
    ['20000229', INCLUSIVE, true],
  ])('born %s, cut-off %j → %s', (birth, cutoff, youth) => {
    expect(isYouth(birth, cutoff)).toBe(youth);
  });

  it('uses the default preset cut-off (1980-01-01, inclusive)', () => {
    const { youthCutoff } = defaultPreset();
    expect(youthCutoff).toEqual(INCLUSIVE);
    expect(isYouth('19800101', youthCutoff)).toBe(true);
    expect(isYouth('19791231', youthCutoff)).toBe(false);
  });

  it('honours a configured cut-off date, compact form accepted too', () => {
    expect(isYouth('19850601', { date: '1985-06-01', inclusive: true })).toBe(true);
    expect(isYouth('19850531', { date: '1985-06-01', inclusive: true })).toBe(false);
    expect(isYouth('19850601', { date: '19850601', inclusive: false })).toBe(false);
  });

  it('does not depend on the time zone (text comparison)', () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'Asia/Shanghai';
      expect(isYouth('19800101', INCLUSIVE)).toBe(true);
      process.env.TZ = 'America/Los_Angeles';
      expect(isYouth('19800101', INCLUSIVE)).toBe(true);
      expect(isYouth('19791231', INCLUSIVE)).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('throws on malformed or impossible dates', () => {
    expect(() => isYouth('1980-1-1', INCLUSIVE)).toThrow(/Birth date/);
    expect(() => isYouth('19800230', INCLUSIVE)).toThrow(/Birth date/);
    expect(() => isYouth('', INCLUSIVE)).toThrow(/Birth date/);
    expect(() => isYouth('19800101', { date: '1980/01/01', inclusive: true })).toThrow(/cut-off/);
    expect(() => isYouth('19800101', { date: '1980-0101', inclusive: true })).toThrow(/cut-off/);
  });
});

describe('groupOf', () => {
  it.each([
    ['primary', true, 'primary-youth'],
    ['junior', true, 'junior-youth'],
    ['primary', false, 'senior'],
    ['junior', false, 'senior'],
  ] as const)('%s, youth=%s → %s', (stage, youth, group) => {
    expect(groupOf(stage, youth)).toBe(group);
  });

  it('returns only codes the preset defines', () => {
    const codes = defaultPreset().groups.map((g) => g.code);
    for (const stage of ['primary', 'junior'] as const) {
      for (const youth of [true, false]) expect(codes).toContain(groupOf(stage, youth));
    }
  });

  it('throws on an unknown stage', () => {
    expect(() => groupOf('senior' as never, true)).toThrow(/stage/);
  });
});

describe('groupForTeacher', () => {
  it.each([
    ['19791231', 'primary', INCLUSIVE, 'senior'],
    ['19800101', 'primary', INCLUSIVE, 'primary-youth'],
    ['19800102', 'junior', INCLUSIVE, 'junior-youth'],
    ['19800101', 'junior', EXCLUSIVE, 'senior'],
    ['19800102', 'junior', EXCLUSIVE, 'junior-youth'],
    ['19600101', 'junior', INCLUSIVE, 'senior'],
  ] as const)('born %s, %s, cut-off %j → %s', (birthCompact, stage, cutoff, group) => {
    expect(groupForTeacher({ birthCompact, stage }, cutoff)).toBe(group);
  });
});

describe('teacherStageForSchool', () => {
  it('a primary or junior school forces its own stage', () => {
    expect(teacherStageForSchool('primary')).toBe('primary');
    expect(teacherStageForSchool('junior')).toBe('junior');
    expect(teacherStageForSchool('primary', 'junior')).toBe('primary');
    expect(teacherStageForSchool('junior', 'primary')).toBe('junior');
  });

  it("a nine-year school takes the teacher's own stage", () => {
    expect(teacherStageForSchool('nine-year', 'primary')).toBe('primary');
    expect(teacherStageForSchool('nine-year', 'junior')).toBe('junior');
  });

  it('a nine-year school without the teacher stage throws a clear error', () => {
    expect(() => teacherStageForSchool('nine-year')).toThrow(/nine-year school.*must state the stage/);
    expect(() => teacherStageForSchool('nine-year', 'nine-year' as never)).toThrow(/got "nine-year"/);
  });

  it('an unknown school stage throws', () => {
    expect(() => teacherStageForSchool('high' as never, 'primary')).toThrow(/Unknown school stage/);
  });

  it('combines with groupForTeacher', () => {
    const stage = teacherStageForSchool('nine-year', 'junior');
    expect(groupForTeacher({ birthCompact: '19900101', stage }, INCLUSIVE)).toBe('junior-youth');
  });
});

describe('exclusions', () => {
  const clean: EligibilityInput = { schoolInDistrictSeat: false, transferredToDistrictSeat: false, priorAwards: [] };
  const codes = (input: Partial<EligibilityInput>, year = 2026, window = 5) =>
    exclusions({ ...clean, ...input }, year, window).map((e) => e.code);

  it('an ordinary teacher is eligible (empty list)', () => {
    expect(exclusions(clean, 2026, 5)).toEqual([]);
  });

  it('excludes a teacher of a district-seat school', () => {
    expect(exclusions({ ...clean, schoolInDistrictSeat: true }, 2026, 5)).toEqual([
      { code: 'district-seat-school', reason: '所在学校位于区政府所在地' },
    ]);
  });

  it('excludes a teacher transferred to a district-seat school', () => {
    expect(exclusions({ ...clean, transferredToDistrictSeat: true }, 2026, 5)).toEqual([
      { code: 'transferred-to-district-seat', reason: '已调入区政府所在地学校' },
    ]);
  });

  describe('recent first prize: window contestYear-5 < year <= contestYear', () => {
    it.each([
      [2020, false],
      [2021, false], // 2026 - 5: just outside
      [2022, true], // first year inside
      [2024, true],
      [2026, true], // the contest year itself
      [2027, false], // after the contest year: not a prior award
    ])('county first prize in %i (contest 2026) → excluded %s', (year, excluded) => {
      expect(codes({ priorAwards: [{ year, level: 'county', prize: 'first' }] })).toEqual(
        excluded ? ['recent-first-prize'] : [],
      );
    });

    it.each([
      ['school', false],
      ['county', true],
      ['city', true],
      ['province', true],
      ['national', true],
    ] as const)('first prize at %s level → excluded %s', (level, excluded) => {
      expect(codes({ priorAwards: [{ year: 2025, level, prize: 'first' }] })).toEqual(
        excluded ? ['recent-first-prize'] : [],
      );
    });

    it.each(['second', 'third', 'other'] as const)('a %s prize never excludes, even at national level', (prize) => {
      expect(codes({ priorAwards: [{ year: 2025, level: 'national', prize }] })).toEqual([]);
    });

    it('follows a configured window: 3 years counts 2024..2026 only', () => {
      expect(codes({ priorAwards: [{ year: 2023, level: 'city', prize: 'first' }] }, 2026, 3)).toEqual([]);
      expect(codes({ priorAwards: [{ year: 2024, level: 'city', prize: 'first' }] }, 2026, 3)).toEqual([
        'recent-first-prize',
      ]);
    });

    it('a window of 0 years switches the rule off', () => {
      expect(codes({ priorAwards: [{ year: 2026, level: 'national', prize: 'first' }] }, 2026, 0)).toEqual([]);
    });

    it('uses the default preset window', () => {
      const { priorFirstPrizeYears } = defaultPreset().exclusion;
      expect(priorFirstPrizeYears).toBe(5);
      expect(codes({ priorAwards: [{ year: 2022, level: 'county', prize: 'first' }] }, 2026, priorFirstPrizeYears)).toEqual([
        'recent-first-prize',
      ]);
    });

    it('gives one exclusion listing every counted award, newest first, with the window in the reason', () => {
      const result = exclusions(
        {
          ...clean,
          priorAwards: [
            { year: 2022, level: 'county', prize: 'first' },
            { year: 2019, level: 'national', prize: 'first' }, // too old
            { year: 2025, level: 'province', prize: 'first' },
            { year: 2024, level: 'school', prize: 'first' }, // school level
            { year: 2024, level: 'city', prize: 'second' }, // second prize
          ],
        },
        2026,
        5,
      );
      expect(result).toEqual([
        {
          code: 'recent-first-prize',
          reason: '近5年内（2022—2026年）曾获县级及以上专业技能比赛一等奖：2025年省级一等奖、2022年县级一等奖',
        },
      ]);
    });
  });

  it('reports several exclusions at once, in a fixed order', () => {
    const result = exclusions(
      {
        priorAwards: [{ year: 2024, level: 'city', prize: 'first' }],
        transferredToDistrictSeat: true,
        schoolInDistrictSeat: true,
      },
      2026,
      5,
    );
    expect(result.map((e) => e.code)).toEqual([
      'district-seat-school',
      'transferred-to-district-seat',
      'recent-first-prize',
    ]);
    for (const e of result) expect(e.reason).toMatch(/[\u4e00-\u9fff]/);
  });

  it('does not modify its input', () => {
    const input: EligibilityInput = {
      ...clean,
      priorAwards: [
        { year: 2022, level: 'county', prize: 'first' },
        { year: 2025, level: 'city', prize: 'first' },
      ],
    };
    const copy = JSON.parse(JSON.stringify(input));
    exclusions(input, 2026, 5);
    expect(input).toEqual(copy);
  });

  it('throws on a nonsensical contest year or window', () => {
    expect(() => exclusions(clean, 26, 5)).toThrow(/contestYear/);
    expect(() => exclusions(clean, 2026.5, 5)).toThrow(/contestYear/);
    expect(() => exclusions(clean, 2026, -1)).toThrow(/priorFirstPrizeYears/);
    expect(() => exclusions(clean, 2026, 2.5)).toThrow(/priorFirstPrizeYears/);
  });
});

describe('near-retirement exemption', () => {
  it.each([
    ['male', '19650831', true], // the day before the cut-off qualifies
    ['male', '19650901', false], // born on the cut-off day does not
    ['male', '19650902', false],
    ['male', '19500101', true],
    ['female', '19700831', true],
    ['female', '19700901', false],
    ['female', '19700902', false],
    ['female', '19680101', true],
    // The cut-off follows the teacher's gender, not the other one's.
    ['male', '19680101', false],
    ['female', '19650831', true],
  ] as const)('%s born %s → qualifies %s', (gender, birth, qualifies) => {
    expect(qualifiesNearRetirement(gender, birth, RETIREMENT)).toBe(qualifies);
    expect(nearRetirementRefusal(gender, birth, RETIREMENT) === null).toBe(qualifies);
  });

  it('uses the default preset cut-offs', () => {
    const { nearRetirement } = defaultPreset();
    expect(nearRetirement).toEqual(RETIREMENT);
    expect(qualifiesNearRetirement('male', '19650831', nearRetirement)).toBe(true);
    expect(qualifiesNearRetirement('female', '19700901', nearRetirement)).toBe(false);
  });

  it('refuses with a Chinese sentence naming the cut-off and the birth date', () => {
    expect(nearRetirementRefusal('male', '19700302', RETIREMENT)).toBe('男教师须在1965-09-01之前出生，该教师出生于1970-03-02');
    expect(nearRetirementRefusal('female', '19700901', RETIREMENT)).toBe('女教师须在1970-09-01之前出生，该教师出生于1970-09-01');
  });

  it('throws on malformed dates or an unknown gender', () => {
    expect(() => qualifiesNearRetirement('male', '1965-0831', RETIREMENT)).toThrow(/Birth date/);
    expect(() => qualifiesNearRetirement('male', '19650831', { ...RETIREMENT, male: '1965-09-31' })).toThrow(/cut-off/);
    expect(() => qualifiesNearRetirement('other' as never, '19650831', RETIREMENT)).toThrow(/gender/);
    expect(() => nearRetirementRefusal('female', '19700231', RETIREMENT)).toThrow(/Birth date/);
  });
});
