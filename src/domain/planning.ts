/**
 * Round planning: which entrants belong on a panel (eligibility), the split of a round's entrants
 * into panels by subject × group over the sessions and rooms available (the plan), and the
 * automatic assignment of judges from a pool (panel size, a head judge each, never a conflict of
 * interest, subject match, even load). Pure: no framework, no database.
 */
import { conflictSets, conflictWithAny } from './panels';
import type { GroupCode, RoundCode } from './preset';

// ------------------------------------------------------------------ rules (configurable per contest)

export interface MergeRule {
  /** Off by default: ranking and prizes are per subject × group, so each group gets its own panel. */
  allowed: boolean;
  /** Groups of one subject with fewer entrants than this may be merged... */
  below: number;
  /** ...but only within one of these sets of groups. */
  groups: GroupCode[][];
}

export interface PlanningRules {
  /** Judges per panel, by round. */
  panelSize: Record<RoundCode, number>;
  /** The default maximum of contestants per panel (a plan request may give its own). */
  maxContestants: number;
  merge: MergeRule;
}

export const DEFAULT_PLANNING: PlanningRules = {
  panelSize: { preliminary: 3, semifinal: 5, final: 5 },
  maxContestants: 20,
  merge: { allowed: false, below: 0, groups: [] },
};

/** The contest's rules: its own `planning` settings over the defaults. */
export function planningRules(settings: { planning?: Partial<PlanningRules> } | null | undefined): PlanningRules {
  const own = settings?.planning ?? {};
  return {
    panelSize: { ...DEFAULT_PLANNING.panelSize, ...(own.panelSize ?? {}) },
    maxContestants: own.maxContestants ?? DEFAULT_PLANNING.maxContestants,
    merge: { ...DEFAULT_PLANNING.merge, ...(own.merge ?? {}) },
  };
}

const GROUP_ORDER: GroupCode[] = ['primary-youth', 'junior-youth', 'senior'];

/** The organising unit of an entrant in a round: its school (preliminary), its district (semi-final), none (final). */
export function unitOf(round: RoundCode, e: { schoolId: number; districtId: number }): number | null {
  return round === 'preliminary' ? e.schoolId : round === 'semifinal' ? e.districtId : null;
}

// ------------------------------------------------------------------ the plan

export interface PlanEntrant {
  id: number;
  subject: string;
  groupCode: GroupCode;
  schoolId: number;
  districtId: number;
}

export interface PlanSession {
  /** 'YYYY-MM-DD' */
  date: string;
  /** 'HH:MM' */
  time: string;
  label?: string;
}

export interface PlanRequest {
  round: RoundCode;
  /** Most contestants on one panel. */
  maxPanelSize: number;
  sessions: PlanSession[];
  /** Rooms of one unit (the same names in every school/district), used in parallel in a session. */
  rooms: string[];
  merge: MergeRule;
  /** Subject order for the panels (codes); unknown subjects follow, alphabetically. */
  subjectOrder?: string[];
}

export interface PlannedPanel {
  /** 1-based within its unit. */
  number: number;
  unitId: number | null;
  subject: string;
  groupCodes: GroupCode[];
  entrantIds: number[];
  sessionIndex: number;
  room: string;
}

export interface PlanProblem {
  rule: 'sessions' | 'rooms' | 'max-size' | 'empty';
  unitId: number | null;
  message: string;
  messageZh: string;
}

export interface Plan {
  panels: PlannedPanel[];
  problems: PlanProblem[];
}

/** n split into k near-equal parts, larger first: 23 into 2 → [12, 11]. */
export function evenSizes(n: number, k: number): number[] {
  const base = Math.floor(n / k);
  return Array.from({ length: k }, (_, i) => base + (i < n % k ? 1 : 0));
}

/**
 * The plan: per unit, the entrants by subject × group (small groups merged only where the rule
 * allows), each bucket split into the fewest panels of at most maxPanelSize, sizes as even as
 * possible; a unit's panels spread round-robin over the sessions, parallel panels in different rooms.
 * Deterministic: entrants are taken in id order.
 */
