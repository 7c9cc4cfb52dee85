import Database from 'better-sqlite3';
import seedrandom = require('seedrandom');
import { belongsOnPanel, conflictOf, conflictSets, conflictWithAny, EntrantFacts, PanelFacts, panelIneligibility, panelMembershipSql, panelMismatch, rankingGroup } from './panels';
import type { RoundCode } from './preset';

const ROUNDS: RoundCode[] = ['preliminary', 'semifinal', 'final'];

/** Entrants over every combination of contest, round, group, status, school and district. */
function entrants(): (EntrantFacts & { id: number })[] {
  const out: (EntrantFacts & { id: number })[] = [];
  let id = 0;
  for (const contestId of [1, 2])
    for (const round of ROUNDS)
      for (const groupCode of ['primary-youth', 'senior'])
        for (const status of ['active', 'withdrawn'])
          for (const [schoolId, districtId] of [[11, 1], [12, 1], [21, 2]])
            out.push({ id: ++id, contestId, round, groupCode, status, schoolId, districtId });
  return out;
}

const PANELS: PanelFacts[] = [
  { contestId: 1, round: 'preliminary', groupCode: 'senior', schoolId: 11, districtId: 1 },
  { contestId: 1, round: 'semifinal', groupCode: 'primary-youth', schoolId: null, districtId: 1 },
  { contestId: 1, round: 'semifinal', groupCode: 'senior', schoolId: null, districtId: 2 },
  { contestId: 2, round: 'final', groupCode: 'senior', schoolId: null, districtId: null },
];

describe('which entrants belong on a panel', () => {
  const semi = PANELS[1];
  const e = (over: Partial<EntrantFacts>): EntrantFacts => ({ contestId: 1, round: 'semifinal', groupCode: 'primary-youth', status: 'active', schoolId: 12, districtId: 1, ...over });

  it.each([
    [{}, null],
    [{ contestId: 2 }, "is not an entrant of this contest's semifinal"],
    [{ round: 'final' as RoundCode }, "is not an entrant of this contest's semifinal"],
    [{ groupCode: 'senior' }, 'is in group senior, the panel judges primary-youth'],
    [{ status: 'withdrawn' }, 'is withdrawn'],
    [{ districtId: 2 }, 'is not an entrant of the panel’s district'],
  ])('semi-final panel of district 1, entrant %j → %s', (over, why) => {
    expect(panelMismatch(semi, e(over))).toBe(why);
  });

  it('a preliminary panel takes its own school only; the final anyone of its group', () => {
    expect(panelMismatch(PANELS[0], e({ round: 'preliminary', groupCode: 'senior', schoolId: 12 }))).toBe('is not an entrant of the panel’s school');
    expect(belongsOnPanel(PANELS[0], e({ round: 'preliminary', groupCode: 'senior', schoolId: 11 }))).toBe(true);
    expect(belongsOnPanel(PANELS[3], e({ contestId: 2, round: 'final', groupCode: 'senior', schoolId: 21, districtId: 2 }))).toBe(true);
  });

  it('the SQL condition finds exactly the entrants the predicate accepts', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE round_entrants (id INTEGER PRIMARY KEY, contest_id INTEGER, round TEXT, group_code TEXT, status TEXT, school_id INTEGER, district_id INTEGER)');
    const insert = db.prepare('INSERT INTO round_entrants VALUES (?, ?, ?, ?, ?, ?, ?)');
    const all = entrants();
    for (const x of all) insert.run(x.id, x.contestId, x.round, x.groupCode, x.status, x.schoolId, x.districtId);
    for (const panel of PANELS) {
      const { sql, params } = panelMembershipSql(panel);
      const bySql = (db.prepare(`SELECT e.id FROM round_entrants e WHERE ${sql} ORDER BY e.id`).all(params) as { id: number }[]).map((r) => r.id);
      const byRule = all.filter((x) => belongsOnPanel(panel, x)).map((x) => x.id);
      expect(byRule.length).toBeGreaterThan(0);
      expect(bySql).toEqual(byRule);
    }
    db.close();
  });
});

describe('ranking groups', () => {
  it.each([
    ['preliminary', 'senior', 'math', 'senior'],
    ['semifinal', 'senior', 'math', 'math:senior'],
    ['final', 'primary-youth', 'chinese', 'chinese:primary-youth'],
  ] as [RoundCode, string, string, string][])('%s, group %s, subject %s → %s', (round, group, subject, expected) => {
    expect(rankingGroup(round, group, subject)).toBe(expected);
  });
});

