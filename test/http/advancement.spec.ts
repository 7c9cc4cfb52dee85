/**
 * Advancement: allocation, recommendations, the ceremony (contest-draw/1), the record and the CLI,
 * public pages' API, reserves and re-recommendation — for a district of several schools and for
 * the city of several districts, with every refusal (database unchanged).
 *
 * One app for the file; every test builds its own world (a new contest over the file's districts D
 * and E, made once and never changed; then the steps before the one it tests: lists, results,
 * allocation, recommendations, the ceremony at a given step), so any test runs alone.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DrawRecord, parsePoolSnapshot, runDraw, verifyDraw } from '../../src/domain/draw';
import { allocate as allocateDomain } from '../../src/domain/quotas';
import { createTestApp, TestApp } from '../support/app';
import { auditAfter, auditMark } from '../support/factories';
import {
  allocate,
  ANNOUNCED_AT,
  auth,
  candidates,
  ceremony,
  cli,
  ENTROPY,
  expectRefused,
  finaliseSemifinalistLists,
  giveResults,
  registryWorld,
  semifinalWorld,
  SemifinalWorld,
  setToday,
  snapshot,
  SOURCES,
  submitList,
} from './advancement.support';

jest.setTimeout(120_000);

const tmp = mkdtempSync(join(tmpdir(), 'adv-'));

describe('advancement: quotas, recommendations and the public draw', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  const http = () => t.http();
  const createAllocation = (contestId: number, token: string, b: object) => http().post(`/api/contests/${contestId}/allocations`).set(auth(token)).send(b);

  describe('semi-final allocation of district D', () => {
    it('is refused while a school of the district has not submitted its list, naming the school', async () => {
      // District D: schools of 10, 7, 4 teachers; two of them submit.
      const { w, D } = await registryWorld(t);
      await submitList(w, D.schools[0]);
      await submitList(w, D.schools[1]);
      const res = await expectRefused(t, () => createAllocation(w.contestId, D.token, { round: 'semifinal', districtId: D.id, recommendationDeadline: '2025-12-10' }), 409, 'LISTS_NOT_SUBMITTED');
      expect(res.body.message).toContain(D.schools[2].code);
      expect(res.body.details).toEqual([expect.objectContaining({ field: `schools.${D.schools[2].id}` })]);
    });

    it('allocates by RULES §4 once every list is submitted: every field per unit, totals, share recommended', async () => {
      // Every list submitted, one preliminary entrant of D's first school without a result, the lists final.
      const { w, D, E } = await semifinalWorld(t, 'lists-final');
      const mark = await auditMark(t);

      // Scope and role refusals first.
      const send = (token: string, b: object) => createAllocation(w.contestId, token, b);
      await expectRefused(t, () => send(E.token, { round: 'semifinal', districtId: D.id, recommendationDeadline: '2025-12-10' }), 403, 'OUT_OF_SCOPE');
      await expectRefused(t, () => send(D.schools[0].token, { round: 'semifinal', districtId: D.id, recommendationDeadline: '2025-12-10' }), 403, 'ROLE_FORBIDDEN');
      await expectRefused(t, () => send(D.token, { round: 'semifinal', districtId: D.id, recommendationDeadline: '2025-11-19' }), 400, 'INVALID_ALLOCATION');
      await expectRefused(t, () => send(D.token, { round: 'semifinal', districtId: D.id, recommendationDeadline: '2025-13-01' }), 400, 'VALIDATION_FAILED');
      await expectRefused(t, () => send(w.cityToken, { round: 'final', recommendationDeadline: '2025-12-20' }), 409, 'DRAWS_NOT_PUBLISHED');

      const res = await send(D.token, { round: 'semifinal', districtId: D.id, recommendationDeadline: '2025-12-10' });
      expect(res.status).toBe(201);
      const expected = allocateDomain({ rate: 50, recommendedShare: 60, units: D.schools.map((s, i) => ({ code: s.code, entrants: [10, 7, 4][i] })) });
      const { units, ...totals } = expected;
      expect(res.body.totals).toEqual(totals);
      expect(res.body.units.map((u: Record<string, unknown>) => ({ ...u, unitId: undefined, name: undefined, recommendedSoFar: undefined }))).toEqual(
        units.map((u) => ({ ...u, unitId: undefined, name: undefined, recommendedSoFar: undefined })),
      );
      // 50% of 10, 7, 4: T = round(10.5) = 11; 5, 3.5, 2 → 5, 4, 2; recommended 3, 2, 1; drawn 2, 2, 1.
      expect(res.body.totals).toMatchObject({ entrants: 21, total: 11, recommended: 6, drawn: 5, recommendedPercent: '54.55' });
      expect(res.body.units.map((u: { places: number; recommended: number; drawn: number }) => [u.places, u.recommended, u.drawn])).toEqual([
        [5, 3, 2],
        [4, 2, 2],
        [2, 1, 1],
      ]);
      expect(res.body.units[1]).toMatchObject({ share: '3.50', floor: 3, remainder: '0.50', tieOrder: 1, extra: 1 });
      const audit = await auditAfter(t, mark, { type: 'allocation' });
      expect(audit.map((a) => ({ action: a.action }))).toEqual([{ action: 'allocation.create' }]);
    });

    it('offers the report as a JSON download and an Excel download', async () => {
      const { D, E, allocationId } = await semifinalWorld(t, 'allocated');
      const json = await http().get(`/api/allocations/${allocationId}/report.json`).set(auth(D.token));
      expect(json.status).toBe(200);
      expect(json.headers['content-disposition']).toContain('attachment');
      const parsed = JSON.parse(json.text ?? json.body.toString());
      expect(parsed.totals.total).toBe(11);
      const xlsx = await http()
        .get(`/api/allocations/${allocationId}/report.xlsx`)
        .set(auth(D.token))
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(xlsx.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.body as never);
      const ws = wb.getWorksheet('名额分配')!;
      expect(ws.getRow(2).values).toEqual([undefined, D.schools[0].code, expect.any(String), 10, '5.00', 5, '0.00', 2, 0, 5, 3, 2, 0]);
      expect(ws.getRow(6).getCell(9).value).toBe(11);
      // A school sees it (its unit is in it); another district's school does not.
      expect((await http().get(`/api/allocations/${allocationId}`).set(auth(D.schools[1].token))).status).toBe(200);
      expect((await http().get(`/api/allocations/${allocationId}`).set(auth(E.schools[0].token))).body.code).toBe('OUT_OF_SCOPE');
    });
  });

  describe('recommendations of the schools of D', () => {
    const put = (allocationId: number, s: { id: number; token: string }, entrantIds: unknown[]) =>
      http().put(`/api/allocations/${allocationId}/units/${s.id}/recommendations`).set(auth(s.token)).send({ entrantIds });

    it('refuses too many, too few, duplicates, non-participants, other units, other schools and after the deadline', async () => {
      const { w, D, allocationId } = await semifinalWorld(t, 'allocated');
      const s0 = D.schools[0];
      const c0 = await candidates(w, allocationId, s0.id, s0.token);
      expect(c0).toHaveLength(10);
      const took = c0.filter((c) => c.tookPart).map((c) => c.entrantId);
      const absent = c0.find((c) => !c.tookPart)!.entrantId;
      const other = (await candidates(w, allocationId, D.schools[1].id, D.schools[1].token))[0].entrantId;
      await expectRefused(t, () => put(allocationId, s0, took.slice(0, 4)), 400, 'RECOMMENDATION_COUNT');
      await expectRefused(t, () => put(allocationId, s0, took.slice(0, 2)), 400, 'RECOMMENDATION_COUNT');
      await expectRefused(t, () => put(allocationId, s0, [took[0], took[0], took[1]]), 400, 'RECOMMENDATION_DUPLICATE');
      const r = await expectRefused(t, () => put(allocationId, s0, [took[0], took[1], absent]), 400, 'RECOMMENDATION_NOT_ELIGIBLE');
      expect(r.body.details[0]).toMatchObject({ field: 'entrantIds.2', rule: 'took-part' });
      await expectRefused(t, () => put(allocationId, s0, [took[0], took[1], other]), 400, 'RECOMMENDATION_NOT_IN_UNIT');
      await expectRefused(t, () => put(allocationId, s0, [took[0], took[1], 'x']), 400, 'VALIDATION_FAILED');
      await expectRefused(t, () => put(allocationId, { id: s0.id, token: D.schools[1].token }, took.slice(0, 3)), 403, 'OUT_OF_SCOPE');
      await expectRefused(t, () => put(allocationId, { id: s0.id, token: D.token }, took.slice(0, 3)), 403, 'ROLE_FORBIDDEN');
      setToday(t, '2025-12-11');
      await expectRefused(t, () => put(allocationId, s0, took.slice(0, 3)), 409, 'RECOMMENDATION_DEADLINE_PASSED');
    });

    it('accepts exactly r from those who took part, audited; the allocation is then frozen', async () => {
      const { w, D, allocationId } = await semifinalWorld(t, 'allocated');
      setToday(t, '2025-12-05');
      const mark = await auditMark(t);
      for (const s of D.schools) {
        const c = await candidates(w, allocationId, s.id, s.token);
        const r = [3, 2, 1][D.schools.indexOf(s)];
        const res = await put(allocationId, s, c.filter((x) => x.tookPart).slice(-r).map((x) => x.entrantId));
        expect(res.status).toBe(200);
        expect(res.body.filter((x: { recommended: boolean }) => x.recommended)).toHaveLength(r);
        // Full ID numbers for the school's own entrants.
        expect(res.body[0].idNumber).toMatch(/^\d{17}[\dX]$/);
      }
      const audit = (await auditAfter(t, mark)).filter((a) => a.action === 'recommendation.set');
      expect(audit).toHaveLength(3);
      expect(audit[0].entityId).toBe(`${allocationId}:${D.schools[0].id}`);
      await expectRefused(t, () => createAllocation(w.contestId, D.token, { round: 'semifinal', districtId: D.id, recommendationDeadline: '2025-12-10' }), 409, 'ALLOCATION_FROZEN');
    });
  });

  describe('the ceremony of district D', () => {
    const step = (x: SemifinalWorld, name: string, b: object = {}) => http().post(`/api/draws/${x.drawId}/${name}`).set(auth(x.D.token)).send(b);

    it('freezes the pools: snapshot of the non-recommended who took part, hash; then recommendations no longer change', async () => {
      const { w, D, E, allocationId } = await semifinalWorld(t, 'recommended');
      await expectRefused(t, () => http().post(`/api/allocations/${allocationId}/draw`).set(auth(E.token)), 403, 'OUT_OF_SCOPE');
      const res = await http().post(`/api/allocations/${allocationId}/draw`).set(auth(D.token));
      expect(res.status).toBe(200);
      expect(res.body.state).toBe('frozen');
      // Pools: 10 − 1 absent − 3 recommended = 6; 7 − 2 = 5; 4 − 1 = 3.
      expect(res.body.units.map((u: { n: number; d: number }) => [u.n, u.d])).toEqual([
        [6, 2],
        [5, 2],
        [3, 1],
      ]);
      const parsed = parsePoolSnapshot(res.body.pool);
      expect(parsed.ok).toBe(true);
      const s0 = D.schools[0];
      const c = await candidates(w, allocationId, s0.id, s0.token);
      await expectRefused(
        t,
        () => http().put(`/api/allocations/${allocationId}/units/${s0.id}/recommendations`).set(auth(s0.token)).send({ entrantIds: c.filter((x) => x.tookPart).slice(0, 3).map((x) => x.entrantId) }),
        409,
        'POOL_FROZEN',
      );
      await expectRefused(t, () => http().post(`/api/allocations/${allocationId}/draw`).set(auth(D.token)), 409, 'DRAW_WRONG_STATE');
    });

    it('refuses entropy before the announcement and steps out of order', async () => {
      const x = await semifinalWorld(t, 'frozen');
      await expectRefused(t, () => step(x, 'entropy', { values: ENTROPY }), 409, 'ENTROPY_BEFORE_ANNOUNCEMENT');
      await expectRefused(t, () => step(x, 'run'), 409, 'DRAW_WRONG_STATE');
      await expectRefused(t, () => step(x, 'publish'), 409, 'DRAW_WRONG_STATE');
      await expectRefused(t, () => step(x, 'announce', { sources: [] }), 400, 'VALIDATION_FAILED');
    });

    it('announces (pool hash, n and d, protocol, sources) with the clock, then takes the entropy values', async () => {
      const x = await semifinalWorld(t, 'frozen');
      t.clock.set('2025-12-05T01:00:00.000Z');
      const res = await step(x, 'announce', { sources: SOURCES });
      expect(res.status).toBe(200);
      expect(res.body.announcement).toEqual({ announcedAt: '2025-12-05T01:00:00.000Z', poolHash: res.body.poolHash, protocol: 'contest-draw/1', entropySources: SOURCES });
      await expectRefused(t, () => step(x, 'announce', { sources: SOURCES }), 409, 'DRAW_WRONG_STATE');
      await expectRefused(t, () => step(x, 'run'), 409, 'DRAW_WRONG_STATE');
      await expectRefused(t, () => step(x, 'entropy', { values: ['only one'] }), 400, 'INVALID_ENTROPY');
      await expectRefused(t, () => step(x, 'entropy', { values: ['a', '   '] }), 400, 'INVALID_ENTROPY');
      const e = await step(x, 'entropy', { values: ENTROPY });
      expect(e.status).toBe(200);
      expect(e.body).toMatchObject({ state: 'entropy', entropy: ENTROPY });
      await expectRefused(t, () => step(x, 'entropy', { values: ENTROPY }), 409, 'DRAW_WRONG_STATE');
    });

    it('runs once: the record is the contest-draw/1 record, equal to the CLI draw for the same input; a second run is refused', async () => {
      const x = await semifinalWorld(t, 'entropy');
      const { w, D, drawId } = x;
      const res = await step(x, 'run');
      expect(res.status).toBe(200);
      // Not public before it is published.
      expect((await http().get(`/api/public/draws/${drawId}/record.json`)).body.code).toBe('DRAW_WRONG_STATE');
      expect((await http().get(`/api/public/draws/${drawId}/entrants`)).body.code).toBe('DRAW_WRONG_STATE');
      await expectRefused(t, () => step(x, 'run'), 409, 'DRAW_ALREADY_RUN');
      const file = await http().get(`/api/draws/${drawId}/record.json`).set(auth(D.token));
      expect(file.status).toBe(200);
      const text: string = file.text;
      const record = JSON.parse(text) as DrawRecord;
      expect(verifyDraw(record)).toEqual({ match: true });
      expect(record).toMatchObject({ protocol: 'contest-draw/1', contestCode: w.contestCode, roundCode: 'semifinal', announcedAt: ANNOUNCED_AT, entropy: ENTROPY, entropySources: SOURCES });
      expect(record.entropyString).toBe('03 08 15 21 27 31 + 09/417 082 655/');
      expect(record.units.map((u) => [u.code, u.n, u.d, u.drawn.length, u.reserve.length])).toEqual([
        [D.schools[0].code, 6, 2, 2, 4],
        [D.schools[1].code, 5, 2, 2, 3],
        [D.schools[2].code, 3, 1, 1, 2],
      ]);
      // The input rebuilt from the record alone, through the real command line.
      const pools = parsePoolSnapshot(record.pool);
      if (!pools.ok) throw new Error('pool');
      const input = {
        contestCode: record.contestCode,
        roundCode: record.roundCode,
        entropy: record.entropy,
        announcedAt: record.announcedAt,
        entropySources: record.entropySources,
        units: record.units.map((u) => ({ code: u.code, drawn: u.d, pool: pools.units.get(u.code) ?? [] })),
      };
      const inputFile = join(tmp, `input-${drawId}.json`);
      writeFileSync(inputFile, JSON.stringify(input));
      const out = cli('draw', inputFile);
      expect(out.code).toBe(0);
      expect(out.out.trim()).toBe(text);
      expect(JSON.stringify(runDraw(input as never), null, 2)).toBe(text);
      const recordFile = join(tmp, `record-${drawId}.json`);
      writeFileSync(recordFile, text);
      const v = cli('verify-draw', recordFile);
      expect({ code: v.code, out: v.out.trim() }).toEqual({ code: 0, out: 'MATCH' });
    });

    it('catches a changed byte of the stored record with verify-draw (domain and CLI)', async () => {
      const { D, drawId } = await semifinalWorld(t, 'run');
      const [{ record: original }] = await t.dataSource.query(`SELECT record FROM adv_draws WHERE id = ${drawId}`);
      const rec = JSON.parse(original) as DrawRecord;
      const victim = rec.units[0].drawn[0];
      // Change the last digit of the first drawn code of the first unit, in the stored text.
      const pos = original.indexOf(`"${victim}"`) + victim.length;
      const digit = original[pos];
      const tampered = original.slice(0, pos) + (digit === '9' ? '8' : String(Number(digit) + 1)) + original.slice(pos + 1);
      const q = t.dataSource.driver.options.type === 'postgres' ? 'UPDATE adv_draws SET record = $1 WHERE id = $2' : 'UPDATE adv_draws SET record = ? WHERE id = ?';
      await t.dataSource.query(q, [tampered, drawId]);
      const file = await http().get(`/api/draws/${drawId}/record.json`).set(auth(D.token));
      expect(file.text).toBe(tampered);
      const result = verifyDraw(JSON.parse(file.text));
      expect(result).toEqual({ match: false, difference: expect.stringMatching(/^units\[0\]\.drawn\[0\]: record has T\d+, recomputed /) });
      const path = join(tmp, `tampered-${drawId}.json`);
      writeFileSync(path, file.text);
      const v = cli('verify-draw', path);
      expect(v.code).toBe(1);
      expect(v.out + v.err).toContain('units[0].drawn[0]');
      expect(v.out).not.toContain('MATCH');
    });

    it('publishes: the semi-finalists are the recommended plus the drawn; then the ceremony is over', async () => {
      const x = await semifinalWorld(t, 'run');
      const { w, D, drawId } = x;
      const res = await step(x, 'publish');
      expect(res.status).toBe(200);
      const rows = await t.dataSource.query(
        `SELECT source, COUNT(*) AS n FROM round_entrants WHERE contest_id = ${w.contestId} AND round = 'semifinal' AND district_id = ${D.id} GROUP BY source ORDER BY source`,
      );
      expect(rows.map((r: { source: string; n: unknown }) => [r.source, Number(r.n)])).toEqual([
        ['drawn', 5],
        ['recommended', 6],
      ]);
      const rec = JSON.parse((await http().get(`/api/draws/${drawId}/record.json`).set(auth(D.token))).text) as DrawRecord;
      const drawn = await t.dataSource.query(`SELECT code FROM round_entrants WHERE contest_id = ${w.contestId} AND round = 'semifinal' AND source = 'drawn' ORDER BY code`);
      expect(drawn.map((r: { code: string }) => r.code)).toEqual(rec.units.flatMap((u) => u.drawn).sort());
      await expectRefused(t, () => step(x, 'publish'), 409, 'DRAW_WRONG_STATE');
      await expectRefused(t, () => step(x, 'run'), 409, 'DRAW_ALREADY_RUN');
      const actions = await auditAfter(t, 0, { type: 'draw', id: drawId });
      expect(actions.map((a) => a.action)).toEqual(['draw.freeze', 'draw.announce', 'draw.enter-entropy', 'draw.run', 'draw.publish']);
    });
  });

  describe('public pages API (no login)', () => {
    it('lists draws, shows the announcement, the record and the semi-finalists with masked ID numbers', async () => {
      const { w, drawId } = await semifinalWorld(t, 'published');
      const list = await http().get('/api/public/draws');
      expect(list.status).toBe(200);
      expect((await http().get('/api/public/draws/99999999')).body.code).toBe('DRAW_NOT_FOUND');
      expect(list.body.filter((d: { contestId: number }) => d.contestId === w.contestId)).toEqual([expect.objectContaining({ id: drawId, state: 'published', round: 'semifinal' })]);
      const one = await http().get(`/api/public/draws/${drawId}`);
      expect(one.body.announcement).toMatchObject({ protocol: 'contest-draw/1', entropySources: SOURCES });
      expect(one.body.pool).toBeNull();
      const record = await http().get(`/api/public/draws/${drawId}/record.json`);
      expect(record.status).toBe(200);
      expect(verifyDraw(JSON.parse(record.text))).toEqual({ match: true });
      const entrants = await http().get(`/api/public/draws/${drawId}/entrants`);
      expect(entrants.status).toBe(200);
      expect(entrants.body).toHaveLength(11);
      for (const e of entrants.body) expect(e.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
      expect(new Set(entrants.body.map((e: { source: string }) => e.source))).toEqual(new Set(['recommended', 'drawn']));
    });
  });

  describe('reserves and re-recommendation', () => {
    type Advanced = { code: string; status: string; source: string; replaces: string | null };
    const semifinalist = async (contestId: number, code: string): Promise<number> =>
      Number((await t.dataSource.query(`SELECT id FROM round_entrants WHERE contest_id = ${contestId} AND round = 'semifinal' AND code = '${code}'`))[0].id);

    it('gives a drawn place to the next unused reserve of the unit, recorded and shown publicly', async () => {
      const { w, D, E, drawId } = await semifinalWorld(t, 'published');
      const mark = await auditMark(t);
      const rec = JSON.parse((await http().get(`/api/draws/${drawId}/record.json`).set(auth(D.token))).text) as DrawRecord;
      const unit = rec.units[0];
      const url = `/api/draws/${drawId}/entrants/${await semifinalist(w.contestId, unit.drawn[0])}/withdraw`;
      await expectRefused(t, () => http().post(url).set(auth(E.token)).send({ kind: 'withdrawn', reason: '本人申请退出' }), 403, 'OUT_OF_SCOPE');
      await expectRefused(t, () => http().post(url).set(auth(D.token)).send({ kind: 'left', reason: '本人申请退出' }), 400, 'VALIDATION_FAILED');
      const res = await http().post(url).set(auth(D.token)).send({ kind: 'withdrawn', reason: '本人因病申请退出' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ place: 'drawn', withdrawn: unit.drawn[0], replacement: unit.reserve[0] });
      await expectRefused(t, () => http().post(url).set(auth(D.token)).send({ kind: 'withdrawn', reason: 'again' }), 409, 'ENTRANT_NOT_ACTIVE');
      // A second one, disqualified: the NEXT reserve.
      const res2 = await http()
        .post(`/api/draws/${drawId}/entrants/${await semifinalist(w.contestId, unit.drawn[1])}/withdraw`)
        .set(auth(D.token))
        .send({ kind: 'disqualified', reason: '材料造假' });
      expect(res2.body).toMatchObject({ place: 'drawn', replacement: unit.reserve[1], kind: 'disqualified' });
      const pub = (await http().get(`/api/public/draws/${drawId}/entrants`)).body as Advanced[];
      expect(pub.find((e) => e.code === unit.drawn[0])).toMatchObject({ status: 'withdrawn', source: 'drawn' });
      expect(pub.find((e) => e.code === unit.reserve[0])).toMatchObject({ status: 'active', source: 'reserve', replaces: unit.drawn[0] });
      expect(pub.find((e) => e.code === unit.drawn[1])).toMatchObject({ status: 'disqualified' });
      const audit = (await auditAfter(t, mark)).filter((a) => ['entrant.withdraw', 'entrant.disqualify', 'replacement.create'].includes(a.action));
      expect(audit.map((a) => a.action)).toEqual(['entrant.withdraw', 'replacement.create', 'entrant.disqualify', 'replacement.create']);
    });

    it('lets the unit recommend again for a recommended place before the deadline, and refuses after it', async () => {
      const { w, D, drawId, allocationId } = await semifinalWorld(t, 'published');
      const s1 = D.schools[1];
      const [victim] = await t.dataSource.query(
        `SELECT id, code FROM round_entrants WHERE contest_id = ${w.contestId} AND round = 'semifinal' AND school_id = ${s1.id} AND source = 'recommended' ORDER BY id LIMIT 1`,
      );
      const url = `/api/draws/${drawId}/entrants/${victim.id}/withdraw`;
      await expectRefused(t, () => http().post(url).set(auth(D.token)).send({ kind: 'withdrawn', reason: '调离' }), 400, 'VALIDATION_FAILED');
      const res = await http().post(url).set(auth(D.token)).send({ kind: 'withdrawn', reason: '调离', replacementDeadline: '2025-12-08' });
      expect(res.body).toMatchObject({ place: 'recommended', replacement: null, deadline: '2025-12-08' });
      const repId = res.body.id;
      const c = await candidates(w, allocationId, s1.id, s1.token);
      const advanced = new Set((await t.dataSource.query(`SELECT code FROM round_entrants WHERE contest_id = ${w.contestId} AND round = 'semifinal'`)).map((r: { code: string }) => r.code));
      const free = c.find((x) => x.tookPart && !advanced.has(x.code))!;
      const taken = c.find((x) => advanced.has(x.code) && x.code !== victim.code)!;
      const rr = (token: string, entrantId: number) => http().post(`/api/draws/${drawId}/replacements/${repId}/recommend`).set(auth(token)).send({ entrantId });
      await expectRefused(t, () => rr(D.schools[0].token, free.entrantId), 403, 'OUT_OF_SCOPE');
      await expectRefused(t, () => rr(s1.token, taken.entrantId), 400, 'RECOMMENDATION_NOT_ELIGIBLE');
      setToday(t, '2025-12-09');
      await expectRefused(t, () => rr(s1.token, free.entrantId), 409, 'RECOMMENDATION_DEADLINE_PASSED');
      setToday(t, '2025-12-08');
      const ok = await rr(s1.token, free.entrantId);
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ replacement: free.code, withdrawn: victim.code });
      await expectRefused(t, () => rr(s1.token, free.entrantId), 409, 'NO_PLACE_TO_FILL');
      const pub = (await http().get(`/api/public/draws/${drawId}/entrants`)).body as Advanced[];
      expect(pub.find((e) => e.code === free.code)).toMatchObject({ source: 're-recommended', replaces: victim.code, status: 'active' });
      expect(pub.find((e) => e.code === victim.code)).toMatchObject({ status: 'withdrawn', source: 'recommended' });
    });
  });

  describe('district E and the city final', () => {
    it('refuses freezing while a unit has not recommended and the deadline is open', async () => {
      // District E's lists (schools of 6 and 5) are final.
      const { w, E } = await semifinalWorld(t, 'lists-final', 'E');
      setToday(t, '2025-12-08');
      const res = await createAllocation(w.contestId, E.token, { round: 'semifinal', districtId: E.id, recommendationDeadline: '2025-12-10' });
      expect(res.status).toBe(201);
      expect(res.body.units.map((u: { places: number; recommended: number; drawn: number }) => [u.places, u.recommended, u.drawn])).toEqual([
        [3, 2, 1],
        [3, 2, 1],
      ]);
      const r = await expectRefused(t, () => http().post(`/api/allocations/${res.body.id}/draw`).set(auth(E.token)), 409, 'RECOMMENDATIONS_INCOMPLETE');
      expect(r.body.details).toHaveLength(2);
    });

    it('runs the city final over the districts from their semi-finalists who took part', async () => {
      // The world: D (10, 7, 4) published its semi-final draw, then two drawn semi-finalists were
      // replaced by reserves and a recommended one re-recommended; E (6, 5) published its own; every
      // active semi-finalist has a result but one of D; both districts' lists are final.
      const { w, D, E, drawId: drawD, allocationId: semiD } = await semifinalWorld(t, 'published', 'DE');
      const rec = JSON.parse((await http().get(`/api/draws/${drawD}/record.json`).set(auth(D.token))).text) as DrawRecord;
      const withdraw = async (code: string, b: object) => {
        const [row] = await t.dataSource.query(`SELECT id FROM round_entrants WHERE contest_id = ${w.contestId} AND round = 'semifinal' AND code = '${code}'`);
        return (await http().post(`/api/draws/${drawD}/entrants/${row.id}/withdraw`).set(auth(D.token)).send(b).expect(200)).body;
      };
      await withdraw(rec.units[0].drawn[0], { kind: 'withdrawn', reason: '本人因病申请退出' });
      await withdraw(rec.units[0].drawn[1], { kind: 'disqualified', reason: '材料造假' });
      const s1 = D.schools[1];
      const [victim] = await t.dataSource.query(
        `SELECT code FROM round_entrants WHERE contest_id = ${w.contestId} AND round = 'semifinal' AND school_id = ${s1.id} AND source = 'recommended' ORDER BY id LIMIT 1`,
      );
      const rep = await withdraw(victim.code, { kind: 'withdrawn', reason: '调离', replacementDeadline: '2025-12-08' });
      const advancedCodes = new Set((await t.dataSource.query(`SELECT code FROM round_entrants WHERE contest_id = ${w.contestId} AND round = 'semifinal'`)).map((r: { code: string }) => r.code));
      const free = (await candidates(w, semiD, s1.id, s1.token)).find((x) => x.tookPart && !advancedCodes.has(x.code))!;
      setToday(t, '2025-12-08');
      await http().post(`/api/draws/${drawD}/replacements/${rep.id}/recommend`).set(auth(s1.token)).send({ entrantId: free.entrantId }).expect(200);
      const allocE = await allocate(w, E, '2025-12-10');
      await ceremony(w, E.token, allocE, E.schools);
      // Semi-final results: everyone active took part except one of D.
      const [absent] = await t.dataSource.query(
        `SELECT code FROM round_entrants WHERE contest_id = ${w.contestId} AND round = 'semifinal' AND district_id = ${D.id} AND status = 'active' ORDER BY code LIMIT 1`,
      );
      await giveResults(w, 'semifinal', [absent.code]);
      // Both districts announce their semi-finalists; the clock passes their windows (RULES §6).
      await finaliseSemifinalistLists(w);

      const send = (token: string) => createAllocation(w.contestId, token, { round: 'final', recommendationDeadline: '2025-12-20' });
      await expectRefused(t, () => send(D.token), 403, 'ROLE_FORBIDDEN');
      const res = await send(w.cityToken);
      expect(res.status).toBe(201);
      // Active semi-finalists: D 11 (3 withdrawn/disqualified, 3 replaced), E 6 → 50%: 5.5, 3 → T = 9: 6, 3; r 4, 2; d 2, 1.
      expect(res.body.units.map((u: { code: string; entrants: number; places: number; recommended: number; drawn: number }) => [u.code, u.entrants, u.places, u.recommended, u.drawn])).toEqual(
        [
          [D.code, 11, 6, 4, 2],
          [E.code, 6, 3, 2, 1],
        ].sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)),
      );
      const cand = await candidates(w, res.body.id, D.id, D.token);
      expect(cand.filter((c) => !c.tookPart).map((c) => c.code)).toContain(absent.code);
      // The district recommends from its semi-finalists; a school admin may not.
      await expectRefused(t, () => http().put(`/api/allocations/${res.body.id}/units/${D.id}/recommendations`).set(auth(D.schools[0].token)).send({ entrantIds: [] }), 403, 'ROLE_FORBIDDEN');
      const absentId = cand.find((c) => c.code === absent.code)!.entrantId;
      const tookPart = cand.filter((c) => c.tookPart && c.status === 'active').map((c) => c.entrantId);
      await expectRefused(
        t,
        () => http().put(`/api/allocations/${res.body.id}/units/${D.id}/recommendations`).set(auth(D.token)).send({ entrantIds: [...tookPart.slice(0, 3), absentId] }),
        400,
        'RECOMMENDATION_NOT_ELIGIBLE',
      );
      const byCode = [D, E].sort((a, b) => (a.code < b.code ? -1 : 1));
      const drawId = await ceremony(w, w.cityToken, res.body, byCode);
      const record = JSON.parse((await http().get(`/api/public/draws/${drawId}/record.json`)).text) as DrawRecord;
      expect(verifyDraw(record)).toEqual({ match: true });
      expect(record.roundCode).toBe('final');
      const finalists = (await http().get(`/api/public/draws/${drawId}/entrants`)).body as { source: string; idNumber: string; districtName: string }[];
      expect(finalists).toHaveLength(9);
      expect(finalists.filter((f) => f.source === 'drawn')).toHaveLength(3);
      for (const f of finalists) expect(f.idNumber).toContain('********');
      const list = (await http().get('/api/public/draws')).body as { round: string; state: string; contestId: number }[];
      expect(list.filter((d) => d.contestId === w.contestId).map((d) => [d.round, d.state])).toEqual([
        ['final', 'published'],
        ['semifinal', 'published'],
        ['semifinal', 'published'],
      ]);
      // The snapshot every refusal above compares holds the final's draw too.
      expect(JSON.parse(await snapshot(t)).draws.map((d: { id: unknown }) => Number(d.id))).toContain(drawId);
    });
  });
});
