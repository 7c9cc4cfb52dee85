import { defaultPreset } from './preset';
import { matchSubject, synonymsOf } from './subject-names';

describe('subject names (the contest table of synonyms and stage prefixes)', () => {
  const preset = defaultPreset();
  const subjects = preset.subjects;
  const names = preset.subjectNames;

  it.each([
    ['语文', 'chinese', null, 'name'],
    ['english', 'english', null, 'code'],
    ['Math', 'math', null, 'code'],
    ['信息科技', 'it', null, 'synonym'],
    ['体育与健康', 'pe', null, 'synonym'],
    ['道德与法治', 'social', null, 'synonym'],
    ['小学语文', 'chinese', 'primary', 'name'],
    ['初中数学', 'math', 'junior', 'name'],
    ['小学 信息科技', 'it', 'primary', 'synonym'],
    [' 美 术 ', 'art', null, 'name'],
  ])('%s → %s (stage %s, by %s)', (text, code, stage, via) => {
    expect(matchSubject(text, subjects, names)).toMatchObject({ subject: { code }, stage, via });
  });

  it.each(['体操', '小学', '', '初中体操'])('%s is no subject', (text) => {
    expect(matchSubject(text, subjects, names)).toBeNull();
  });

  it("a synonym of a subject the contest does not have is no match, nor listed", () => {
    const noIt = subjects.filter((s) => s.code !== 'it');
    expect(matchSubject('信息科技', noIt, names)).toBeNull();
    expect(synonymsOf(noIt, names).some((s) => s.synonym === '信息科技')).toBe(false);
    expect(synonymsOf(subjects, names)).toContainEqual({ synonym: '信息科技', subject: expect.objectContaining({ code: 'it' }) });
  });
});
