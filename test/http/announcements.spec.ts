/**
 * Public announcements (公示) with objections, RULES §6, through the HTTP API: each list announced
 * by its body and refused to the others; objections from the public with a receipt code; their
 * resolution (upheld → disqualification → reserve → supplementary notice; rejected); the gates of
 * the allocations; the audit head; caching; and no objector identity in any public answer.
 * Each test builds its own contest and districts in the file's one app (advancementWorld) and
 * takes it to the stage it needs through the steps below, so any test runs by itself.
 */
import { AppError } from '../../src/common/errors';
import { AuthUser } from '../../src/common/roles';
import { NoticesService } from '../../src/announcements/notices.service';
import { auditVerify } from '../../src/cli/audit-verify';
import { Transactions } from '../../src/database/transactions';
import { usingPostgres } from '../support/app';
import type { Response } from 'supertest';
import { advancementWorld, auth, createWorld, DistrictW, giveResults, HttpAnswer, setToday, snapshot, submitList, World } from './advancement.support';
import { createTestApp, TestApp } from '../support/app';
import { expectRefusedUnchanged } from '../support/refusals';
import { passAllWindows } from '../support/notices';

const SOURCES = [{ name: '体彩', description: '中国体育彩票超级大乐透第25140期开奖号码' }];
const ENTROPY = ['03 08 15 21 27 31 + 09'];

const OBJECTOR = { name: '欧阳异议人', contact: '13912345678' };