describe('conflict of interest', () => {
  const entrant = { schoolId: 11, districtId: 1 };
  it.each([
    [{ schoolId: 11, districtId: 1 }, 'preliminary', 'school'],
    [{ schoolId: 11, districtId: 1 }, 'final', 'school'],
    [{ schoolId: 12, districtId: 1 }, 'semifinal', null],
    [{ schoolId: 12, districtId: 1 }, 'final', 'district'],
    [{ schoolId: null, districtId: 1 }, 'final', 'district'],
    [{ schoolId: null, districtId: null }, 'final', null],
    [{ schoolId: 21, districtId: 2 }, 'final', null],
  ] as [{ schoolId: number | null; districtId: number | null }, RoundCode, string | null][])('judge %j in the %s → %s', (judge, round, expected) => {
    expect(conflictOf(judge, entrant, round)).toBe(expected);
  });
});

// The conflict and eligibility rules as the planning branch tested them (kept beside the tables above).
describe('conflictOf with conflictWithAny (RULES §3)', () => {
  it.each([
    [{ schoolId: 1, districtId: 1 }, { schoolId: 1, districtId: 1 }, 'preliminary', 'school'],
    [{ schoolId: 1, districtId: 1 }, { schoolId: 2, districtId: 1 }, 'semifinal', null],
    [{ schoolId: 1, districtId: 1 }, { schoolId: 2, districtId: 1 }, 'final', 'district'],
    [{ schoolId: 1, districtId: 1 }, { schoolId: 1, districtId: 1 }, 'final', 'school'],
    [{ schoolId: null, districtId: 1 }, { schoolId: 2, districtId: 1 }, 'final', 'district'],
    [{ schoolId: null, districtId: null }, { schoolId: 2, districtId: 1 }, 'final', null],
    [{ schoolId: 3, districtId: 2 }, { schoolId: 2, districtId: 1 }, 'final', null],
  ])('judge %j, entrant %j, %s → %s', (j, e, round, want) => {
    expect(conflictOf(j, e, round as RoundCode)).toBe(want);
  });

  it('conflictWithAny finds a conflict exactly when conflictOf does with some contestant (generated)', () => {
    const rnd = seedrandom('conflicts');
    const int = (n: number) => Math.floor(rnd() * n);
    for (let k = 0; k < 2000; k++) {
      const entrants = Array.from({ length: 1 + int(8) }, () => ({ schoolId: 1 + int(12), districtId: 1 + int(4) }));
      const judge = { schoolId: int(3) === 0 ? null : 1 + int(14), districtId: int(4) === 0 ? null : 1 + int(5) };
      const round = (['preliminary', 'semifinal', 'final'] as RoundCode[])[int(3)];
      const one = entrants.some((e) => conflictOf(judge, e, round) !== null);
      expect(conflictWithAny(judge, conflictSets(entrants), round) !== null).toBe(one);
    }
  });
});

describe('panel eligibility', () => {
  const panel: PanelFacts = { contestId: 1, round: 'semifinal', subject: 'math', groupCode: 'primary-youth', schoolId: null, districtId: 7 };
  const e: EntrantFacts = { contestId: 1, round: 'semifinal', subject: 'math', groupCode: 'primary-youth', status: 'active', schoolId: 3, districtId: 7 };
  it.each([
    [{}, null],
    [{ contestId: 2 }, 'round'],
    [{ round: 'preliminary' }, 'round'],
    [{ groupCode: 'senior' }, 'group'],
    [{ subject: 'chinese' }, 'subject'],
    [{ status: 'withdrawn' }, 'status'],
    [{ districtId: 8 }, 'district'],
  ])('entrant %j → %s', (change, rule) => {
    expect(panelIneligibility(panel, { ...e, ...(change as Partial<EntrantFacts>) })?.rule ?? null).toBe(rule);
  });
  it('a preliminary panel takes its school only; a panel without a subject takes any subject; a merged panel each of its groups', () => {
    const pre: PanelFacts = { ...panel, round: 'preliminary', schoolId: 3, districtId: 7 };
    expect(belongsOnPanel(pre, { ...e, round: 'preliminary' })).toBe(true);
    expect(panelIneligibility(pre, { ...e, round: 'preliminary', schoolId: 4 })?.rule).toBe('school');
    expect(belongsOnPanel({ ...panel, subject: null }, { ...e, subject: 'art' })).toBe(true);
    const merged = { ...panel, mergedGroups: ['primary-youth', 'senior'] };
    expect(belongsOnPanel(merged, { ...e, groupCode: 'senior' })).toBe(true);
    expect(belongsOnPanel(merged, { ...e, groupCode: 'junior-youth' })).toBe(false);
    expect(belongsOnPanel({ ...panel, round: 'final', districtId: null }, { ...e, round: 'final', districtId: 99 })).toBe(true);
  });
});

