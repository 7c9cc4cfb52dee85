/**
 * The random draw, protocol `contest-draw/1` (RULES §4), followed to the letter.
 *
 *   pool      UTF-8 text, one line `unitCode,entrantCode` per candidate, sorted by byte
 *             value; EVERY line ends with '\n', the last one included; no candidates → ''.
 *   poolHash  sha256(pool), lowercase hex.
 *   entropy   each value trimmed (String.prototype.trim), each followed by '/'.
 *   master    sha256("contest-draw/1|" + contestCode + "|" + roundCode + "|" + poolHash + "|" + entropy)
 *   unitSeed  sha256(master + "|" + unitCode)
 *   order     seedrandom(unitSeed) (ARC4, the package default); the unit's candidates sorted by
 *             byte value, Fisher-Yates from the front with the rejection-sampled below(m).
 *   drawn     the first d of the order; reserve: the rest, in order; a pool smaller than d
 *             → all drawn and shortfall = d − n reported, never filled.
 *
 * Only Node's crypto and seedrandom are used; Math.random is never touched and
 * seedrandom is only ever called with a 64-character lowercase hex seed.
 */
import { createHash } from 'crypto';
import seedrandom = require('seedrandom');
import { compareBytes } from './quotas';

export const DRAW_PROTOCOL = 'contest-draw/1';
/** Unit, entrant, contest and round codes: ASCII letters, digits, '_' and '-'. */
export const CODE_RE = /^[A-Za-z0-9_-]+$/;
/** A seed, a hash: 64 lowercase hex characters. */
export const HEX64_RE = /^[0-9a-f]{64}$/;
/** announcedAt: an ISO 8601 date-time with seconds and an explicit offset, e.g. 2024-12-10T09:00:00Z. */
export const ANNOUNCED_AT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

export interface DrawUnitInput {
  code: string;
  /** d, the unit's drawn places. */
  drawn: number;
  /** Entrant codes of the unit's draw pool (any order; they are sorted by byte value). */
  pool: string[];
}

export interface EntropySource {
  name: string;
  description?: string;
}

export interface DrawInput {
  contestCode: string;
  roundCode: string;
  /** The source values exactly as published, in announced order. */
  entropy: string[];
  units: DrawUnitInput[];
  announcedAt?: string;
  /** As announced; when given, one per entropy value. */
  entropySources?: EntropySource[];
}

export interface DrawUnitRecord {
  code: string;
  seed: string;
  n: number;
  d: number;
  drawn: string[];
  reserve: string[];
  shortfall: number;
}

export interface DrawRecord {
  protocol: 'contest-draw/1';
  contestCode: string;
  roundCode: string;
  announcedAt: string | null;
  poolHash: string;
  /** The exact snapshot text whose sha256 is poolHash. */
  pool: string;
  entropySources: EntropySource[];
  /** Values as entered. */
  entropy: string[];
  entropyString: string;
  master: string;
  units: DrawUnitRecord[];
}


function checkCode(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string' || !CODE_RE.test(value)) {
    throw new RangeError(`${what} must be ASCII letters, digits, '_' or '-', got ${JSON.stringify(value)}`);
  }
}

/**
 * The pool snapshot text: one line `unitCode,entrantCode` per candidate, each line
 * terminated by '\n' (the last one too), lines sorted by byte value. Refuses invalid
 * or non-ASCII codes, a unit code used twice, and an entrant code used twice anywhere
 * in the snapshot (an entrant is in at most one pool, and the record lists entrants by
 * code alone). A unit with an empty pool contributes no line.
 */
export function poolSnapshot(units: { code: string; pool: string[] }[]): string {
  const unitCodes = new Set<string>();
  const entrants = new Map<string, string>();
  const lines: string[] = [];
  units.forEach((u, i) => {
    checkCode(u.code, `units[${i}].code`);
    if (unitCodes.has(u.code)) throw new RangeError(`units[${i}].code ${u.code} appears twice`);
    unitCodes.add(u.code);
    if (!Array.isArray(u.pool)) throw new TypeError(`units[${i}].pool must be an array`);
    u.pool.forEach((e, j) => {
      checkCode(e, `units[${i}].pool[${j}]`);
      const other = entrants.get(e);
      if (other !== undefined) throw new RangeError(`units[${i}].pool[${j}]: entrant ${e} already in the pool of ${other}`);
      entrants.set(e, u.code);
      lines.push(`${u.code},${e}\n`);
    });
  });
  lines.sort(compareBytes);
  return lines.join('');
}

