import { defaultPreset } from './preset';
import {
  Sheet,
  SheetError,
  SheetProblem,
  featuredLabel,
  finalSheetFor,
  heaviestFirst,
  schoolPreliminarySheet,
  validateEntry,
  validateSheet,
} from './sheets';

const preset = defaultPreset();
const PRELIM: Sheet = preset.sheets.preliminary; // 10 / 10 / 30 / 50

function rules(problems: SheetProblem[]): string[] {
  return problems.map((p) => p.rule);
}

function problemsOf(result: { tenths: number[] } | { problems: SheetProblem[] }): SheetProblem[] {
  if ('problems' in result) return result.problems;
  throw new Error(`expected problems, got tenths ${JSON.stringify(result.tenths)}`);
}

function tenthsOf(result: { tenths: number[] } | { problems: SheetProblem[] }): number[] {
  if ('tenths' in result) return result.tenths;
  throw new Error(`expected tenths, got ${JSON.stringify(result.problems)}`);
}

describe('validateSheet', () => {
  it('accepts the preset sheets (10+10+30+50 = 100; 15+15+70 = 100)', () => {
    expect(validateSheet(preset.sheets.preliminary)).toEqual([]);
    expect(validateSheet(preset.sheets.semifinal)).toEqual([]);
    expect(validateSheet(preset.sheets.final)).toEqual([]);
  });

  it('refuses a sheet totalling 99 (10+10+30+49)', () => {
    const sheet = PRELIM.map((it) => (it.key === 'classroom' ? { ...it, points: 49 } : it));
    const problems = validateSheet(sheet);
    expect(rules(problems)).toEqual(['total-100']);
    expect(problems[0].message).toContain('99');
    expect(problems[0].field).toBe('sheet');
  });

  it('refuses a sheet totalling 101 (10+10+30+51)', () => {
    const sheet = PRELIM.map((it) => (it.key === 'classroom' ? { ...it, points: 51 } : it));
    const problems = validateSheet(sheet);
    expect(rules(problems)).toEqual(['total-100']);
    expect(problems[0].message).toContain('101');
  });

  it('refuses a duplicate key, naming the item', () => {
    const sheet: Sheet = [
      { key: 'a', name: '甲', points: 50 },
      { key: 'a', name: '乙', points: 50 },
    ];
    const problems = validateSheet(sheet);
    expect(rules(problems)).toEqual(['unique-key']);
    expect(problems[0].field).toBe('sheet[1].key');
    expect(problems[0].message).toContain('乙');
  });

  it('refuses a duplicate name', () => {
    const problems = validateSheet([
      { key: 'a', name: '课堂教学', points: 50 },
      { key: 'b', name: '课堂教学', points: 50 },
    ]);
    expect(rules(problems)).toEqual(['unique-name']);
  });

  it('refuses fractional points (10 + 10 + 29.5 + 50.5 totals 100 but is not whole)', () => {
    const sheet = PRELIM.map((it) =>
      it.key === 'design-tech' ? { ...it, points: 29.5 } : it.key === 'classroom' ? { ...it, points: 50.5 } : it,
    );
    const problems = validateSheet(sheet);
    expect(rules(problems)).toEqual(['whole-positive', 'whole-positive']);
    expect(problems[0].field).toBe('sheet[2].points');
    expect(problems[0].message).toContain('教学设计与科技运用');
  });

  it('refuses zero and negative points', () => {
    const problems = validateSheet([
      { key: 'a', name: '甲', points: 0 },
      { key: 'b', name: '乙', points: -10 },
      { key: 'c', name: '丙', points: 110 },
    ]);
    expect(rules(problems)).toEqual(['whole-positive', 'whole-positive']);
  });

  it('refuses points given as text', () => {
    const problems = validateSheet([{ key: 'a', name: '甲', points: '100' as unknown as number }]);
    expect(rules(problems)).toEqual(['whole-positive']);
  });

  it('refuses an empty key or name and an empty sheet', () => {
    const problems = validateSheet([
      { key: '', name: '甲', points: 50 },
      { key: 'b', name: '  ', points: 50 },
    ]);
    expect(rules(problems)).toEqual(['required', 'required']);
    expect(problems.map((p) => p.field)).toEqual(['sheet[0].key', 'sheet[1].name']);
    expect(rules(validateSheet([]))).toEqual(['non-empty']);
  });

  it('reports every problem at once', () => {
    const problems = validateSheet([
      { key: 'a', name: '甲', points: 10 },
      { key: 'a', name: '甲', points: 10.5 },
    ]);
    expect(rules(problems).sort()).toEqual(['unique-key', 'unique-name', 'whole-positive']);
  });
});