export function planRound(entrants: PlanEntrant[], req: PlanRequest): Plan {
  const problems: PlanProblem[] = [];
  if (!Number.isInteger(req.maxPanelSize) || req.maxPanelSize < 1) {
    problems.push({ rule: 'max-size', unitId: null, message: 'The maximum panel size must be a whole number of at least 1', messageZh: '每组人数上限至少为1' });
  }
  if (req.sessions.length === 0) problems.push({ rule: 'sessions', unitId: null, message: 'No session is available', messageZh: '没有可用的场次' });
  if (req.rooms.length === 0) problems.push({ rule: 'rooms', unitId: null, message: 'No room is available', messageZh: '没有可用的考场' });
  if (problems.length) return { panels: [], problems };
  if (entrants.length === 0) return { panels: [], problems: [{ rule: 'empty', unitId: null, message: 'The round has no entrants to plan', messageZh: '本轮没有可编排的参赛教师' }] };

  const subjectRank = new Map((req.subjectOrder ?? []).map((s, i) => [s, i]));
  const cmpSubject = (a: string, b: string) => {
    const ra = subjectRank.get(a) ?? Number.MAX_SAFE_INTEGER;
    const rb = subjectRank.get(b) ?? Number.MAX_SAFE_INTEGER;
    return ra !== rb ? ra - rb : a < b ? -1 : a > b ? 1 : 0;
  };
  // unit → subject → group → entrant ids
  const units = new Map<number | null, Map<string, Map<GroupCode, number[]>>>();
  const sorted = entrants.every((e, i) => i === 0 || entrants[i - 1].id < e.id) ? entrants : [...entrants].sort((a, b) => a.id - b.id);
  // Indexed loops on the hot paths: a loop run once per call may stay unoptimised, where for…of
  // allocates an iterator result per element (30,000 entrants).
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i];
    const u = unitOf(req.round, e);
    let subjects = units.get(u);
    if (!subjects) units.set(u, (subjects = new Map()));
    let groups = subjects.get(e.subject);
    if (!groups) subjects.set(e.subject, (groups = new Map()));
    let ids = groups.get(e.groupCode);
    if (!ids) groups.set(e.groupCode, (ids = []));
    ids.push(e.id);
  }

  const panels: PlannedPanel[] = [];
  const unitIds = [...units.keys()].sort((a, b) => (a ?? 0) - (b ?? 0));
  for (const unitId of unitIds) {
    const subjects = units.get(unitId)!;
    const unitPanels: Omit<PlannedPanel, 'number' | 'sessionIndex' | 'room'>[] = [];
    for (const subject of [...subjects.keys()].sort(cmpSubject)) {
      const groups = subjects.get(subject)!;
      for (const bucket of buckets(groups, req.merge, req.maxPanelSize)) {
        const k = Math.ceil(bucket.ids.length / req.maxPanelSize);
        let at = 0;
        for (const size of evenSizes(bucket.ids.length, k)) {
          unitPanels.push({ unitId, subject, groupCodes: bucket.groups, entrantIds: k === 1 ? bucket.ids : bucket.ids.slice(at, at + size) });
          at += size;
        }
      }
    }
    const S = req.sessions.length;
    const roomsNeeded = Math.ceil(unitPanels.length / S);
    if (roomsNeeded > req.rooms.length) {
      problems.push({
        rule: 'rooms',
        unitId,
        message: `${unitPanels.length} panels over ${S} sessions need ${roomsNeeded} rooms at once; ${req.rooms.length} given`,
        messageZh: `共${unitPanels.length}个评审组、${S}个场次，每场需要${roomsNeeded}个考场，只提供了${req.rooms.length}个`,
      });
    }
    unitPanels.forEach((p, i) =>
      panels.push({
        number: i + 1,
        unitId: p.unitId,
        subject: p.subject,
        groupCodes: p.groupCodes,
        entrantIds: p.entrantIds,
        sessionIndex: i % S,
        room: req.rooms[Math.floor(i / S)] ?? req.rooms[req.rooms.length - 1],
      }),
    );
  }
  return { panels, problems };
}

/**
 * Each planned panel's entrants (the objects given to planRound), found by id: by binary search
 * when the entrants are in id order (as the round's entrants are read), else through an index.
 */