/** SHA-256 of the UTF-8 bytes of `s`, lowercase hex. */
export function sha256Hex(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

/**
 * The canonical entropy string: every value trimmed (JavaScript `trim`, no Unicode
 * normalisation), each followed by '/'. Refuses an empty list, a non-string value and a
 * value that is empty after trimming.
 */
export function canonicalEntropy(values: string[]): string {
  if (!Array.isArray(values) || values.length === 0) throw new RangeError('entropy: at least one value is required');
  return values
    .map((v, i) => {
      if (typeof v !== 'string') throw new TypeError(`entropy[${i}] must be a string`);
      const t = v.trim();
      if (t === '') throw new RangeError(`entropy[${i}] is empty`);
      return `${t}/`;
    })
    .join('');
}

/** master = sha256("contest-draw/1|" + contestCode + "|" + roundCode + "|" + poolHash + "|" + entropy). */
export function masterSeed(contestCode: string, roundCode: string, poolHash: string, entropyString: string): string {
  checkCode(contestCode, 'contestCode');
  checkCode(roundCode, 'roundCode');
  if (typeof poolHash !== 'string' || !HEX64_RE.test(poolHash)) throw new RangeError('poolHash must be 64 lowercase hex characters');
  if (typeof entropyString !== 'string' || entropyString === '') throw new RangeError('entropy string must not be empty');
  return sha256Hex(`${DRAW_PROTOCOL}|${contestCode}|${roundCode}|${poolHash}|${entropyString}`);
}

/** unitSeed = sha256(master + "|" + unitCode). */
export function unitSeed(master: string, unitCode: string): string {
  if (typeof master !== 'string' || !HEX64_RE.test(master)) throw new RangeError('master must be 64 lowercase hex characters');
  checkCode(unitCode, 'unit code');
  return sha256Hex(`${master}|${unitCode}`);
}

/**
 * The unit's generator: seedrandom(seed), ARC4, no options. Throws unless the seed is a
 * 64-character lowercase hex string — seedrandom silently seeds itself from the clock
 * when given undefined or null, so nothing else may reach it.
 */
export function rngFor(seed: string): seedrandom.PRNG {
  if (typeof seed !== 'string' || !HEX64_RE.test(seed)) {
    throw new TypeError(`draw seed must be 64 lowercase hex characters, got ${typeof seed === 'string' ? JSON.stringify(seed) : typeof seed}`);
  }
  return seedrandom(seed);
}

const TWO_32 = 0x1_0000_0000;

/**
 * A uniform integer in [0, m): x = rng.int32() >>> 0; while x ≥ 2^32 − (2^32 mod m) draw
 * again; return x mod m. `m` must be an integer from 1 to 2^32.
 */
export function below(rng: { int32(): number }, m: number): number {
  if (!Number.isInteger(m) || m < 1 || m > TWO_32) throw new RangeError(`below: m must be an integer from 1 to 2^32, got ${String(m)}`);
  const limit = TWO_32 - (TWO_32 % m);
  for (;;) {
    const x = rng.int32() >>> 0;
    if (x < limit) return x % m;
  }
}

/**
 * Fisher-Yates from the front on a copy of the candidates: for i = 0 … n−2,
 * j = i + below(n − i), swap i and j. The candidates must already be sorted by byte
 * value without repeats (the protocol shuffles the sorted list); anything else is refused.
 */
export function shuffle(sortedCandidates: string[], seed: string): string[] {
  for (let i = 1; i < sortedCandidates.length; i++) {
    if (compareBytes(sortedCandidates[i - 1], sortedCandidates[i]) >= 0) {
      throw new RangeError('shuffle: candidates must be sorted by byte value, without repeats');
    }
  }
  const rng = rngFor(seed);
  const a = [...sortedCandidates];
  const n = a.length;
  for (let i = 0; i <= n - 2; i++) {
    const j = i + below(rng, n - i);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}

function drawUnit(master: string, code: string, d: number, pool: string[]): DrawUnitRecord {
  const seed = unitSeed(master, code);
  const order = shuffle([...pool].sort(compareBytes), seed);
  const take = Math.min(d, order.length);
  return {
    code,
    seed,
    n: order.length,
    d,
    drawn: order.slice(0, take),
    reserve: order.slice(take),
    shortfall: d - take,
  };
}

/** Why a draw input or record was refused. */
export class DrawInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'DrawInputError';
  }
}

/**
 * Runs the draw and returns its record. The input is checked by {@link validateDrawInput}
 * first; a refusal throws a {@link DrawInputError}. Units appear in the record in input order.
 */