describe('schoolPreliminarySheet', () => {
  it('adds Putonghua and reweights so the sheet still totals 100 (10+10+30+45+5)', () => {
    const sheet = schoolPreliminarySheet(PRELIM, [{ key: 'putonghua', name: '普通话', points: 5 }], { classroom: 45 });
    expect(sheet).toEqual([
      { key: 'handwriting', name: '书写技能', points: 10 },
      { key: 'classic-case', name: '学科经典案例展示', points: 10 },
      { key: 'design-tech', name: '教学设计与科技运用', points: 30 },
      { key: 'classroom', name: '课堂教学', points: 45 },
      { key: 'putonghua', name: '普通话', points: 5 },
    ]);
    expect(validateSheet(sheet)).toEqual([]);
  });

  it('does not modify the base sheet or the preset', () => {
    const base = defaultPreset().sheets.preliminary;
    const before = JSON.stringify(base);
    schoolPreliminarySheet(base, [{ key: 'putonghua', name: '普通话', points: 10 }], { classroom: 40 });
    expect(JSON.stringify(base)).toBe(before);
  });

  it('may reweight an added item too', () => {
    const sheet = schoolPreliminarySheet(PRELIM, [{ key: 'putonghua', name: '普通话', points: 99 }], {
      putonghua: 10,
      classroom: 40,
    });
    expect(sheet.map((i) => i.points)).toEqual([10, 10, 30, 40, 10]); // 100
  });

  it('throws a SheetError listing the problems when the sheet no longer totals 100 (105)', () => {
    let error: unknown;
    try {
      schoolPreliminarySheet(PRELIM, [{ key: 'putonghua', name: '普通话', points: 5 }], {});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SheetError);
    const problems = (error as SheetError).problems;
    expect(rules(problems)).toEqual(['total-100']);
    expect((error as SheetError).message).toContain('105');
  });

  it('refuses an added item that duplicates a base key or name', () => {
    expect(() => schoolPreliminarySheet(PRELIM, [{ key: 'classroom', name: '普通话', points: 5 }], { classroom: 45 })).toThrow(
      SheetError,
    );
    try {
      schoolPreliminarySheet(PRELIM, [{ key: 'putonghua', name: '书写技能', points: 5 }], { classroom: 45 });
      throw new Error('not refused');
    } catch (e) {
      expect(rules((e as SheetError).problems)).toEqual(['unique-name']);
    }
  });

  it('refuses reweighting an item that is not on the sheet', () => {
    try {
      schoolPreliminarySheet(PRELIM, [], { nosuch: 5 });
      throw new Error('not refused');
    } catch (e) {
      expect(e).toBeInstanceOf(SheetError);
      expect((e as SheetError).problems[0]).toMatchObject({ field: 'reweighted.nosuch', rule: 'unknown-item' });
    }
  });

  it('refuses fractional or zero reweighting', () => {
    expect(() => schoolPreliminarySheet(PRELIM, [{ key: 'p', name: '普通话', points: 5 }], { classroom: 44.5, handwriting: 10.5 })).toThrow(
      /whole number/,
    );
    expect(() => schoolPreliminarySheet(PRELIM, [{ key: 'p', name: '普通话', points: 10 }], { handwriting: 0 })).toThrow(SheetError);
  });
});

