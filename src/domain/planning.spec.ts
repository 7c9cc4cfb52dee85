import seedrandom = require('seedrandom');
import {
  assignJudges,
  DEFAULT_PLANNING,
  evenSizes,
  panelEntrants,
  PanelToFill,
  PlanEntrant,
  planningRules,
  planRound,
  PlanRequest,
  PoolJudge,
} from './planning';
import { conflictOf } from './panels';
import type { GroupCode, RoundCode } from './preset';

const GROUPS: GroupCode[] = ['primary-youth', 'junior-youth', 'senior'];
const SUBJECTS = ['chinese', 'math', 'english', 'science', 'music'];

describe('planningRules', () => {
  it('defaults: 5 judges in the semi-final and final, no merging; a contest overrides parts', () => {
    expect(planningRules(undefined)).toEqual(DEFAULT_PLANNING);
    expect(DEFAULT_PLANNING.panelSize.semifinal).toBe(5);
    expect(DEFAULT_PLANNING.panelSize.final).toBe(5);
    expect(DEFAULT_PLANNING.merge.allowed).toBe(false);
    const r = planningRules({ planning: { panelSize: { final: 7 } as never } });
    expect(r.panelSize).toEqual({ preliminary: 3, semifinal: 5, final: 7 });
  });
});

function entrants(spec: [subject: string, group: GroupCode, n: number, unit?: number][]): PlanEntrant[] {
  const out: PlanEntrant[] = [];
  let id = 0;
  for (const [subject, groupCode, n, unit = 1] of spec) {
    for (let i = 0; i < n; i++) out.push({ id: ++id, subject, groupCode, schoolId: 100 * unit + (i % 4), districtId: unit });
  }
  return out;
}

const req = (over: Partial<PlanRequest> = {}): PlanRequest => ({
  round: 'semifinal',
  maxPanelSize: 10,
  sessions: [
    { date: '2025-12-09', time: '08:30' },
    { date: '2025-12-09', time: '14:00' },
  ],
  rooms: ['101', '102', '103'],
  merge: DEFAULT_PLANNING.merge,
  ...over,
});