export function runDraw(input: DrawInput): DrawRecord {
  const v = validateDrawInput(input);
  if (!v.ok) throw new DrawInputError(v.field, v.message);
  const x = v.value;
  const pool = poolSnapshot(x.units);
  const poolHash = sha256Hex(pool);
  const entropyString = canonicalEntropy(x.entropy);
  const master = masterSeed(x.contestCode, x.roundCode, poolHash, entropyString);
  return {
    protocol: DRAW_PROTOCOL,
    contestCode: x.contestCode,
    roundCode: x.roundCode,
    announcedAt: x.announcedAt ?? null,
    poolHash,
    pool,
    entropySources: (x.entropySources ?? []).map((s) => ({ ...s })),
    entropy: [...x.entropy],
    entropyString,
    master,
    units: x.units.map((u) => drawUnit(master, u.code, u.drawn, u.pool)),
  };
}

export type DrawValidation = { ok: true; value: DrawInput } | { ok: false; field: string; message: string };

/** A JSON object (not null, not an array): the shape every validated input of the domain starts from. */
export function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Entropy sources: an array of { name: non-empty string, description?: string }. */
function checkSources(x: unknown, entropyCount: number): { field: string; message: string } | EntropySource[] {
  if (!Array.isArray(x)) return { field: 'entropySources', message: 'must be an array' };
  if (x.length !== 0 && x.length !== entropyCount) {
    return { field: 'entropySources', message: `${x.length} sources for ${entropyCount} entropy values` };
  }
  const out: EntropySource[] = [];
  for (let i = 0; i < x.length; i++) {
    const s: unknown = x[i];
    if (!isPlainObject(s)) return { field: `entropySources[${i}]`, message: 'must be an object { name, description? }' };
    if (typeof s.name !== 'string' || s.name.trim() === '') return { field: `entropySources[${i}].name`, message: 'must be a non-empty string' };
    if (s.description !== undefined && typeof s.description !== 'string') {
      return { field: `entropySources[${i}].description`, message: 'must be a string' };
    }
    out.push(s.description === undefined ? { name: s.name } : { name: s.name, description: s.description });
  }
  return out;
}

/**
 * Checks a draw input (the `draw` command's JSON, RULES §7). Refuses: non-code contest,
 * round, unit or entrant codes; a repeated unit code; an entrant in two pools or twice in
 * one; `drawn` not a non-negative integer; no units; no entropy or an empty value;
 * `announcedAt` not an ISO date-time with offset; sources not one per entropy value.
 * Unknown keys are ignored; the value returned is a copy with the known keys only.
 */
export function validateDrawInput(x: unknown): DrawValidation {
  const fail = (field: string, message: string): DrawValidation => ({ ok: false, field, message });
  if (!isPlainObject(x)) return fail('$', 'input must be a JSON object');
  if (typeof x.contestCode !== 'string' || !CODE_RE.test(x.contestCode)) {
    return fail('contestCode', "must be ASCII letters, digits, '_' or '-'");
  }
  if (typeof x.roundCode !== 'string' || !CODE_RE.test(x.roundCode)) return fail('roundCode', "must be ASCII letters, digits, '_' or '-'");
  if (!Array.isArray(x.entropy) || x.entropy.length === 0) return fail('entropy', 'at least one entropy value is required');
  const entropy: string[] = [];
  for (let i = 0; i < x.entropy.length; i++) {
    const e: unknown = x.entropy[i];
    if (typeof e !== 'string') return fail(`entropy[${i}]`, 'must be a string, exactly as published by the source');
    if (e.trim() === '') return fail(`entropy[${i}]`, 'must not be empty');
    entropy.push(e);
  }
  if (!Array.isArray(x.units) || x.units.length === 0) return fail('units', 'must be a non-empty array');
  const unitIndex = new Map<string, number>();
  const entrantAt = new Map<string, string>();
  const units: DrawUnitInput[] = [];
  for (let i = 0; i < x.units.length; i++) {
    const u: unknown = x.units[i];
    if (!isPlainObject(u)) return fail(`units[${i}]`, 'must be an object { code, drawn, pool }');
    if (typeof u.code !== 'string' || !CODE_RE.test(u.code)) return fail(`units[${i}].code`, "must be ASCII letters, digits, '_' or '-'");
    const prev = unitIndex.get(u.code);
    if (prev !== undefined) return fail(`units[${i}].code`, `${u.code} already used by units[${prev}]`);
    unitIndex.set(u.code, i);
    if (typeof u.drawn !== 'number' || !Number.isSafeInteger(u.drawn) || u.drawn < 0) {
      return fail(`units[${i}].drawn`, 'must be a non-negative integer');
    }
    if (!Array.isArray(u.pool)) return fail(`units[${i}].pool`, 'must be an array of entrant codes');
    const pool: string[] = [];
    for (let j = 0; j < u.pool.length; j++) {
      const e: unknown = u.pool[j];
      if (typeof e !== 'string' || !CODE_RE.test(e)) return fail(`units[${i}].pool[${j}]`, "must be ASCII letters, digits, '_' or '-'");
      const where = entrantAt.get(e);
      if (where !== undefined) return fail(`units[${i}].pool[${j}]`, `entrant ${e} already in ${where}`);
      entrantAt.set(e, `units[${i}].pool[${j}]`);
      pool.push(e);
    }
    units.push({ code: u.code, drawn: u.drawn, pool });
  }
  const value: DrawInput = { contestCode: x.contestCode, roundCode: x.roundCode, entropy, units };
  if (x.announcedAt !== undefined && x.announcedAt !== null) {
    if (typeof x.announcedAt !== 'string' || !ANNOUNCED_AT_RE.test(x.announcedAt)) {
      return fail('announcedAt', 'must be an ISO 8601 date-time with seconds and offset, e.g. 2024-12-10T09:00:00+08:00');
    }
    value.announcedAt = x.announcedAt;
  }
  if (x.entropySources !== undefined) {
    const s = checkSources(x.entropySources, entropy.length);
    if (!Array.isArray(s)) return fail(s.field, s.message);
    value.entropySources = s;
  }
  return { ok: true, value };
}