export function panelEntrants<E extends { id: number }>(panels: Pick<PlannedPanel, 'entrantIds'>[], entrants: E[]): E[][] {
  const sorted = entrants.every((e, i) => i === 0 || entrants[i - 1].id < e.id);
  let byId: Map<number, E> | null = null;
  if (!sorted) {
    byId = new Map();
    for (const e of entrants) byId.set(e.id, e);
  }
  const find = (id: number): E => {
    if (byId) return byId.get(id)!;
    let lo = 0;
    let hi = entrants.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (entrants[mid].id < id) lo = mid + 1;
      else hi = mid;
    }
    return entrants[lo];
  };
  return panels.map((p) => {
    const out = new Array<E>(p.entrantIds.length);
    for (let i = 0; i < out.length; i++) out[i] = find(p.entrantIds[i]);
    return out;
  });
}

/** The buckets of one subject: each group alone, or small groups of one allowed set merged. */
function buckets(groups: Map<GroupCode, number[]>, merge: MergeRule, max: number): { groups: GroupCode[]; ids: number[] }[] {
  const order = [...groups.keys()].sort((a, b) => GROUP_ORDER.indexOf(a) - GROUP_ORDER.indexOf(b));
  const used = new Set<GroupCode>();
  const out: { groups: GroupCode[]; ids: number[] }[] = [];
  if (merge.allowed) {
    for (const set of merge.groups) {
      const small = order.filter((g) => set.includes(g) && !used.has(g) && groups.get(g)!.length < merge.below);
      const total = small.reduce((s, g) => s + groups.get(g)!.length, 0);
      if (small.length >= 2 && total <= max) {
        small.forEach((g) => used.add(g));
        out.push({ groups: small, ids: small.flatMap((g) => groups.get(g)!).sort((a, b) => a - b) });
      }
    }
  }
  for (const g of order) if (!used.has(g)) out.push({ groups: [g], ids: groups.get(g)! });
  return out.sort((a, b) => GROUP_ORDER.indexOf(a.groups[0]) - GROUP_ORDER.indexOf(b.groups[0]));
}

// ------------------------------------------------------------------ assignment

export interface PoolJudge {
  id: number;
  schoolId: number | null;
  districtId: number | null;
  /** Subjects the judge can judge; null or empty: any. */
  subjects: string[] | null;
}

export interface PanelToFill {
  key: number;
  /** Panels with the same session key run at the same time: a judge sits on one of them. */
  sessionKey: string;
  subject: string | null;
  /** Schools and districts of the panel's contestants. */
  entrants: { schoolId: number; districtId: number }[];
  /** Judges already on the panel. */
  seated: { judgeId: number; head: boolean }[];
}

export interface Seat {
  panelKey: number;
  judgeId: number;
  head: boolean;
}

export interface Unfilled {
  panelKey: number;
  needed: number;
  found: number;
  /** Judges of the pool left out, by reason (each counted once, first reason that applies). */
  excluded: { conflict: number; subject: number; busy: number };
  message: string;
  messageZh: string;
}

export interface Assignment {
  seats: Seat[];
  unfilled: Unfilled[];
  /** Panels per judge after the assignment (judges of the pool only). */
  load: Map<number, number>;
}

/** No judge seated yet (shared: most panels start empty). */
const NOBODY: ReadonlySet<number> = new Set();

/**
 * Fills every panel up to panelSize judges from the pool: never a conflict of interest (domain
 * rule), only judges whose subjects include the panel's (where the pool gives subjects), never a
 * judge twice in one session, the least-loaded judges first (ties: lower id), the most
 * constrained panels first. A panel without a head judge gets one: the seated judge with the
 * fewest head roles so far. A panel that cannot be filled keeps what it got and is reported.
 */
