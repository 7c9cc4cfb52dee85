import { defaultPreset } from '../domain/preset';
import { Contest } from './contest.entity';
import { contestRules, defaultContestRules } from './contest-rules';

describe('the contest as the domain sees it', () => {
  const preset = defaultPreset();
  const contest = (groups?: { code: string; name: string }[]): Contest =>
    Object.assign(new Contest(), {
      id: 4,
      year: 2026,
      youthCutoffDate: '1991-09-01',
      youthCutoffInclusive: true,
      subjects: preset.subjects.slice(0, 2),
      settings: { ...preset, groups: groups ?? preset.groups },
    });

  it('takes the group names, subjects and thresholds from the contest', () => {
    const r = contestRules(contest([{ code: 'senior', name: '中老年教师组' }]));
    expect(r).toMatchObject({ contestId: 4, year: 2026, youthCutoff: { date: '1991-09-01', inclusive: true }, subjects: preset.subjects.slice(0, 2) });
    expect(r.groupNames).toEqual({ 'primary-youth': '小学青年组', 'junior-youth': '初中青年组', senior: '中老年教师组' });
    expect(r.preset.subjects).toEqual(preset.subjects.slice(0, 2));
    expect(r.preset.sheets).toEqual(preset.sheets);
  });

  it("before any contest: the default preset's rules", () => {
    const r = defaultContestRules(2025);
    expect(r).toMatchObject({ contestId: null, year: 2025, youthCutoff: preset.youthCutoff, subjects: preset.subjects, priorFirstPrizeYears: preset.exclusion.priorFirstPrizeYears });
    expect(Object.keys(r.groupNames)).toEqual(preset.groups.map((g) => g.code));
  });
});