describe('planRound', () => {
  it('evenSizes splits near-equally, larger first', () => {
    expect(evenSizes(23, 2)).toEqual([12, 11]);
    expect(evenSizes(21, 3)).toEqual([7, 7, 7]);
    expect(evenSizes(22, 3)).toEqual([8, 7, 7]);
    expect(evenSizes(1, 1)).toEqual([1]);
  });

  it('splits by subject × group, each bucket into the fewest panels of at most the maximum, sizes even', () => {
    const plan = planRound(entrants([['math', 'primary-youth', 23], ['math', 'senior', 2], ['chinese', 'primary-youth', 10]]), req({ subjectOrder: ['chinese', 'math'] }));
    expect(plan.problems).toEqual([]);
    expect(plan.panels.map((p) => [p.subject, p.groupCodes.join('+'), p.entrantIds.length])).toEqual([
      ['chinese', 'primary-youth', 10],
      ['math', 'primary-youth', 8],
      ['math', 'primary-youth', 8],
      ['math', 'primary-youth', 7],
      ['math', 'senior', 2], // a group of any size is its own panel by default
    ]);
    // Round-robin over the two sessions, parallel panels in different rooms.
    expect(plan.panels.map((p) => [p.sessionIndex, p.room])).toEqual([
      [0, '101'],
      [1, '101'],
      [0, '102'],
      [1, '102'],
      [0, '103'],
    ]);
    // Every entrant exactly once.
    const all = plan.panels.flatMap((p) => p.entrantIds).sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 35 }, (_, i) => i + 1));
  });

  it('merges small groups of one subject only where the contest allows it', () => {
    const es = entrants([['music', 'primary-youth', 3], ['music', 'senior', 2], ['music', 'junior-youth', 2], ['math', 'senior', 12]]);
    const off = planRound(es, req());
    expect(off.panels.map((p) => [p.subject, p.groupCodes.join('+')])).toEqual([['math', 'senior'], ['math', 'senior'], ['music', 'primary-youth'], ['music', 'junior-youth'], ['music', 'senior']]);
    const on = planRound(es, req({ merge: { allowed: true, below: 5, groups: [['primary-youth', 'senior']] } }));
    expect(on.panels.map((p) => [p.subject, p.groupCodes.join('+'), p.entrantIds.length])).toEqual([
      ['math', 'senior', 6],
      ['math', 'senior', 6],
      ['music', 'primary-youth+senior', 5],
      ['music', 'junior-youth', 2],
    ]);
  });

  it('plans each unit on its own (the semi-final of several districts), numbered per unit', () => {
    const plan = planRound(entrants([['math', 'senior', 5, 1], ['math', 'senior', 5, 2]]), req());
    expect(plan.panels.map((p) => [p.unitId, p.number])).toEqual([
      [1, 1],
      [2, 1],
    ]);
  });

  it('panelEntrants gives each planned panel its entrants, in id order or not', () => {
    const { es } = district('panel-entrants', { schools: 8, entrants: 300, judges: 0 });
    const plan = planRound(es, req({ maxPanelSize: 7, rooms: Array.from({ length: 40 }, (_, i) => `R${i}`) }));
    expect(plan.panels.length).toBeGreaterThan(10);
    const expected = plan.panels.map((p) => p.entrantIds.map((id) => es.find((e) => e.id === id)));
    expect(panelEntrants(plan.panels, es)).toEqual(expected);
    const shuffled = [...es].reverse();
    const got = panelEntrants(plan.panels, shuffled);
    got.forEach((list, i) => list.forEach((e, k) => expect(e).toBe(expected[i][k])));
  });

  it('reports too few rooms, and no sessions', () => {
    const plan = planRound(entrants([['math', 'senior', 80]]), req({ rooms: ['101'] }));
    expect(plan.problems.map((p) => p.rule)).toEqual(['rooms']);
    expect(plan.problems[0].messageZh).toContain('每场需要4个考场');
    expect(planRound(entrants([['math', 'senior', 1]]), req({ sessions: [] })).problems[0].rule).toBe('sessions');
    expect(planRound([], req()).problems[0].rule).toBe('empty');
  });
});