describe('announcements (公示) and objections', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Many tests lodge objections from the one test address: the limit is tested in an app of its own.
    t = await createTestApp({ OBJECTION_RATE_LIMIT: '10000' });
  }, 120_000);
  afterAll(() => t.close());

  /** A world of the file: D with schools of 8 and 6 teachers, E with 5, F with 3 (no semi-final: left out by the city). */
  interface Ctx {
    w: World;
    D: DistrictW;
    E: DistrictW;
    F: DistrictW;
    http: () => ReturnType<TestApp['http']>;
    /** Every public answer of the test, searched for the objector's identity where a test says so. */
    publicTexts: string[];
    pub: (req: PromiseLike<Response>) => Promise<Response>;
    refused: (req: () => PromiseLike<HttpAnswer>, status: number, code: string) => Promise<HttpAnswer>;
  }

  async function world(): Promise<Ctx> {
    const w = await advancementWorld(t, [[8, 6], [5], [3]]);
    const [D, E, F] = w.districts;
    const publicTexts: string[] = [];
    const state = async () =>
      JSON.stringify({
        base: await snapshot(t),
        notices: await t.dataSource.query('SELECT * FROM ann_notices ORDER BY id'),
        rows: await t.dataSource.query('SELECT COUNT(*) AS n FROM ann_notice_rows'),
        objections: await t.dataSource.query('SELECT * FROM ann_objections ORDER BY id'),
        resolutions: await t.dataSource.query('SELECT * FROM ann_resolutions ORDER BY id'),
        cases: await t.dataSource.query('SELECT * FROM ann_integrity_cases ORDER BY id'),
        exclusions: await t.dataSource.query('SELECT * FROM ann_final_exclusions ORDER BY id'),
      });
    return {
      w,
      D,
      E,
      F,
      http: () => t.http(),
      publicTexts,
      pub: async (req) => {
        const res = await req;
        publicTexts.push(res.text ?? JSON.stringify(res.body));
        return res;
      },
      refused: (req, status, code) => expectRefusedUnchanged(state, req, status, code),
    };
  }
  const notices = () => t.app.get(NoticesService);

  // ------------------------------------------------------------------ the steps of a contest

  /** Every school's preliminary list submitted. */
  async function submitted(): Promise<Ctx> {
    const c = await world();
    for (const x of [...c.D.schools, ...c.E.schools, ...c.F.schools]) await submitList(c.w, x);
    return c;
  }

  /** The preliminary list of D's first school announced on Thursday 2025-11-20 (window to 2025-11-27). */
  async function prelimPublished(): Promise<Ctx & { prelimD0: number }> {
    const c = await submitted();
    const res = await c.http().post(`/api/contests/${c.w.contestId}/notices/preliminary`).set(auth(c.D.schools[0].token)).send({ schoolId: c.D.schools[0].id, objectionContact: '区教师发展中心 0527-80000000' });
    expect(res.status).toBe(200);
    return { ...c, prelimD0: res.body.id };
  }

  /** Five objections to that list: one on its third row, four on the whole list; the receipt of the first. */
  async function withObjections(): Promise<Ctx & { prelimD0: number; receipt: string }> {
    const c = await prelimPublished();
    const n = (await c.http().get(`/api/public/notices/${c.prelimD0}`)).body;
    const path = `/api/public/notices/${c.prelimD0}/objections`;
    const first = await c.pub(c.http().post(path).send({ ...OBJECTOR, rowId: n.rows[2].id, grounds: '该教师不在本校任教，系挂名参赛。' }));
    expect(first.status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await c.pub(c.http().post(path).send({ ...OBJECTOR, grounds: `第${i + 2}条异议：名单整体有误` }))).status).toBe(200);
    return { ...c, receipt: first.body.receiptCode };
  }

  /** Results given, D's second school announced, the first window over (2025-11-28) and its objections resolved: the row upheld with falsification, the others rejected. */
  async function prelimResolved(): Promise<Ctx & { prelimD0: number }> {
    const c = await withObjections();
    await giveResults(c.w, 'preliminary');
    expect((await c.http().post(`/api/contests/${c.w.contestId}/notices/preliminary`).set(auth(c.D.schools[1].token)).send({ schoolId: c.D.schools[1].id })).status).toBe(200);
    setToday(t, '2025-11-28');
    const list = (await c.http().get(`/api/contests/${c.w.contestId}/objections?state=pending`).set(auth(c.D.token))).body as { id: number; row: unknown }[];
    for (const o of list) {
      const b = o.row !== null ? { decision: 'upheld', falsified: true, reason: '经核实，该教师已调离本校，信息不实。' } : { decision: 'rejected', reason: '经核实，名单无误。' };
      expect((await c.http().post(`/api/objections/${o.id}/resolve`).set(auth(c.D.token)).send(b)).status).toBe(200);
    }
    return c;
  }

  /** A district's ceremony on an allocation: each unit recommends its first r who took part, then announce, entropy, run, publish. */
  async function ceremony(c: Ctx, alloc: number, organiser: string): Promise<number> {
    const a = (await c.http().get(`/api/allocations/${alloc}`).set(auth(organiser))).body;
    for (const u of a.units) {
      // A semi-final's units are schools, the final's districts (their ids may coincide).
      const unit = a.round === 'final' ? c.w.districts.find((d) => d.id === u.unitId)! : [...c.D.schools, ...c.E.schools].find((s) => s.id === u.unitId)!;
      const cand = (await c.http().get(`/api/allocations/${alloc}/units/${u.unitId}/candidates`).set(auth(unit.token))).body;
      const ids = cand.filter((x: { tookPart: boolean; status: string }) => x.tookPart && x.status === 'active').slice(0, u.recommended).map((x: { entrantId: number }) => x.entrantId);
      expect((await c.http().put(`/api/allocations/${alloc}/units/${u.unitId}/recommendations`).set(auth(unit.token)).send({ entrantIds: ids })).status).toBe(200);
    }
    const id = (await c.http().post(`/api/allocations/${alloc}/draw`).set(auth(organiser))).body.id;
    for (const [name, b] of [['announce', { sources: SOURCES }], ['entropy', { values: ENTROPY }], ['run', {}], ['publish', {}]] as const) {
      const r = await c.http().post(`/api/draws/${id}/${name}`).set(auth(organiser)).send(b);
      expect([name, r.status]).toEqual([name, 200]);
    }
    return id;
  }

  /** D's semi-final allocated once its lists are final, and its ceremony run and published. */
  async function semiDrawn(): Promise<Ctx & { allocD: number; drawD: number }> {
    const c = await prelimResolved();
    await passAllWindows(t, c.w.contestId);
    const res = await c.http().post(`/api/contests/${c.w.contestId}/allocations`).set(auth(c.D.token)).send({ round: 'semifinal', districtId: c.D.id, recommendationDeadline: '2025-12-20' });
    expect(res.status).toBe(201);
    return { ...c, allocD: res.body.id, drawD: await ceremony(c, res.body.id, c.D.token) };
  }

  /** D's semi-finalists announced by D. */
  async function semiAnnounced(): Promise<Ctx & { allocD: number; drawD: number; semiNotice: number }> {
    const c = await semiDrawn();
    const res = await c.http().post('/api/notices/semifinalists').set(auth(c.D.token)).send({ drawId: c.drawD });
    expect(res.status).toBe(200);
    return { ...c, semiNotice: res.body.id };
  }

  /** E's semi-final too (announced, drawn, its semi-finalists announced), F left out of the final by the city, every window over. */
  async function semifinalsDone(): Promise<Ctx & { drawE: number }> {
    const c = await semiAnnounced();
    expect((await c.http().post(`/api/contests/${c.w.contestId}/notices/preliminary`).set(auth(c.E.schools[0].token)).send({ schoolId: c.E.schools[0].id })).status).toBe(200);
    await passAllWindows(t, c.w.contestId);
    const aE = await c.http().post(`/api/contests/${c.w.contestId}/allocations`).set(auth(c.E.token)).send({ round: 'semifinal', districtId: c.E.id, recommendationDeadline: '2025-12-31' });
    expect(aE.status).toBe(201);
    const drawE = await ceremony(c, aE.body.id, c.E.token);
    return { ...c, drawE };
  }

  // ------------------------------------------------------------------ the tests

  describe('the preliminary lists (the school announces, its district resolves)', () => {
    it('is refused before the list is submitted, and to any body but the school itself', async () => {
      const c = await world();
      const s = c.D.schools[0];
      const send = (token: string, schoolId = s.id) => c.http().post(`/api/contests/${c.w.contestId}/notices/preliminary`).set(auth(token)).send({ schoolId });
      await c.refused(() => send(s.token), 409, 'LIST_NOT_READY');
      for (const x of [...c.D.schools, ...c.E.schools, ...c.F.schools]) await submitList(c.w, x);
      await c.refused(() => send(c.D.schools[1].token), 403, 'OUT_OF_SCOPE');
      await c.refused(() => send(c.D.token), 403, 'ROLE_FORBIDDEN');
      await c.refused(() => send(c.w.cityToken), 403, 'ROLE_FORBIDDEN');
      await c.refused(() => send(c.w.judgeToken), 403, 'ROLE_FORBIDDEN');
      await c.refused(() => c.http().post(`/api/contests/${c.w.contestId}/notices/preliminary`).send({ schoolId: s.id }), 401, 'UNAUTHENTICATED');
      await c.refused(() => send(s.token, 0), 400, 'VALIDATION_FAILED');
    });

    it('publishes: rows with masked ID numbers, a 5-working-day window from the next day, the audit head', async () => {
      const c = await submitted();
      const { http, pub, refused, w, D } = c;
      // Thursday 2025-11-20: Fri 21, Mon 24 … Thu 27 → closes 2025-11-27 24:00 Beijing time.
      const ready = await http().get(`/api/contests/${w.contestId}/notices/ready`).set(auth(D.schools[0].token));
      expect(ready.body).toEqual([expect.objectContaining({ kind: 'preliminary', rows: 8 })]);
      const res = await http().post(`/api/contests/${w.contestId}/notices/preliminary`).set(auth(D.schools[0].token)).send({ schoolId: D.schools[0].id, objectionContact: '区教师发展中心 0527-80000000' });
      expect(res.status).toBe(200);
      const prelimD0 = res.body.id;
      expect(res.body).toMatchObject({ kind: 'preliminary', state: 'published', opens: '2025-11-20', closes: '2025-11-27', closesAt: '2025-11-27T16:00:00.000Z', workingDaysLeft: 5, rowCount: 8, calendarCovers: true });
      await refused(() => http().post(`/api/contests/${w.contestId}/notices/preliminary`).set(auth(D.schools[0].token)).send({ schoolId: D.schools[0].id }), 409, 'NOTICE_EXISTS');

      const n = await pub(http().get(`/api/public/notices/${prelimD0}`));
      expect(n.status).toBe(200);
      expect(n.body.rows).toHaveLength(8);
      for (const r of n.body.rows) expect(r.maskedId).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
      expect(n.body).toMatchObject({ window: { opens: '2025-11-20', closes: '2025-11-27', days: 5, workingDays: ['2025-11-21', '2025-11-24', '2025-11-25', '2025-11-26', '2025-11-27'] }, objectionContact: '区教师发展中心 0527-80000000' });
      expect(n.body.rows[0]).not.toHaveProperty('ref');
      // The head is the notice.publish entry of the chain; audit-verify --expect finds it.
      const [entry] = await t.dataSource.query(`SELECT seq, hash FROM audit_entries WHERE action = 'notice.publish' AND entity_id = '${prelimD0}'`);
      expect(n.body.auditHead).toEqual({ seq: Number(entry.seq), hash: entry.hash });
      const args = usingPostgres ? ['--database-url', t.env.DATABASE_URL, '--schema', t.env.DATABASE_SCHEMA] : ['--sqlite', t.env.SQLITE_PATH];
      const out: string[] = [];
      const io = { out: (s: string) => out.push(s), err: (s: string) => out.push(s) };
      expect(await auditVerify([...args, '--expect', `${entry.seq}:${entry.hash}`], io)).toBe(0);
      expect(JSON.parse(out.join(''))).toMatchObject({ intact: true, expected: [{ seq: Number(entry.seq), inChain: true }] });
      out.length = 0;
      expect(await auditVerify([...args, '--expect', `${entry.seq}:${'0'.repeat(64)}`], io)).toBe(1);
      expect(JSON.parse(out.join('')).expected[0]).toMatchObject({ inChain: false });
      out.length = 0;
      expect(await auditVerify([...args, '--expect', 'nonsense'], io)).toBe(2);

      // The page: the printable sheet, Beijing time, no ISO text.
      const page = await pub(http().get(`/api/public/notices/${prelimD0}/page`));
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.text).toContain('2025年11月27日 24:00');
      expect(page.text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    });

    it('serves a published notice cacheably: ETag, Cache-Control, 304 on revalidation', async () => {
      const { http, pub, w, prelimD0 } = await prelimPublished();
      for (const path of [`/api/public/notices/${prelimD0}`, `/api/public/notices/${prelimD0}/page`]) {
        const first = await pub(http().get(path));
        expect(first.headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
        expect(first.headers['cache-control']).toContain('max-age');
        const again = await http().get(path).set('If-None-Match', first.headers.etag);
        expect(again.status).toBe(304);
        expect(again.text ?? '').toBe('');
      }
      const list = await pub(http().get(`/api/public/notices?contestId=${w.contestId}`));
      expect(list.body).toEqual([expect.objectContaining({ id: prelimD0, state: 'published', workingDaysLeft: 5 })]);
    });

    it('takes an objection without an account: the receipt code shows the status, nothing else', async () => {
      const { http, pub, prelimD0 } = await prelimPublished();
      const n = (await http().get(`/api/public/notices/${prelimD0}`)).body;
      const row = n.rows[2];
      const res = await pub(http().post(`/api/public/notices/${prelimD0}/objections`).send({ ...OBJECTOR, rowId: row.id, grounds: '该教师不在本校任教，系挂名参赛。' }));
      expect(res.status).toBe(200);
      expect(res.body.receiptCode).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
      const status = await pub(http().get(`/api/public/objections/${res.body.receiptCode.toLowerCase()}`));
      expect(status.status).toBe(200);
      expect(status.body).toMatchObject({ state: 'pending', noticeId: prelimD0, decision: null, concerns: `${row.teacherName}（${row.schoolName}）` });
      expect(Object.keys(status.body).sort()).toEqual(['concerns', 'decision', 'lodgedAt', 'noticeId', 'noticeTitle', 'receiptCode', 'resolverName', 'state']);
      // The audit entry holds neither the name nor the contact nor the grounds' text.
      const [{ id }] = await t.dataSource.query(`SELECT id FROM ann_objections WHERE receipt_code = '${res.body.receiptCode}'`);
      const [entry] = await t.dataSource.query(`SELECT after FROM audit_entries WHERE action = 'objection.lodge' AND entity_id = '${id}'`);
      expect(entry.after).not.toContain(OBJECTOR.name);
      expect(entry.after).not.toContain(OBJECTOR.contact);
      expect(entry.after).not.toContain('挂名参赛');
    });

    it('refuses bad input with a clear 4xx and stores nothing', async () => {
      const { http, refused, prelimD0 } = await prelimPublished();
      const path = `/api/public/notices/${prelimD0}/objections`;
      const send = (b: object) => http().post(path).send(b);
      await refused(() => send({ ...OBJECTOR, grounds: '' }), 400, 'VALIDATION_FAILED');
      await refused(() => send({ ...OBJECTOR, grounds: '   ' }), 400, 'VALIDATION_FAILED');
      await refused(() => send({ ...OBJECTOR, grounds: 'x'.repeat(2001) }), 400, 'VALIDATION_FAILED');
      await refused(() => send({ ...OBJECTOR, grounds: '理由\u0000隐藏' }), 400, 'VALIDATION_FAILED');
      await refused(() => send({ ...OBJECTOR, name: '张\u0007三', grounds: '理由' }), 400, 'VALIDATION_FAILED');
      await refused(() => send({ name: '', contact: OBJECTOR.contact, grounds: '理由' }), 400, 'VALIDATION_FAILED');
      await refused(() => send({ name: '张三', contact: 'not a contact', grounds: '理由' }), 400, 'VALIDATION_FAILED');
      await refused(() => send({ ...OBJECTOR, rowId: 999999, grounds: '理由' }), 400, 'VALIDATION_FAILED');
      await refused(() => http().post(path).set('Content-Type', 'application/json').send(JSON.stringify({ ...OBJECTOR, grounds: 'x'.repeat(10 * 1024 * 1024) })), 413, 'PAYLOAD_TOO_LARGE');
      await refused(() => http().post('/api/public/notices/999999/objections').send({ ...OBJECTOR, grounds: '理由' }), 404, 'NOTICE_NOT_FOUND');
      const bad = await refused(() => send({ ...OBJECTOR, grounds: '' }), 400, 'VALIDATION_FAILED');
      expect(bad.body.details).toEqual([expect.objectContaining({ field: 'grounds' })]);
      // A guessed receipt code, a malformed one.
      await refused(() => http().get('/api/public/objections/AAAA-BBBB-CCCC'), 404, 'OBJECTION_NOT_FOUND');
      await refused(() => http().get('/api/public/objections/1'), 400, 'VALIDATION_FAILED');
    });

    it('rate-limits objections per client address', async () => {
      // An app of its own: the limit is 4 per hour per address.
      const w = await createWorld([[3]], { OBJECTION_RATE_LIMIT: '4' });
      try {
        const s = w.districts[0].schools[0];
        await submitList(w, s);
        const notice = (await w.t.http().post(`/api/contests/${w.contestId}/notices/preliminary`).set(auth(s.token)).send({ schoolId: s.id })).body.id;
        const path = `/api/public/notices/${notice}/objections`;
        for (let i = 0; i < 4; i++) expect((await w.t.http().post(path).send({ ...OBJECTOR, grounds: `第${i + 1}条异议：名单整体有误` })).status).toBe(200);
        const before = await w.t.dataSource.query('SELECT COUNT(*) AS n FROM ann_objections');
        const res = await w.t.http().post(path).send({ ...OBJECTOR, grounds: '再来一条' });
        expect([res.status, res.body.code]).toEqual([429, 'OBJECTION_RATE_LIMITED']);
        expect(await w.t.dataSource.query('SELECT COUNT(*) AS n FROM ann_objections')).toEqual(before);
        // An hour later the address may object again.
        w.t.clock.advance(3_600_001);
        expect((await w.t.http().post(path).send({ ...OBJECTOR, grounds: '一小时后的异议' })).status).toBe(200);
      } finally {
        await w.t.close();
      }
    });

    it('keeps the semi-final allocation waiting, naming each open list and its closing date', async () => {
      const { http, pub, refused, w, D, prelimD0 } = await withObjections();
      await giveResults(w, 'preliminary');
      const alloc = () => http().post(`/api/contests/${w.contestId}/allocations`).set(auth(D.token)).send({ round: 'semifinal', districtId: D.id, recommendationDeadline: '2025-12-20' });
      let res = await refused(alloc, 409, 'LISTS_NOT_FINAL');
      expect(res.body.message).toContain('2025-11-27 24:00');
      expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual([`lists.school:${D.schools[0].id}`, `lists.school:${D.schools[1].id}`].sort());
      expect(res.body.details.find((d: { field: string }) => d.field === `lists.school:${D.schools[1].id}`).message).toContain('not announced');
      expect((await http().post(`/api/contests/${w.contestId}/notices/preliminary`).set(auth(D.schools[1].token)).send({ schoolId: D.schools[1].id })).status).toBe(200);
      // After the window, with objections pending: closed, still waiting.
      setToday(t, '2025-11-28');
      expect((await pub(http().get(`/api/public/notices/${prelimD0}/status`))).body).toMatchObject({ state: 'closed', pendingObjections: 5 });
      // An objection now is refused with the window's dates.
      const late = await refused(() => http().post(`/api/public/notices/${prelimD0}/objections`).send({ ...OBJECTOR, grounds: '迟到的异议' }), 409, 'NOTICE_WINDOW_CLOSED');
      expect(late.body.message).toContain('2025-11-20');
      expect(late.body.message).toContain('2025-11-27 24:00');
      res = await refused(alloc, 409, 'LISTS_NOT_FINAL');
      expect(res.body.details).toEqual([expect.objectContaining({ field: `lists.school:${D.schools[0].id}`, message: expect.stringContaining('5 objection(s) pending') })]);
    });

    it('is resolved by the district only: rejected with a reason; upheld with falsification disqualifies and records a case', async () => {
      const { http, pub, refused, w, D, E, prelimD0 } = await withObjections();
      setToday(t, '2025-11-28');
      const list = await http().get(`/api/contests/${w.contestId}/objections?state=pending`).set(auth(D.token));
      expect(list.status).toBe(200);
      expect(list.body).toHaveLength(5);
      expect(list.body[0]).toMatchObject({ objectorName: OBJECTOR.name, objectorContact: OBJECTOR.contact });
      expect((await http().get(`/api/contests/${w.contestId}/objections/pending-count`).set(auth(D.token))).body).toEqual({ pending: 5 });
      expect((await http().get(`/api/contests/${w.contestId}/objections`).set(auth(E.token))).body).toEqual([]);
      const onRow = list.body.find((o: { row: unknown }) => o.row !== null);
      const resolve = (token: string, id: number, b: object) => http().post(`/api/objections/${id}/resolve`).set(auth(token)).send(b);
      await refused(() => resolve(D.schools[0].token, onRow.id, { decision: 'rejected', reason: 'x' }), 403, 'ROLE_FORBIDDEN');
      await refused(() => resolve(E.token, onRow.id, { decision: 'rejected', reason: 'x' }), 403, 'OUT_OF_SCOPE');
      await refused(() => resolve(w.cityToken, onRow.id, { decision: 'rejected', reason: 'x' }), 403, 'ROLE_FORBIDDEN');
      await refused(() => resolve(D.token, onRow.id, { decision: 'maybe', reason: 'x' }), 400, 'VALIDATION_FAILED');
      await refused(() => resolve(D.token, onRow.id, { decision: 'rejected', reason: '' }), 400, 'VALIDATION_FAILED');
      await refused(() => resolve(D.token, onRow.id, { decision: 'rejected', reason: 'x', falsified: true }), 400, 'VALIDATION_FAILED');

      const up = await resolve(D.token, onRow.id, { decision: 'upheld', falsified: true, reason: '经核实，该教师已调离本校，信息不实。' });
      expect(up.status).toBe(200);
      expect(up.body).toMatchObject({ state: 'upheld', resolution: { decision: 'upheld', falsified: true } });
      await refused(() => resolve(D.token, onRow.id, { decision: 'rejected', reason: 'again' }), 409, 'OBJECTION_RESOLVED');
      const [e] = await t.dataSource.query(`SELECT status FROM round_entrants WHERE id = ${Number((await t.dataSource.query(`SELECT ref FROM ann_notice_rows WHERE id = ${onRow.row.id}`))[0].ref)}`);
      expect(e.status).toBe('disqualified');
      expect(await notices().schoolsWithCases(w.contestId)).toEqual(new Set([D.schools[0].id]));
      const receipt = await pub(http().get(`/api/public/objections/${onRow.receiptCode}`));
      expect(receipt.body).toMatchObject({ state: 'upheld', decision: { decision: 'upheld', reason: '经核实，该教师已调离本校，信息不实。' } });

      for (const o of list.body.filter((x: { id: number }) => x.id !== onRow.id)) {
        expect((await resolve(D.token, o.id, { decision: 'rejected', reason: '经核实，名单无误。' })).status).toBe(200);
      }
      const r2 = await pub(http().get(`/api/public/objections/${list.body.find((x: { id: number }) => x.id !== onRow.id).receiptCode}`));
      expect(r2.body).toMatchObject({ state: 'rejected', decision: { decision: 'rejected', reason: '经核实，名单无误。' } });
      const ids = list.body.map((o: { id: number }) => `'${o.id}'`).join(', ');
      const actions = (await t.dataSource.query(`SELECT action FROM audit_entries WHERE (action = 'objection.resolve' AND entity_id IN (${ids})) OR action = 'integrity-case.create'`)).map((a: { action: string }) => a.action);
      expect(actions.filter((a: string) => a === 'objection.resolve')).toHaveLength(5);
      expect(actions).toContain('integrity-case.create');
      expect((await pub(http().get(`/api/public/notices/${prelimD0}/status`))).body).toMatchObject({ state: 'final', pendingObjections: 0 });
    });
  });

  describe('semi-finalists (the district announces and resolves)', () => {
    it('allocates once every list of the district is final, and prints the audit head on the draw record', async () => {
      const { http, pub, drawD } = await semiDrawn();
      const d = await pub(http().get(`/api/public/draws/${drawD}`));
      const [entry] = await t.dataSource.query(`SELECT seq, hash FROM audit_entries WHERE action = 'draw.publish' AND entity_id = '${drawD}'`);
      expect(d.body.auditHead).toEqual({ seq: Number(entry.seq), hash: entry.hash });
    });

    it('is announced by the district of the draw only', async () => {
      const { http, pub, refused, w, D, E, drawD } = await semiDrawn();
      const send = (token: string) => http().post('/api/notices/semifinalists').set(auth(token)).send({ drawId: drawD });
      await refused(() => send(E.token), 403, 'OUT_OF_SCOPE');
      await refused(() => send(w.cityToken), 403, 'ROLE_FORBIDDEN');
      await refused(() => send(D.schools[0].token), 403, 'ROLE_FORBIDDEN');
      await refused(() => http().post('/api/notices/finalists').set(auth(w.cityToken)).send({ drawId: drawD }), 400, 'VALIDATION_FAILED');
      const res = await send(D.token);
      expect(res.status).toBe(200);
      const n = (await pub(http().get(`/api/public/notices/${res.body.id}`))).body;
      expect(new Set(n.rows.map((r: { note: string }) => r.note))).toEqual(new Set(['推荐', '抽取']));
      await refused(() => send(D.token), 409, 'NOTICE_EXISTS');
    });

    it('upheld with falsification on a drawn entrant: disqualified, the next reserve takes the place, announced in a supplementary notice with its own window', async () => {
      const { http, pub, w, D, drawD, semiNotice } = await semiAnnounced();
      const n = (await http().get(`/api/public/notices/${semiNotice}`)).body;
      const drawn = n.rows.find((r: { note: string }) => r.note === '抽取');
      const lodged = await pub(http().post(`/api/public/notices/${semiNotice}/objections`).send({ ...OBJECTOR, rowId: drawn.id, grounds: '该教师初赛成绩系代考取得。' }));
      expect(lodged.status).toBe(200);
      const [o] = (await http().get(`/api/contests/${w.contestId}/objections?state=pending`).set(auth(D.token))).body;
      const up = await http().post(`/api/objections/${o.id}/resolve`).set(auth(D.token)).send({ decision: 'upheld', falsified: true, reason: '经调查属实，取消复赛资格。' });
      expect(up.status).toBe(200);
      expect(up.body.resolution.outcome).toMatch(/disqualified; reserve T\d+ takes the drawn place/);
      const supId = up.body.resolution.supplementaryNoticeId;
      expect(supId).toEqual(expect.any(Number));
      const sup = (await pub(http().get(`/api/public/notices/${supId}`))).body;
      expect(sup).toMatchObject({ supplements: { id: semiNotice }, title: expect.stringContaining('补充公示') });
      expect(sup.rows).toEqual([expect.objectContaining({ note: '递补' })]);
      const status = (await pub(http().get(`/api/public/notices/${supId}/status`))).body;
      expect(status).toMatchObject({ state: 'published', workingDaysLeft: 5 });
      expect(status.opens).toBe(t.clock.today());
      const receipt = (await pub(http().get(`/api/public/objections/${lodged.body.receiptCode}`))).body;
      expect(receipt).toMatchObject({ state: 'upheld', decision: { supplementaryNoticeId: supId } });
      const entrants = (await http().get(`/api/public/draws/${drawD}/entrants`)).body as { status: string; source: string }[];
      expect(entrants.filter((e) => e.status === 'disqualified')).toHaveLength(1);
      expect(entrants.filter((e) => e.source === 'reserve')).toHaveLength(1);
    });

    it('upheld on a recommended entrant: the school recommends again before the deadline, announced in a supplementary notice', async () => {
      const { http, pub, refused, w, D, allocD, drawD, semiNotice } = await semiAnnounced();
      const n = (await http().get(`/api/public/notices/${semiNotice}`)).body;
      const rec = n.rows.find((r: { note: string; schoolName: string }) => r.note === '推荐');
      await pub(http().post(`/api/public/notices/${semiNotice}/objections`).send({ ...OBJECTOR, rowId: rec.id, grounds: '推荐材料中的获奖证书系伪造。' }));
      const [o] = (await http().get(`/api/contests/${w.contestId}/objections?state=pending`).set(auth(D.token))).body;
      // A recommended place needs the deadline to recommend again.
      await refused(() => http().post(`/api/objections/${o.id}/resolve`).set(auth(D.token)).send({ decision: 'upheld', falsified: true, reason: '属实' }), 400, 'VALIDATION_FAILED');
      const up = await http().post(`/api/objections/${o.id}/resolve`).set(auth(D.token)).send({ decision: 'upheld', falsified: true, reason: '属实', replacementDeadline: '2025-12-20' });
      expect(up.status).toBe(200);
      expect(up.body.resolution).toMatchObject({ supplementaryNoticeId: null, outcome: expect.stringContaining('recommends again by 2025-12-20') });
      const [rep] = await t.dataSource.query(`SELECT id, unit_id FROM adv_replacements WHERE place = 'recommended' AND draw_id = ${drawD}`);
      const school = D.schools.find((s) => s.id === Number(rep.unit_id))!;
      const cands = (await http().get(`/api/allocations/${allocD}/units/${school.id}/candidates`).set(auth(school.token))).body as { entrantId: number; tookPart: boolean; recommended: boolean; status: string; code: string }[];
      const onList = new Set((await t.dataSource.query(`SELECT code FROM round_entrants WHERE round = 'semifinal' AND contest_id = ${w.contestId}`)).map((r: { code: string }) => r.code));
      const free = cands.find((x) => x.tookPart && !x.recommended && x.status === 'active' && !onList.has(x.code))!;
      const semis = `SELECT id, supplements_notice_id FROM ann_notices WHERE kind = 'semifinalists' AND contest_id = ${w.contestId} ORDER BY id`;
      const before = (await t.dataSource.query(semis)).length;
      const rr = await http().post(`/api/draws/${drawD}/replacements/${rep.id}/recommend`).set(auth(school.token)).send({ entrantId: free.entrantId });
      expect(rr.status).toBe(200);
      const sups = await t.dataSource.query(semis);
      expect(sups).toHaveLength(before + 1);
      expect(Number(sups[sups.length - 1].supplements_notice_id)).toBe(semiNotice);
      const sup = (await pub(http().get(`/api/public/notices/${sups[sups.length - 1].id}`))).body;
      expect(sup.rows).toEqual([expect.objectContaining({ note: '推荐（递补）' })]);
    });
  });

  describe('the final (the city announces the finalists and resolves)', () => {
    it("waits for every district's semi-finalist list, naming the open ones; a district with no semi-final is left out explicitly", async () => {
      const { http, refused, w, D, E, F, drawE } = await semifinalsDone();
      const alloc = () => http().post(`/api/contests/${w.contestId}/allocations`).set(auth(w.cityToken)).send({ round: 'final', recommendationDeadline: '2026-01-20' });
      // F has no published draw.
      let res = await refused(alloc, 409, 'DRAWS_NOT_PUBLISHED');
      expect(res.body.message).toContain(F.code);
      await refused(() => http().post(`/api/contests/${w.contestId}/final-exclusions`).set(auth(F.token)).send({ districtId: F.id, reason: '本区县未举办复赛' }), 403, 'ROLE_FORBIDDEN');
      await refused(() => http().post(`/api/contests/${w.contestId}/final-exclusions`).set(auth(w.cityToken)).send({ districtId: F.id, reason: '' }), 400, 'VALIDATION_FAILED');
      const ex = await http().post(`/api/contests/${w.contestId}/final-exclusions`).set(auth(w.cityToken)).send({ districtId: F.id, reason: '本区县未举办复赛' });
      expect(ex.status).toBe(200);
      expect(Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'final.exclude-district' AND entity_id = '${ex.body.id}'`))[0].n)).toBe(1);

      // D's list is final; E's is not announced, then open.
      res = await refused(alloc, 409, 'LISTS_NOT_FINAL');
      expect(res.body.details).toEqual([expect.objectContaining({ field: `lists.district:${E.id}`, message: expect.stringContaining('not announced') })]);
      expect((await http().post('/api/notices/semifinalists').set(auth(E.token)).send({ drawId: drawE })).status).toBe(200);
      res = await refused(alloc, 409, 'LISTS_NOT_FINAL');
      expect(res.body.details).toEqual([expect.objectContaining({ field: `lists.district:${E.id}`, message: expect.stringMatching(/open until \d{4}-\d{2}-\d{2} 24:00/) })]);
      await passAllWindows(t, w.contestId);
      res = await alloc();
      expect(res.status).toBe(201);
      expect(res.body.units.map((u: { code: string }) => u.code)).toEqual([D.code, E.code]);
    });

    it('the finalists are announced by the city only, one notice per district; objections go to the city', async () => {
      const c = await semifinalsDone();
      const { http, pub, refused, w, D, E, F, drawE } = c;
      expect((await http().post(`/api/contests/${w.contestId}/final-exclusions`).set(auth(w.cityToken)).send({ districtId: F.id, reason: '本区县未举办复赛' })).status).toBe(200);
      expect((await http().post('/api/notices/semifinalists').set(auth(E.token)).send({ drawId: drawE })).status).toBe(200);
      await passAllWindows(t, w.contestId);
      const created = await http().post(`/api/contests/${w.contestId}/allocations`).set(auth(w.cityToken)).send({ round: 'final', recommendationDeadline: '2026-01-20' });
      expect(created.status).toBe(201);
      await giveResults(w, 'semifinal');
      const drawF = await ceremony(c, created.body.id, w.cityToken);
      await refused(() => http().post('/api/notices/finalists').set(auth(D.token)).send({ drawId: drawF }), 403, 'ROLE_FORBIDDEN');
      const res = await http().post('/api/notices/finalists').set(auth(w.cityToken)).send({ drawId: drawF });
      expect(res.status).toBe(200);
      expect(res.body.length).toBeGreaterThanOrEqual(1);
      expect(res.body[0]).toMatchObject({ kind: 'finalists', resolverName: '市教育局' });
      const lodged = await pub(http().post(`/api/public/notices/${res.body[0].id}/objections`).send({ ...OBJECTOR, grounds: '整份名单有误。' }));
      expect(lodged.status).toBe(200);
      expect((await http().get(`/api/contests/${w.contestId}/objections?state=pending`).set(auth(D.token))).body).toEqual([]);
      const [o] = (await http().get(`/api/contests/${w.contestId}/objections?state=pending`).set(auth(w.cityToken))).body;
      await refused(() => http().post(`/api/objections/${o.id}/resolve`).set(auth(D.token)).send({ decision: 'rejected', reason: 'x' }), 403, 'ROLE_FORBIDDEN');
      expect((await http().post(`/api/objections/${o.id}/resolve`).set(auth(w.cityToken)).send({ decision: 'rejected', reason: '名单无误' })).status).toBe(200);
    });
  });

  describe('award lists through the service (published by the awards feature)', () => {
    const district = (id: number): AuthUser => ({ id: 1, username: 'd', role: 'district_admin', displayName: 'd', districtId: id, schoolId: null });
    const city: AuthUser = { id: 2, username: 'c', role: 'city_admin', displayName: 'c', districtId: null, schoolId: null };
    const row = { teacherName: '王老师', schoolName: '学校', subject: '语文', group: '小学青年组', maskedId: '320102********1234', note: '一等奖', ref: 'award:1' };

    it('semi-final awards by the district, final awards by the city; refused to others', async () => {
      const { w, D, E } = await world();
      const publish = (actor: AuthUser, kind: 'semifinal-awards' | 'final-awards', issuer: { level: 'district' | 'city'; id: number | null }) =>
        t.app.get(Transactions).run((em) => notices().publish(em, actor, { contestId: w.contestId, kind, scopeKey: issuer.id ? `district:${issuer.id}` : 'city', issuer: { ...issuer, name: '发布单位' }, title: '获奖名单公示', rows: [row] }));
      await expect(publish(district(E.id), 'semifinal-awards', { level: 'district', id: D.id })).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
      await expect(publish(city, 'semifinal-awards', { level: 'city', id: null })).rejects.toBeInstanceOf(AppError);
      await expect(publish(district(D.id), 'final-awards', { level: 'district', id: D.id })).rejects.toMatchObject({ code: 'ROLE_FORBIDDEN' });
      const a = await publish(district(D.id), 'semifinal-awards', { level: 'district', id: D.id });
      expect(a).toMatchObject({ resolverLevel: 'district', resolverId: D.id, rowCount: 1 });
      const b = await publish(city, 'final-awards', { level: 'city', id: null });
      expect(b).toMatchObject({ resolverLevel: 'city' });
      expect(await notices().isFinal(w.contestId, 'final-awards', 'city')).toBe(false);
      await passAllWindows(t, w.contestId);
      expect(await notices().isFinal(w.contestId, 'final-awards', 'city')).toBe(true);
    });
  });

  it('answers CONTEST_NOT_FOUND for a contest that does not exist, on every list of the working pages', async () => {
    const { http, D } = await world();
    for (const path of ['notices/mine', 'notices/ready', 'open-lists', 'objections', 'objections/pending-count']) {
      const res = await http().get(`/api/contests/999999/${path}`).set(auth(D.token));
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 404, code: 'CONTEST_NOT_FOUND' });
    }
  });

  it('never shows the objector in a public answer', async () => {
    // A contest through its semi-final with objections on both lists, then every public answer of it.
    const c = await semiAnnounced();
    const { http, pub, w } = c;
    await pub(http().post(`/api/public/notices/${c.semiNotice}/objections`).send({ ...OBJECTOR, grounds: '名单有误。' }));
    const all = (await pub(http().get(`/api/public/notices?contestId=${w.contestId}`))).body as { id: number }[];
    expect(all.length).toBeGreaterThanOrEqual(3);
    for (const n of all) {
      await pub(http().get(`/api/public/notices/${n.id}`));
      await pub(http().get(`/api/public/notices/${n.id}/page`));
      await pub(http().get(`/api/public/notices/${n.id}/status`));
    }
    const receipts = await t.dataSource.query(`SELECT o.receipt_code FROM ann_objections o JOIN ann_notices n ON n.id = o.notice_id WHERE n.contest_id = ${w.contestId}`);
    expect(receipts.length).toBeGreaterThanOrEqual(6);
    for (const r of receipts) await pub(http().get(`/api/public/objections/${r.receipt_code}`));
    await pub(http().get('/api/public/draws'));
    await pub(http().get(`/api/public/draws/${c.drawD}`));
    await pub(http().get(`/api/public/draws/${c.drawD}/entrants`));
    expect(c.publicTexts.length).toBeGreaterThan(20);
    for (const text of c.publicTexts) {
      expect(text).not.toContain(OBJECTOR.name);
      expect(text).not.toContain(OBJECTOR.contact);
    }
  });
});
