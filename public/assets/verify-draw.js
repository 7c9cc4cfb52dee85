/* Recomputes a contest-draw/1 record in the visitor's own browser, from the record alone:
 * SHA-256 by the browser's Web Crypto, the shuffle by seedrandom (ARC4) served by this service at
 * /vendor/seedrandom.min.js. It is a second, independent implementation of the protocol beside the
 * command line's (src/domain/draw.ts verifyDraw): both must say MATCH on a published record, and a
 * browser test holds them to the same answers on real and tampered records.
 *
 * window.DrawVerify.verify(text) → Promise<{ match: true } | { match: false, difference: '中文说明' }>
 */
(function () {
  'use strict';
  const PROTOCOL = 'contest-draw/1';
  const CODE = /^[A-Za-z0-9_-]+$/;
  const HEX64 = /^[0-9a-f]{64}$/;
  const LINE = /^([A-Za-z0-9_-]+),([A-Za-z0-9_-]+)$/;
  const TWO_32 = 0x100000000;

  async function sha256Hex(text) {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  }

  // Codes are ASCII, so JavaScript's string order is their byte order.
  const before = (a, b) => a < b;

  function below(rng, m) {
    const limit = TWO_32 - (TWO_32 % m);
    for (;;) {
      const x = rng.int32() >>> 0;
      if (x < limit) return x % m;
    }
  }

  function shuffle(sorted, seed) {
    // { global: false }: never replace Math.random.
    const rng = Math.seedrandom(seed, { global: false });
    const a = sorted.slice();
    for (let i = 0; i <= a.length - 2; i++) {
      const j = i + below(rng, a.length - i);
      const t = a[i]; a[i] = a[j]; a[j] = t;
    }
    return a;
  }

  const no = (difference) => ({ match: false, difference });
  const shown = (v) => (typeof v === 'string' ? v : v === undefined ? '（无）' : JSON.stringify(v));
  const differs = (what, recorded, recomputed) => no(`${what}不一致：记录为 ${shown(recorded)}，复算为 ${shown(recomputed)}`);
  const isObject = (x) => typeof x === 'object' && x !== null && !Array.isArray(x);
  const isCodes = (x) => Array.isArray(x) && x.every((e) => typeof e === 'string');

  function parsePool(pool) {
    const units = new Map();
    if (pool === '') return { units };
    if (!pool.endsWith('\n')) return { error: '抽签池内容的最后一行没有换行符' };
    const lines = pool.slice(0, -1).split('\n');
    const seen = new Set();
    for (let k = 0; k < lines.length; k++) {
      const m = LINE.exec(lines[k]);
      if (!m) return { error: `抽签池内容第 ${k + 1} 行不是“单位代码,选手编号”` };
      if (k > 0 && !before(lines[k - 1], lines[k])) return { error: `抽签池内容第 ${k + 1} 行没有按字节顺序排列` };
      if (seen.has(m[2])) return { error: `抽签池内容第 ${k + 1} 行：选手 ${m[2]} 出现了两次` };
      seen.add(m[2]);
      if (!units.has(m[1])) units.set(m[1], []);
      units.get(m[1]).push(m[2]);
    }
    return { units };
  }

  function compareList(what, recorded, recomputed) {
    for (let k = 0; k < Math.max(recorded.length, recomputed.length); k++) {
      if (recorded[k] !== recomputed[k]) return differs(`${what}第 ${k + 1} 位`, recorded[k], recomputed[k]);
    }
    return null;
  }

  async function verifyRecord(r) {
    if (!isObject(r)) return no('文件内容不是一份抽签记录');
    if (r.protocol !== PROTOCOL) return differs('抽签协议', r.protocol, PROTOCOL);
    if (typeof r.contestCode !== 'string' || !CODE.test(r.contestCode)) return no('比赛代码格式不正确');
    if (typeof r.roundCode !== 'string' || !CODE.test(r.roundCode)) return no('轮次代码格式不正确');
    if (typeof r.pool !== 'string') return no('记录中没有抽签池内容');
    const poolHash = await sha256Hex(r.pool);
    if (r.poolHash !== poolHash) return differs('抽签池哈希', r.poolHash, poolHash);
    const parsed = parsePool(r.pool);
    if (parsed.error) return no(parsed.error);
    if (!isCodes(r.entropy) || r.entropy.length === 0) return no('记录中没有随机源数值');
    if (r.entropy.some((v) => v.trim() === '')) return no('记录中有空的随机源数值');
    const entropyString = r.entropy.map((v) => v.trim() + '/').join('');
    if (r.entropyString !== entropyString) return differs('随机源串', r.entropyString, entropyString);
    const master = await sha256Hex(`${PROTOCOL}|${r.contestCode}|${r.roundCode}|${poolHash}|${entropyString}`);
    if (r.master !== master) return differs('主种子', r.master, master);
    if (!Array.isArray(r.units) || r.units.length === 0) return no('记录中没有单位');
    const listed = new Set();
    for (const u of r.units) {
      if (!isObject(u) || typeof u.code !== 'string' || !CODE.test(u.code)) return no('记录中有单位代码格式不正确');
      if (listed.has(u.code)) return no(`单位 ${u.code} 在记录中出现了两次`);
      listed.add(u.code);
    }
    for (const code of parsed.units.keys()) if (!listed.has(code)) return no(`抽签池中的单位 ${code} 不在记录的单位列表中`);
    for (const u of r.units) {
      const unit = `单位 ${u.code} 的`;
      const candidates = parsed.units.get(u.code) || [];
      if (u.n !== candidates.length) return differs(`${unit}抽签池人数`, u.n, candidates.length);
      if (!Number.isSafeInteger(u.d) || u.d < 0) return no(`${unit}抽取名额不是非负整数`);
      const seed = await sha256Hex(`${master}|${u.code}`);
      if (u.seed !== seed || !HEX64.test(seed)) return differs(`${unit}种子`, u.seed, seed);
      const order = shuffle(candidates, seed);
      const take = Math.min(u.d, order.length);
      if (!isCodes(u.drawn)) return no(`${unit}抽取名单格式不正确`);
      const dd = compareList(`${unit}抽取名单`, u.drawn, order.slice(0, take));
      if (dd) return dd;
      if (!isCodes(u.reserve)) return no(`${unit}递补名单格式不正确`);
      const rd = compareList(`${unit}递补名单`, u.reserve, order.slice(take));
      if (rd) return rd;
      if (u.shortfall !== u.d - take) return differs(`${unit}空缺名额数`, u.shortfall, u.d - take);
    }
    return { match: true };
  }

  async function verify(text) {
    if (!(window.crypto && crypto.subtle)) return no('此浏览器在当前连接下不能计算哈希（需要 https 或本机地址），请改用命令行复核');
    if (typeof Math.seedrandom !== 'function') return no('复核所需的随机数程序没有加载，请刷新页面后重试');
    let record;
    try { record = JSON.parse(text); } catch { return no('文件不是有效的抽签记录（无法读取其内容）'); }
    try { return await verifyRecord(record); } catch { return no('记录内容无法复核'); }
  }

  window.DrawVerify = { verify };
})();