/** A generated district: schools, entrants, a pool of judges (some from the district's schools). */
function district(seed: string, opts: { schools: number; entrants: number; judges: number; subjects?: boolean }) {
  const rnd = seedrandom(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const es: PlanEntrant[] = Array.from({ length: opts.entrants }, (_, i) => ({
    id: i + 1,
    subject: SUBJECTS[int(SUBJECTS.length)],
    groupCode: GROUPS[int(3)],
    schoolId: 1 + int(opts.schools),
    districtId: 1 + int(3),
  }));
  const pool: PoolJudge[] = Array.from({ length: opts.judges }, (_, i) => ({
    id: 1000 + i,
    schoolId: int(3) === 0 ? null : 1 + int(opts.schools + 5),
    districtId: 1 + int(4),
    subjects: opts.subjects ? [SUBJECTS[int(SUBJECTS.length)], SUBJECTS[int(SUBJECTS.length)]] : null,
  }));
  return { es, pool };
}

function toFill(es: PlanEntrant[], round: RoundCode, r: PlanRequest): PanelToFill[] {
  const byId = new Map(es.map((e) => [e.id, e]));
  return planRound(es, { ...r, round }).panels.map((p, i) => ({
    key: i + 1,
    sessionKey: String(p.sessionIndex),
    subject: p.subject,
    entrants: p.entrantIds.map((id) => byId.get(id)!),
    seated: [],
  }));
}

describe('assignJudges', () => {
  it('known answer: two panels, four judges, size 2: least loaded first, a head each, the conflict avoided', () => {
    const panels: PanelToFill[] = [
      { key: 1, sessionKey: 'a', subject: 'math', entrants: [{ schoolId: 1, districtId: 1 }], seated: [] },
      { key: 2, sessionKey: 'b', subject: 'math', entrants: [{ schoolId: 2, districtId: 1 }], seated: [] },
    ];
    const pool: PoolJudge[] = [
      { id: 1, schoolId: 1, districtId: 1, subjects: null },
      { id: 2, schoolId: 3, districtId: 1, subjects: ['math'] },
      { id: 3, schoolId: null, districtId: null, subjects: ['chinese'] },
      { id: 4, schoolId: 2, districtId: 1, subjects: null },
    ];
    const a = assignJudges(panels, pool, { round: 'semifinal', panelSize: 2 });
    expect(a.unfilled).toEqual([]);
    expect(a.seats).toEqual([
      { panelKey: 1, judgeId: 2, head: true },
      { panelKey: 1, judgeId: 4, head: false },
      { panelKey: 2, judgeId: 1, head: true },
      { panelKey: 2, judgeId: 2, head: false },
    ]);
  });

  it('keeps the judges already seated and their head, and counts them in the load', () => {
    const panels: PanelToFill[] = [{ key: 1, sessionKey: 'a', subject: null, entrants: [{ schoolId: 1, districtId: 1 }], seated: [{ judgeId: 9, head: true }] }];
    const pool: PoolJudge[] = [9, 10, 11].map((id) => ({ id, schoolId: null, districtId: null, subjects: null }));
    const a = assignJudges(panels, pool, { round: 'preliminary', panelSize: 3 });
    expect(a.seats).toEqual([
      { panelKey: 1, judgeId: 10, head: false },
      { panelKey: 1, judgeId: 11, head: false },
    ]);
    expect(a.load.get(9)).toBe(1);
  });

  it('a pool too small: the panels it cannot fill are reported with the reason', () => {
    const panels: PanelToFill[] = [{ key: 1, sessionKey: 'a', subject: 'math', entrants: [{ schoolId: 1, districtId: 1 }], seated: [] }];
    const pool: PoolJudge[] = [
      { id: 1, schoolId: 1, districtId: 1, subjects: null },
      { id: 2, schoolId: 2, districtId: 1, subjects: ['art'] },
      { id: 3, schoolId: 2, districtId: 1, subjects: null },
    ];
    const a = assignJudges(panels, pool, { round: 'semifinal', panelSize: 5 });
    expect(a.seats).toEqual([{ panelKey: 1, judgeId: 3, head: true }]);
    expect(a.unfilled).toEqual([
      expect.objectContaining({ panelKey: 1, needed: 5, found: 1, excluded: { conflict: 1, subject: 1, busy: 0 } }),
    ]);
    expect(a.unfilled[0].messageZh).toBe('只能安排1名评委（需要5名）：评委库共3人，其中1人需回避，1人不能评该学科，0人同一场次已有任务');
  });

  it.each([
    ['semifinal', false],
    ['final', false],
    ['semifinal', true],
    ['preliminary', true],
  ] as [RoundCode, boolean][])('generated districts (%s, subjects %s): no conflict ever, a head each, no judge twice in a session, load even', (round, subjects) => {
    for (const seed of ['a', 'b', 'c']) {
      const { es, pool } = district(`${seed}-${round}-${subjects}`, { schools: 12, entrants: 240, judges: subjects ? 200 : 60, subjects });
      const panels = toFill(es, round, req({ maxPanelSize: 12, sessions: [0, 1, 2, 3].map((i) => ({ date: '2025-12-09', time: `0${i + 8}:00` })), rooms: Array.from({ length: 20 }, (_, i) => `R${i}`) }));
      const a = assignJudges(panels, pool, { round, panelSize: 5 });
      const judge = new Map(pool.map((j) => [j.id, j]));
      const byPanel = new Map<number, typeof a.seats>();
      for (const s of a.seats) byPanel.set(s.panelKey, [...(byPanel.get(s.panelKey) ?? []), s]);
      const sessionSeen = new Set<string>();
      for (const p of panels) {
        const seats = byPanel.get(p.key) ?? [];
        const unfilled = a.unfilled.find((u) => u.panelKey === p.key);
        if (!unfilled) expect(seats).toHaveLength(5);
        if (seats.length) expect(seats.filter((s) => s.head)).toHaveLength(1);
        for (const s of seats) {
          const j = judge.get(s.judgeId)!;
          for (const e of p.entrants) expect(conflictOf(j, e, round)).toBeNull();
          if (j.subjects) expect(j.subjects).toContain(p.subject);
          const k = `${p.sessionKey}|${s.judgeId}`;
          expect(sessionSeen.has(k)).toBe(false);
          sessionSeen.add(k);
        }
      }
      if (!subjects) {
        // Without subject limits the load is even among the judges free of conflicts: max − min ≤ 1
        // over those who could sit anywhere (no school).
        const free = pool.filter((j) => j.schoolId === null && (round !== 'final' || j.districtId === null)).map((j) => a.load.get(j.id)!);
        if (free.length > 1) expect(Math.max(...free) - Math.min(...free)).toBeLessThanOrEqual(1);
        const loads = [...a.load.values()];
        if (round === 'semifinal') expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(2);
      }
    }
  });

  it('generated: the same seats, unfilled panels and loads as the rule applied judge by judge', () => {
    // The rule as written (assignJudges' comment), with no index: panels by fewest eligible judges
    // (then key); for each, the judges free in the session, without a conflict and with the
    // subject, by load and then by when they reached it (at the start: by id); the head the chosen
    // judge with the fewest head roles (then lower id). The indexed version must choose the same.
    const reference = (panels: PanelToFill[], pool: PoolJudge[], round: RoundCode, size: number) => {
      const ok = (j: PoolJudge, p: PanelToFill) =>
        (p.subject === null || !j.subjects || !j.subjects.length || j.subjects.includes(p.subject)) && p.entrants.every((e) => conflictOf(j, e, round) === null);
      const load = new Map(pool.map((j) => [j.id, 0]));
      const heads = new Map(pool.map((j) => [j.id, 0]));
      const busy = new Set<string>();
      for (const p of panels) {
        for (const s of p.seated) {
          busy.add(`${p.sessionKey}|${s.judgeId}`);
          if (load.has(s.judgeId)) load.set(s.judgeId, load.get(s.judgeId)! + 1);
          if (s.head && heads.has(s.judgeId)) heads.set(s.judgeId, heads.get(s.judgeId)! + 1);
        }
      }
      let clock = 0;
      const reached = new Map<number, number>();
      for (const ji of pool.map((_, i) => i).sort((a, b) => load.get(pool[a].id)! - load.get(pool[b].id)! || pool[a].id - pool[b].id)) reached.set(ji, clock++);
      const eligible = panels.map((p) => pool.filter((j) => ok(j, p)).length);
      const order = panels.map((_, i) => i).sort((a, b) => eligible[a] - eligible[b] || panels[a].key - panels[b].key);
      const seats: { panelKey: number; judgeId: number; head: boolean }[] = [];
      const unfilled: { panelKey: number; found: number; excluded: { conflict: number; subject: number; busy: number } }[] = [];
      for (const pi of order) {
        const p = panels[pi];
        const need = size - p.seated.length;
        const candidates = pool
          .map((j, ji) => ji)
          .filter((ji) => !busy.has(`${p.sessionKey}|${pool[ji].id}`) && ok(pool[ji], p))
          .sort((a, b) => load.get(pool[a].id)! - load.get(pool[b].id)! || reached.get(a)! - reached.get(b)!);
        const best = candidates.slice(0, Math.max(0, need));
        let head = -1;
        if (!p.seated.some((s) => s.head) && best.length) {
          head = best.reduce((h, ji) => (heads.get(pool[ji].id)! < heads.get(pool[h].id)! || (heads.get(pool[ji].id)! === heads.get(pool[h].id)! && pool[ji].id < pool[h].id) ? ji : h), best[0]);
          heads.set(pool[head].id, heads.get(pool[head].id)! + 1);
        }
        for (const ji of best) {
          load.set(pool[ji].id, load.get(pool[ji].id)! + 1);
          reached.set(ji, clock++);
          busy.add(`${p.sessionKey}|${pool[ji].id}`);
          seats.push({ panelKey: p.key, judgeId: pool[ji].id, head: ji === head });
        }
        if (need > 0 && best.length < need) {
          const excluded = { conflict: 0, subject: 0, busy: 0 };
          const chosen = new Set(best.map((ji) => pool[ji].id));
          for (const j of pool) {
            if (p.seated.some((s) => s.judgeId === j.id) || chosen.has(j.id)) continue;
            if (p.subject !== null && j.subjects && j.subjects.length && !j.subjects.includes(p.subject)) excluded.subject++;
            else if (!ok(j, p)) excluded.conflict++;
            else if (busy.has(`${p.sessionKey}|${j.id}`)) excluded.busy++;
          }
          unfilled.push({ panelKey: p.key, found: p.seated.length + best.length, excluded });
        }
      }
      seats.sort((a, b) => a.panelKey - b.panelKey || Number(b.head) - Number(a.head) || a.judgeId - b.judgeId);
      unfilled.sort((a, b) => a.panelKey - b.panelKey);
      return { seats, unfilled, load };
    };
    const rounds: RoundCode[] = ['preliminary', 'semifinal', 'final'];
    for (let n = 0; n < 40; n++) {
      const rnd = seedrandom(`same-${n}`);
      const int = (k: number) => Math.floor(rnd() * k);
      const round = rounds[n % 3];
      const { es, pool } = district(`same-${n}`, { schools: 2 + int(12), entrants: 20 + int(300), judges: 3 + int(n % 4 ? 150 : 20), subjects: n % 2 === 0 });
      if (n % 3 === 0) for (const j of pool) if (int(4) === 0) j.subjects = [];
      const panels = toFill(es, round, req({ maxPanelSize: 4 + int(12), sessions: Array.from({ length: 1 + int(5) }, (_, i) => ({ date: '2025-12-09', time: `${10 + i}:00` })), rooms: Array.from({ length: 40 }, (_, i) => `R${i}`) }));
      for (const p of panels) {
        if (int(5) === 0) p.subject = null;
        if (int(6) === 0) p.seated = [...new Set([int(pool.length), int(pool.length)])].map((ji, k) => ({ judgeId: pool[ji].id, head: k === 0 && int(2) === 0 }));
      }
      const size = 1 + int(6);
      const a = assignJudges(panels, pool, { round, panelSize: size });
      const r = reference(panels, pool, round, size);
      expect(a.seats).toEqual(r.seats);
      expect(a.unfilled.map((u) => ({ panelKey: u.panelKey, found: u.found, excluded: u.excluded }))).toEqual(r.unfilled);
      expect([...a.load].sort((x, y) => x[0] - y[0])).toEqual([...r.load].sort((x, y) => x[0] - y[0]));
    }
  });

  it('generated: a pool too small leaves panels reported, never seats a conflicted judge', () => {
    const { es, pool } = district('small', { schools: 6, entrants: 120, judges: 7, subjects: false });
    const panels = toFill(es, 'semifinal', req({ maxPanelSize: 10, sessions: [{ date: '2025-12-09', time: '08:00' }], rooms: Array.from({ length: 20 }, (_, i) => `R${i}`) }));
    const a = assignJudges(panels, pool, { round: 'semifinal', panelSize: 5 });
    expect(a.unfilled.length).toBeGreaterThan(0);
    for (const u of a.unfilled) expect(u.found).toBeLessThan(5);
    const judge = new Map(pool.map((j) => [j.id, j]));
    for (const s of a.seats) for (const e of panels.find((p) => p.key === s.panelKey)!.entrants) expect(conflictOf(judge.get(s.judgeId)!, e, 'semifinal')).toBeNull();
    // One session: each judge on one panel at most.
    expect(new Set(a.seats.map((s) => s.judgeId)).size).toBe(a.seats.length);
  });
});
