/**
 * How a clerk's subject text maps to a subject of the contest: the contest's own name or code,
 * a synonym of the contest's table (信息科技 → 信息技术, 体育与健康 → 体育, …), or either after a
 * stage prefix (小学语文, 初中数学), which then also names the stage. The table is data: the
 * contest's settings, defaults in data/default-contest.json (`subjectNames`).
 */
import type { Stage, SubjectDef } from './preset';

export interface SubjectNames {
  /** Other names of a subject: text → subject code. */
  synonyms: Record<string, string>;
  /** Stage prefixes a subject name may carry: text → stage. */
  stagePrefixes: Record<string, Stage>;
}

export interface SubjectMatch {
  subject: SubjectDef;
  /** The stage the text names (a stage prefix), or null. */
  stage: Stage | null;
  /** How the text was recognised. */
  via: 'name' | 'code' | 'synonym';
}

/** Compared without spaces, NFKC (full-width letters), letters in lower case. */
function key(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

function direct(text: string, subjects: SubjectDef[], names: SubjectNames): Omit<SubjectMatch, 'stage'> | null {
  const k = key(text);
  const byName = subjects.find((s) => key(s.name) === k);
  if (byName) return { subject: byName, via: 'name' };
  const byCode = subjects.find((s) => s.code.toLowerCase() === k);
  if (byCode) return { subject: byCode, via: 'code' };
  for (const [synonym, code] of Object.entries(names.synonyms)) {
    if (key(synonym) !== k) continue;
    const s = subjects.find((x) => x.code === code);
    if (s) return { subject: s, via: 'synonym' };
  }
  return null;
}

/** The subject a text names, or null. */
export function matchSubject(text: string, subjects: SubjectDef[], names: SubjectNames): SubjectMatch | null {
  const found = direct(text, subjects, names);
  if (found) return { ...found, stage: null };
  const k = key(text);
  // The longest prefix first (初级中学 before 初中).
  const prefixes = Object.entries(names.stagePrefixes).sort((a, b) => key(b[0]).length - key(a[0]).length);
  for (const [prefix, stage] of prefixes) {
    const p = key(prefix);
    if (!k.startsWith(p) || k.length === p.length) continue;
    const rest = direct(k.slice(p.length), subjects, names);
    if (rest) return { ...rest, via: rest.via === 'code' ? 'code' : rest.via, stage };
  }
  return null;
}

/** The synonyms that lead to one of the subjects (for the template's instructions). */
export function synonymsOf(subjects: SubjectDef[], names: SubjectNames): { synonym: string; subject: SubjectDef }[] {
  return Object.entries(names.synonyms).flatMap(([synonym, code]) => {
    const subject = subjects.find((s) => s.code === code);
    return subject ? [{ synonym, subject }] : [];
  });
}