describe('validateEntry', () => {
  it('returns tenths in sheet order', () => {
    // 8.5 + 8.4 + 25 + 42 = 83.9
    expect(tenthsOf(validateEntry(PRELIM, [8.5, '8.4', 25, '42.0']))).toEqual([85, 84, 250, 420]);
  });

  it('accepts both bounds: 0 and the item’s full points', () => {
    expect(tenthsOf(validateEntry(PRELIM, [0, 10, 30, 50]))).toEqual([0, 100, 300, 500]);
  });

  it('refuses 7.25 (two decimal places), naming the item', () => {
    const problems = problemsOf(validateEntry(PRELIM, [7.25, 8, 25, 40]));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: 'handwriting', rule: 'one-decimal' });
    expect(problems[0].message).toContain('书写技能');
  });

  it('refuses -1 (below 0)', () => {
    const problems = problemsOf(validateEntry(PRELIM, [8, -1, 25, 40]));
    expect(problems).toEqual([expect.objectContaining({ field: 'classic-case', rule: 'range' })]);
    expect(problems[0].message).toContain('学科经典案例展示');
  });

  it('refuses 10.1 on a 10-point item, and 50.1 on the 50-point item', () => {
    expect(problemsOf(validateEntry(PRELIM, [10.1, 8, 25, 40]))).toEqual([
      expect.objectContaining({ field: 'handwriting', rule: 'range' }),
    ]);
    expect(problemsOf(validateEntry(PRELIM, [10, 8, 25, '50.1']))).toEqual([
      expect.objectContaining({ field: 'classroom', rule: 'range' }),
    ]);
  });

  it('refuses text that is not a number, and missing scores', () => {
    const problems = problemsOf(validateEntry(PRELIM, ['abc', NaN, null as unknown as number, '']));
    expect(problems.map((p) => [p.field, p.rule])).toEqual([
      ['handwriting', 'number'],
      ['classic-case', 'number'],
      ['design-tech', 'required'],
      ['classroom', 'required'],
    ]);
  });

  it('refuses the wrong number of scores', () => {
    const problems = problemsOf(validateEntry(PRELIM, [8, 8, 25]));
    expect(problems).toEqual([expect.objectContaining({ field: 'scores', rule: 'count' })]);
    expect(problems[0].message).toContain('expected 4 scores');
    expect(problemsOf(validateEntry(PRELIM, [8, 8, 25, 40, 1]))[0].rule).toBe('count');
  });

  it('reports every bad item, not only the first', () => {
    const problems = problemsOf(validateEntry(PRELIM, [7.25, -1, 30.5, 50]));
    expect(problems.map((p) => p.field)).toEqual(['handwriting', 'classic-case', 'design-tech']);
  });

  it('reports an invalid sheet instead of scoring on it', () => {
    const bad: Sheet = [{ key: 'a', name: '甲', points: 99 }];
    expect(rules(problemsOf(validateEntry(bad, [1])))).toEqual(['total-100']);
  });
});

describe('featuredLabel', () => {
  it.each<[string, string]>([
    ['music', '器乐演奏'],
    ['art', '创意绘画'],
    ['pe', '技能展示'],
    ['it', '实操展示'],
    ['social', '即兴演讲'],
    ['math', '教学设计展示'],
    ['chinese', '教学设计展示'],
    ['physics', '教学设计展示'],
  ])('%s → %s', (subject, label) => {
    expect(featuredLabel(subject, preset.subjects, preset.featuredLabels)).toBe(label);
  });

  it('gives an unknown subject the design label', () => {
    expect(featuredLabel('calligraphy', preset.subjects, preset.featuredLabels)).toBe('教学设计展示');
  });

  it('falls back to the design label when a kind has no label', () => {
    const labels = { ...preset.featuredLabels } as Record<string, string>;
    delete labels.instrument;
    expect(featuredLabel('music', preset.subjects, labels as typeof preset.featuredLabels)).toBe('教学设计展示');
  });
});

describe('finalSheetFor', () => {
  it('renames the featured item by subject and keeps the other items', () => {
    expect(finalSheetFor('music', preset)).toEqual([
      { key: 'featured', name: '特色项目展示（器乐演奏）', points: 15 },
      { key: 'qa', name: '现场问答', points: 15 },
      { key: 'micro-lesson', name: '教学设计和微型课堂教学', points: 70 },
    ]);
    expect(finalSheetFor('math', preset)[0].name).toBe('特色项目展示（教学设计展示）');
    expect(finalSheetFor('pe', preset)[0].name).toBe('特色项目展示（技能展示）');
    expect(finalSheetFor('nosuch', preset)[0].name).toBe('特色项目展示（教学设计展示）');
  });

  it('does not modify the preset, and the result is still a valid sheet', () => {
    const p = defaultPreset();
    const sheet = finalSheetFor('art', p);
    expect(p.sheets.final[0].name).toBe('特色项目展示');
    expect(validateSheet(sheet)).toEqual([]);
  });
});

describe('heaviestFirst', () => {
  it('orders the preliminary sheet classroom, design, handwriting, classic case', () => {
    // points 10, 10, 30, 50 → 50 (3), 30 (2), then the two 10s in sheet order (0, 1)
    expect(heaviestFirst(PRELIM)).toEqual([3, 2, 0, 1]);
  });

  it('orders the final sheet micro-lesson, featured, qa', () => {
    // points 15, 15, 70 → 70 (2), 15 (0), 15 (1)
    expect(heaviestFirst(preset.sheets.final)).toEqual([2, 0, 1]);
  });

  it('handles a school sheet with an added item', () => {
    const sheet = schoolPreliminarySheet(PRELIM, [{ key: 'putonghua', name: '普通话', points: 5 }], { classroom: 45 });
    expect(heaviestFirst(sheet)).toEqual([3, 2, 0, 1, 4]);
  });
});