export function assignJudges(panels: PanelToFill[], pool: PoolJudge[], opts: { round: RoundCode; panelSize: number }): Assignment {
  const load = new Map<number, number>(pool.map((j) => [j.id, 0]));
  const heads = new Map<number, number>(pool.map((j) => [j.id, 0]));
  const busy = new Map<string, Set<number>>();
  const busyIn = (s: string) => {
    let b = busy.get(s);
    if (!b) busy.set(s, (b = new Set()));
    return b;
  };
  for (const p of panels) {
    for (const s of p.seated) {
      busyIn(p.sessionKey).add(s.judgeId);
      if (load.has(s.judgeId)) load.set(s.judgeId, load.get(s.judgeId)! + 1);
      if (s.head && heads.has(s.judgeId)) heads.set(s.judgeId, heads.get(s.judgeId)! + 1);
    }
  }
  const subjectSets = pool.map((j) => (j.subjects && j.subjects.length ? new Set(j.subjects) : null));
  // The conflict rule, per judge and panel, against the panel's schools (final: and districts) at once.
  const sets = panels.map((p) => conflictSets(p.entrants));
  const conflicted = (j: PoolJudge, pi: number) => conflictWithAny(j, sets[pi], opts.round) !== null;
  const subjectOk = (ji: number, subject: string | null) => subject === null || subjectSets[ji] === null || subjectSets[ji]!.has(subject);

  // Most constrained first: fewest judges without a conflict and with the subject. Counted through
  // indexes (judges by subject, by school, by district) rather than judge by judge.
  const bySchool = new Map<number, number[]>();
  const byDistrict = new Map<number, number[]>();
  const push = (m: Map<number, number[]>, k: number, ji: number) => {
    const list = m.get(k);
    if (list) list.push(ji);
    else m.set(k, [ji]);
  };
  pool.forEach((j, ji) => {
    if (j.schoolId !== null && j.schoolId !== undefined) push(bySchool, j.schoolId, ji);
    if (j.districtId !== null && j.districtId !== undefined) push(byDistrict, j.districtId, ji);
  });
  const withSubject = new Map<string | null, number>();
  const subjectCount = (subject: string | null) => {
    let n = withSubject.get(subject);
    if (n === undefined) {
      n = 0;
      for (let ji = 0; ji < pool.length; ji++) if (subjectOk(ji, subject)) n++;
      withSubject.set(subject, n);
    }
    return n;
  };
  const stamp = new Int32Array(pool.length).fill(-1);
  const eligibleCount = panels.map((p, pi) => {
    let conflicting = 0;
    const count = (list: number[] | undefined) => {
      if (!list) return;
      for (let k = 0; k < list.length; k++) {
        const ji = list[k];
        if (stamp[ji] === pi) continue;
        stamp[ji] = pi;
        if (subjectOk(ji, p.subject) && conflicted(pool[ji], pi)) conflicting++;
      }
    };
    sets[pi].schools.forEach((sid) => count(bySchool.get(sid)));
    if (opts.round === 'final') sets[pi].districts.forEach((did) => count(byDistrict.get(did)));
    return subjectCount(p.subject) - conflicting;
  });
  const order = panels.map((_, i) => i).sort((a, b) => eligibleCount[a] - eligibleCount[b] || panels[a].key - panels[b].key);

  // Judges in buckets by load: the least-loaded first; within a load, the judge who reached it
  // first (at the start: lower id first). A judge moving up leaves a stale entry behind, skipped.
  const buckets: number[][] = [];
  const live: number[] = [];
  const bucketOf = (l: number) => {
    while (buckets.length <= l) {
      buckets.push([]);
      live.push(0);
    }
    return buckets[l];
  };
  const loadOf = new Int32Array(pool.length);
  pool.forEach((j, ji) => (loadOf[ji] = load.get(j.id)!));
  for (const ji of pool.map((_, i) => i).sort((a, b) => loadOf[a] - loadOf[b] || pool[a].id - pool[b].id)) {
    bucketOf(loadOf[ji]).push(ji);
    live[loadOf[ji]]++;
  }

  // Per session × subject and per load, how long a prefix of the load's bucket no later panel of
  // that session and subject can take from: entries gone stale (loads only grow), judges busy in the
  // session (busy stays busy) or without the subject. The scan of a panel starts there, so those
  // are stepped over once, not once per panel (the choice is the same: the scan skips them anyway).
  const cursors = new Map<string, number[]>();
  const compact = (l: number) => {
    const b = buckets[l];
    const kept: number[] = [];
    const before = new Int32Array(b.length + 1);
    for (let k = 0; k < b.length; k++) {
      before[k] = kept.length;
      if (loadOf[b[k]] === l) kept.push(b[k]);
    }
    before[b.length] = kept.length;
    for (const c of cursors.values()) if (c[l] !== undefined) c[l] = before[c[l]];
    buckets[l] = kept;
    return kept;
  };

  const seats: Seat[] = [];
  const unfilled: Unfilled[] = [];
  for (let oi = 0; oi < order.length; oi++) {
    const pi = order[oi];
    const p = panels[pi];
    const need = opts.panelSize - p.seated.length;
    const onPanel = p.seated.length ? new Set(p.seated.map((s) => s.judgeId)) : NOBODY;
    const inSession = busyIn(p.sessionKey);
    const cursorKey = p.subject === null ? `${p.sessionKey}\u0000*` : `${p.sessionKey}\u0000=${p.subject}`;
    let cursor = cursors.get(cursorKey);
    if (!cursor) cursors.set(cursorKey, (cursor = []));
    const best: number[] = [];
    for (let l = 0; l < buckets.length && best.length < need; l++) {
      let b = buckets[l];
      if (b.length > 64 && b.length > 2 * live[l]) b = compact(l);
      let k = cursor[l] ?? 0;
      while (k < b.length && (loadOf[b[k]] !== l || inSession.has(pool[b[k]].id) || !subjectOk(b[k], p.subject))) k++;
      cursor[l] = k;
      for (; k < b.length && best.length < need; k++) {
        const ji = b[k];
        if (loadOf[ji] !== l) continue; // stale: moved up
        const j = pool[ji];
        if (inSession.has(j.id) || onPanel.has(j.id) || !subjectOk(ji, p.subject) || conflicted(j, pi)) continue;
        best.push(ji);
      }
    }
    const hasHead = p.seated.some((s) => s.head);
    let headJi = -1;
    if (!hasHead && best.length) {
      headJi = best.reduce((h, ji) => (heads.get(pool[ji].id)! < heads.get(pool[h].id)! || (heads.get(pool[ji].id)! === heads.get(pool[h].id)! && pool[ji].id < pool[h].id) ? ji : h), best[0]);
      heads.set(pool[headJi].id, heads.get(pool[headJi].id)! + 1);
    }
    for (let bi = 0; bi < best.length; bi++) {
      const ji = best[bi];
      const id = pool[ji].id;
      const l = loadOf[ji] + 1;
      loadOf[ji] = l;
      live[l - 1]--;
      bucketOf(l).push(ji);
      live[l]++;
      load.set(id, l);
      inSession.add(id);
      seats.push({ panelKey: p.key, judgeId: id, head: ji === headJi });
    }
    if (need > 0 && best.length < need) {
      // Why: each judge of the pool left out counted once, by the first reason that applies.
      const excluded = { conflict: 0, subject: 0, busy: 0 };
      const chosen = new Set(best.map((ji) => pool[ji].id));
      for (let ji = 0; ji < pool.length; ji++) {
        const j = pool[ji];
        if (onPanel.has(j.id) || chosen.has(j.id)) continue;
        if (!subjectOk(ji, p.subject)) excluded.subject++;
        else if (conflicted(j, pi)) excluded.conflict++;
        else if (inSession.has(j.id)) excluded.busy++;
      }
      const found = p.seated.length + best.length;
      unfilled.push({
        panelKey: p.key,
        needed: opts.panelSize,
        found,
        excluded,
        message:
          `Only ${found} of ${opts.panelSize} judges: the pool has ${pool.length}` +
          `; ${excluded.conflict} excluded for a conflict of interest, ${excluded.subject} without the subject, ${excluded.busy} already judging in this session`,
        messageZh:
          `只能安排${found}名评委（需要${opts.panelSize}名）：评委库共${pool.length}人，` +
          `其中${excluded.conflict}人需回避，${excluded.subject}人不能评该学科，${excluded.busy}人同一场次已有任务`,
      });
    }
  }
  seats.sort((a, b) => a.panelKey - b.panelKey || Number(b.head) - Number(a.head) || a.judgeId - b.judgeId);
  unfilled.sort((a, b) => a.panelKey - b.panelKey);
  return { seats, unfilled, load };
}