// ---------------------------------------------------------------------------
// Verification
// ---------------------------------------------------------------------------

type Diff = { match: false; difference: string };

function show(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
}

function differ(field: string, recorded: unknown, recomputed: unknown): Diff {
  return { match: false, difference: `${field}: record has ${show(recorded)}, recomputed ${show(recomputed)}` };
}

function bad(field: string, message: string): Diff {
  return { match: false, difference: `${field}: ${message}` };
}

function isStringArray(x: unknown): x is string[] {
  return Array.isArray(x) && x.every((e) => typeof e === 'string');
}

function compareList(field: string, recorded: string[], recomputed: string[]): Diff | null {
  const len = Math.max(recorded.length, recomputed.length);
  for (let k = 0; k < len; k++) {
    if (recorded[k] !== recomputed[k]) {
      return differ(`${field}[${k}]`, recorded[k] ?? '(nothing)', recomputed[k] ?? '(nothing)');
    }
  }
  return null;
}

/**
 * Parses a pool snapshot back into unit → sorted candidates, refusing anything
 * {@link poolSnapshot} could not have produced (so that text → candidates → text is exact).
 */
export function parsePoolSnapshot(pool: string): { ok: true; units: Map<string, string[]> } | { ok: false; message: string } {
  const units = new Map<string, string[]>();
  if (pool === '') return { ok: true, units };
  if (!pool.endsWith('\n')) return { ok: false, message: 'the last line does not end with LF' };
  const lines = pool.slice(0, -1).split('\n');
  const entrants = new Set<string>();
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k];
    const m = /^([A-Za-z0-9_-]+),([A-Za-z0-9_-]+)$/.exec(line);
    if (!m) return { ok: false, message: `line ${k + 1} ${JSON.stringify(line)} is not unitCode,entrantCode` };
    if (k > 0 && compareBytes(lines[k - 1], line) >= 0) {
      return { ok: false, message: `line ${k + 1} ${JSON.stringify(line)} is not after line ${k} in byte order` };
    }
    const [, unit, entrant] = m;
    if (entrants.has(entrant)) return { ok: false, message: `line ${k + 1}: entrant ${entrant} appears twice` };
    entrants.add(entrant);
    const list = units.get(unit) ?? [];
    list.push(entrant);
    units.set(unit, list);
  }
  return { ok: true, units };
}

/** A record's JSON text: what `npm run -s cli -- draw` prints (2-space indent), without its final newline. */
export function recordText(record: DrawRecord): string {
  return JSON.stringify(record, null, 2);
}

/**
 * Recomputes a published record from the record alone and reports the first difference,
 * checked in this fixed order: protocol; contestCode; roundCode; announcedAt (type only);
 * poolHash = sha256(pool); pool parses as a snapshot; entropySources (shape); entropy
 * values; entropyString; master; units (list, codes, every snapshot unit listed); then per
 * unit in record order: n, d, seed, drawn, reserve, shortfall. Unknown keys are ignored.
 * announcedAt and the sources' names and descriptions are not bound by any hash of the
 * protocol; they are checked for shape only (compare them with the published announcement).
 */
export function verifyDraw(record: unknown): { match: true } | Diff {
  try {
    return verifyUnsafe(record);
  } catch (e) {
    return bad('record', `could not be checked: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function verifyUnsafe(r: unknown): { match: true } | Diff {
  if (!isPlainObject(r)) return bad('record', 'is not a JSON object');
  if (r.protocol !== DRAW_PROTOCOL) return differ('protocol', r.protocol, DRAW_PROTOCOL);
  if (typeof r.contestCode !== 'string' || !CODE_RE.test(r.contestCode)) return bad('contestCode', `${show(r.contestCode)} is not a valid code`);
  if (typeof r.roundCode !== 'string' || !CODE_RE.test(r.roundCode)) return bad('roundCode', `${show(r.roundCode)} is not a valid code`);
  if (r.announcedAt !== null && (typeof r.announcedAt !== 'string' || !ANNOUNCED_AT_RE.test(r.announcedAt))) {
    return bad('announcedAt', `${show(r.announcedAt)} is neither null nor an ISO 8601 date-time`);
  }
  if (typeof r.pool !== 'string') return bad('pool', 'is not a string');
  const poolHash = sha256Hex(r.pool);
  if (r.poolHash !== poolHash) return differ('poolHash', r.poolHash, poolHash);
  const parsed = parsePoolSnapshot(r.pool);
  if (!parsed.ok) return bad('pool', parsed.message);

  if (!isStringArray(r.entropy) || r.entropy.length === 0) return bad('entropy', 'is not a non-empty list of strings');
  for (let i = 0; i < r.entropy.length; i++) {
    if (r.entropy[i].trim() === '') return bad(`entropy[${i}]`, 'is empty');
  }
  const sources = checkSources(r.entropySources, r.entropy.length);
  if (!Array.isArray(sources)) return bad(sources.field, sources.message);
  const entropyString = canonicalEntropy(r.entropy);
  if (r.entropyString !== entropyString) return differ('entropyString', r.entropyString, entropyString);
  const master = masterSeed(r.contestCode, r.roundCode, poolHash, entropyString);
  if (r.master !== master) return differ('master', r.master, master);

  if (!Array.isArray(r.units) || r.units.length === 0) return bad('units', 'is not a non-empty list');
  const listed = new Set<string>();
  for (let i = 0; i < r.units.length; i++) {
    const u: unknown = r.units[i];
    if (!isPlainObject(u)) return bad(`units[${i}]`, 'is not an object');
    if (typeof u.code !== 'string' || !CODE_RE.test(u.code)) return bad(`units[${i}].code`, `${show(u.code)} is not a valid code`);
    if (listed.has(u.code)) return bad(`units[${i}].code`, `${u.code} appears twice`);
    listed.add(u.code);
  }
  for (const code of parsed.units.keys()) {
    if (!listed.has(code)) return bad('units', `unit ${code} of the pool snapshot is missing`);
  }
  for (let i = 0; i < r.units.length; i++) {
    const u = r.units[i] as Record<string, unknown> & { code: string };
    const candidates = parsed.units.get(u.code) ?? [];
    if (u.n !== candidates.length) return differ(`units[${i}].n`, u.n, candidates.length);
    if (typeof u.d !== 'number' || !Number.isSafeInteger(u.d) || u.d < 0) return bad(`units[${i}].d`, `${show(u.d)} is not a non-negative integer`);
    const expected = drawUnit(master, u.code, u.d, candidates);
    if (u.seed !== expected.seed) return differ(`units[${i}].seed`, u.seed, expected.seed);
    if (!isStringArray(u.drawn)) return bad(`units[${i}].drawn`, 'is not a list of codes');
    const dd = compareList(`units[${i}].drawn`, u.drawn, expected.drawn);
    if (dd) return dd;
    if (!isStringArray(u.reserve)) return bad(`units[${i}].reserve`, 'is not a list of codes');
    const rd = compareList(`units[${i}].reserve`, u.reserve, expected.reserve);
    if (rd) return rd;
    if (u.shortfall !== expected.shortfall) return differ(`units[${i}].shortfall`, u.shortfall, expected.shortfall);
  }
  return { match: true };
}
