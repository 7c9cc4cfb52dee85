/**
 * Public announcements (公示) with objections, RULES §6, through the HTTP API: each list announced
 * by its body and refused to the others; objections from the public with a receipt code; their
 * resolution (upheld → disqualification → reserve → supplementary notice; rejected); the gates of
 * the allocations; the audit head; caching; and no objector identity in any public answer.
 */
import { AppError } from '../../src/common/errors';
import { AuthUser } from '../../src/common/roles';
import { NoticesService } from '../../src/announcements/notices.service';
import { auditVerify } from '../../src/cli/audit-verify';
import { Transactions } from '../../src/database/transactions';
import { usingPostgres } from '../support/app';
import type { Response } from 'supertest';
import { auth, createWorld, DistrictW, giveResults, HttpAnswer, setToday, snapshot, submitList, World } from './advancement.support';
import { expectRefusedUnchanged } from '../support/refusals';
import { passAllWindows } from '../support/notices';

const SOURCES = [{ name: '体彩', description: '中国体育彩票超级大乐透第25140期开奖号码' }];
const ENTROPY = ['03 08 15 21 27 31 + 09'];

const OBJECTOR = { name: '欧阳异议人', contact: '13912345678' };

describe('announcements (公示) and objections', () => {
  let w: World;
  let D: DistrictW;
  let E: DistrictW;
  let F: DistrictW;
  const http = () => w.t.http();
  /** Every public answer's text, searched for the objector's identity at the end. */
  const publicTexts: string[] = [];
  const pub = async (req: PromiseLike<Response>): Promise<Response> => {
    const res = await req;
    publicTexts.push(res.text ?? JSON.stringify(res.body));
    return res;
  };
  const notices = () => w.t.app.get(NoticesService);
  const state = async () =>
    JSON.stringify({
      base: await snapshot(w.t),
      notices: await w.t.dataSource.query('SELECT * FROM ann_notices ORDER BY id'),
      rows: await w.t.dataSource.query('SELECT COUNT(*) AS n FROM ann_notice_rows'),
      objections: await w.t.dataSource.query('SELECT * FROM ann_objections ORDER BY id'),
      resolutions: await w.t.dataSource.query('SELECT * FROM ann_resolutions ORDER BY id'),
      cases: await w.t.dataSource.query('SELECT * FROM ann_integrity_cases ORDER BY id'),
      exclusions: await w.t.dataSource.query('SELECT * FROM ann_final_exclusions ORDER BY id'),
    });
  const refused = (req: () => PromiseLike<HttpAnswer>, status: number, code: string) => expectRefusedUnchanged(state, req, status, code);

  let prelimD0: number;

  beforeAll(async () => {
    // D: schools of 8 and 6 teachers; E: 5 teachers; F: 3 teachers (no semi-final: left out by the city).
    w = await createWorld([[8, 6], [5], [3]], { OBJECTION_RATE_LIMIT: '4' });
    [D, E, F] = w.districts;
  }, 120_000);
  afterAll(() => w.t.close());

  describe('the preliminary lists (the school announces, its district resolves)', () => {
    it('is refused before the list is submitted, and to any body but the school itself', async () => {
      const s = D.schools[0];
      const send = (token: string, schoolId = s.id) => http().post(`/api/contests/${w.contestId}/notices/preliminary`).set(auth(token)).send({ schoolId });
      await refused(() => send(s.token), 409, 'LIST_NOT_READY');
      for (const x of [...D.schools, ...E.schools, ...F.schools]) await submitList(w, x);
      await refused(() => send(D.schools[1].token), 403, 'OUT_OF_SCOPE');
      await refused(() => send(D.token), 403, 'ROLE_FORBIDDEN');
      await refused(() => send(w.cityToken), 403, 'ROLE_FORBIDDEN');
      await refused(() => send(w.judgeToken), 403, 'ROLE_FORBIDDEN');
      await refused(() => http().post(`/api/contests/${w.contestId}/notices/preliminary`).send({ schoolId: s.id }), 401, 'UNAUTHENTICATED');
      await refused(() => send(s.token, 0), 400, 'VALIDATION_FAILED');
    });

    it('publishes: rows with masked ID numbers, a 5-working-day window from the next day, the audit head', async () => {
      // Thursday 2025-11-20: Fri 21, Mon 24 … Thu 27 → closes 2025-11-27 24:00 Beijing time.
      const ready = await http().get(`/api/contests/${w.contestId}/notices/ready`).set(auth(D.schools[0].token));
      expect(ready.body).toEqual([expect.objectContaining({ kind: 'preliminary', rows: 8 })]);
      const res = await http().post(`/api/contests/${w.contestId}/notices/preliminary`).set(auth(D.schools[0].token)).send({ schoolId: D.schools[0].id, objectionContact: '区教师发展中心 0527-80000000' });
      expect(res.status).toBe(200);
      prelimD0 = res.body.id;
      expect(res.body).toMatchObject({ kind: 'preliminary', state: 'published', opens: '2025-11-20', closes: '2025-11-27', closesAt: '2025-11-27T16:00:00.000Z', workingDaysLeft: 5, rowCount: 8, calendarCovers: true });
      await refused(() => http().post(`/api/contests/${w.contestId}/notices/preliminary`).set(auth(D.schools[0].token)).send({ schoolId: D.schools[0].id }), 409, 'NOTICE_EXISTS');

      const n = await pub(http().get(`/api/public/notices/${prelimD0}`));
      expect(n.status).toBe(200);
      expect(n.body.rows).toHaveLength(8);
      for (const r of n.body.rows) expect(r.maskedId).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
      expect(n.body).toMatchObject({ window: { opens: '2025-11-20', closes: '2025-11-27', days: 5, workingDays: ['2025-11-21', '2025-11-24', '2025-11-25', '2025-11-26', '2025-11-27'] }, objectionContact: '区教师发展中心 0527-80000000' });
      expect(n.body.rows[0]).not.toHaveProperty('ref');
      // The head is the notice.publish entry of the chain; audit-verify --expect finds it.
      const [entry] = await w.t.dataSource.query(`SELECT seq, hash FROM audit_entries WHERE action = 'notice.publish' AND entity_id = '${prelimD0}'`);
      expect(n.body.auditHead).toEqual({ seq: Number(entry.seq), hash: entry.hash });
      const args = usingPostgres ? ['--database-url', w.t.env.DATABASE_URL, '--schema', w.t.env.DATABASE_SCHEMA] : ['--sqlite', w.t.env.SQLITE_PATH];
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
      const [entry] = await w.t.dataSource.query("SELECT after FROM audit_entries WHERE action = 'objection.lodge'");
      expect(entry.after).not.toContain(OBJECTOR.name);
      expect(entry.after).not.toContain(OBJECTOR.contact);
    });

    it('refuses bad input with a clear 4xx and stores nothing', async () => {
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
      const path = `/api/public/notices/${prelimD0}/objections`;
      // A new hour; the limit is 4 per hour per address: 4 pass, the 5th is refused.
      w.t.clock.advance(3_600_001);
      for (let i = 0; i < 4; i++) expect((await pub(http().post(path).send({ ...OBJECTOR, grounds: `第${i + 2}条异议：名单整体有误` }))).status).toBe(200);
      await refused(() => http().post(path).send({ ...OBJECTOR, grounds: '再来一条' }), 429, 'OBJECTION_RATE_LIMITED');
      w.t.clock.advance(3_600_001);
    });

    it('keeps the semi-final allocation waiting, naming each open list and its closing date', async () => {
      await giveResults(w, 'preliminary');
      const alloc = () => http().post(`/api/contests/${w.contestId}/allocations`).set(auth(D.token)).send({ round: 'semifinal', districtId: D.id, recommendationDeadline: '2025-12-20' });
      let res = await refused(alloc, 409, 'LISTS_NOT_FINAL');
      expect(res.body.message).toContain('2025-11-27 24:00');
      expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual([`lists.school:${D.schools[0].id}`, `lists.school:${D.schools[1].id}`].sort());
      expect(res.body.details.find((d: { field: string }) => d.field === `lists.school:${D.schools[1].id}`).message).toContain('not announced');
      (await http().post(`/api/contests/${w.contestId}/notices/preliminary`).set(auth(D.schools[1].token)).send({ schoolId: D.schools[1].id })).body.id;
      // After the window, with objections pending: closed, still waiting.
      setToday(w.t, '2025-11-28');
      expect((await pub(http().get(`/api/public/notices/${prelimD0}/status`))).body).toMatchObject({ state: 'closed', pendingObjections: 5 });
      // An objection now is refused with the window's dates.
      const late = await refused(() => http().post(`/api/public/notices/${prelimD0}/objections`).send({ ...OBJECTOR, grounds: '迟到的异议' }), 409, 'NOTICE_WINDOW_CLOSED');
      expect(late.body.message).toContain('2025-11-20');
      expect(late.body.message).toContain('2025-11-27 24:00');
      res = await refused(alloc, 409, 'LISTS_NOT_FINAL');
      expect(res.body.details).toEqual([expect.objectContaining({ field: `lists.school:${D.schools[0].id}`, message: expect.stringContaining('5 objection(s) pending') })]);
    });

    it('is resolved by the district only: rejected with a reason; upheld with falsification disqualifies and records a case', async () => {
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
      const [e] = await w.t.dataSource.query(`SELECT status FROM round_entrants WHERE id = ${Number((await w.t.dataSource.query(`SELECT ref FROM ann_notice_rows WHERE id = ${onRow.row.id}`))[0].ref)}`);
      expect(e.status).toBe('disqualified');
      expect(await notices().schoolsWithCases(w.contestId)).toEqual(new Set([D.schools[0].id]));
      const receipt = await pub(http().get(`/api/public/objections/${onRow.receiptCode}`));
      expect(receipt.body).toMatchObject({ state: 'upheld', decision: { decision: 'upheld', reason: '经核实，该教师已调离本校，信息不实。' } });

      for (const o of list.body.filter((x: { id: number }) => x.id !== onRow.id)) {
        expect((await resolve(D.token, o.id, { decision: 'rejected', reason: '经核实，名单无误。' })).status).toBe(200);
      }
      const r2 = await pub(http().get(`/api/public/objections/${list.body.find((x: { id: number }) => x.id !== onRow.id).receiptCode}`));
      expect(r2.body).toMatchObject({ state: 'rejected', decision: { decision: 'rejected', reason: '经核实，名单无误。' } });
      const actions = (await w.t.dataSource.query("SELECT action FROM audit_entries WHERE action LIKE 'objection.%' OR action = 'integrity-case.create'")).map((a: { action: string }) => a.action);
      expect(actions.filter((a: string) => a === 'objection.resolve')).toHaveLength(5);
      expect(actions).toContain('integrity-case.create');
      expect((await pub(http().get(`/api/public/notices/${prelimD0}/status`))).body).toMatchObject({ state: 'final', pendingObjections: 0 });
    });
  });

  describe('semi-finalists (the district announces and resolves)', () => {
    let allocD: number;
    let drawD: number;
    let semiNotice: number;

    async function ceremony(alloc: number, organiser: string): Promise<number> {
      const a = (await http().get(`/api/allocations/${alloc}`).set(auth(organiser))).body;
      for (const u of a.units) {
        const unit = [...D.schools, ...E.schools].find((s) => s.id === u.unitId) ?? w.districts.find((d) => d.id === u.unitId)!;
        const c = (await http().get(`/api/allocations/${alloc}/units/${u.unitId}/candidates`).set(auth(unit.token))).body;
        const ids = c.filter((x: { tookPart: boolean; status: string }) => x.tookPart && x.status === 'active').slice(0, u.recommended).map((x: { entrantId: number }) => x.entrantId);
        expect((await http().put(`/api/allocations/${alloc}/units/${u.unitId}/recommendations`).set(auth(unit.token)).send({ entrantIds: ids })).status).toBe(200);
      }
      const id = (await http().post(`/api/allocations/${alloc}/draw`).set(auth(organiser))).body.id;
      for (const [name, b] of [['announce', { sources: SOURCES }], ['entropy', { values: ENTROPY }], ['run', {}], ['publish', {}]] as const) {
        const r = await http().post(`/api/draws/${id}/${name}`).set(auth(organiser)).send(b);
        expect([name, r.status]).toEqual([name, 200]);
      }
      return id;
    }

    it('allocates once every list of the district is final, and prints the audit head on the draw record', async () => {
      await passAllWindows(w.t);
      const res = await http().post(`/api/contests/${w.contestId}/allocations`).set(auth(D.token)).send({ round: 'semifinal', districtId: D.id, recommendationDeadline: '2025-12-20' });
      expect(res.status).toBe(201);
      allocD = res.body.id;
      drawD = await ceremony(allocD, D.token);
      const d = await pub(http().get(`/api/public/draws/${drawD}`));
      const [entry] = await w.t.dataSource.query(`SELECT seq, hash FROM audit_entries WHERE action = 'draw.publish' AND entity_id = '${drawD}'`);
      expect(d.body.auditHead).toEqual({ seq: Number(entry.seq), hash: entry.hash });
    });

    it('is announced by the district of the draw only', async () => {
      const send = (token: string) => http().post('/api/notices/semifinalists').set(auth(token)).send({ drawId: drawD });
      await refused(() => send(E.token), 403, 'OUT_OF_SCOPE');
      await refused(() => send(w.cityToken), 403, 'ROLE_FORBIDDEN');
      await refused(() => send(D.schools[0].token), 403, 'ROLE_FORBIDDEN');
      await refused(() => http().post('/api/notices/finalists').set(auth(w.cityToken)).send({ drawId: drawD }), 400, 'VALIDATION_FAILED');
      const res = await send(D.token);
      expect(res.status).toBe(200);
      semiNotice = res.body.id;
      const n = (await pub(http().get(`/api/public/notices/${semiNotice}`))).body;
      expect(new Set(n.rows.map((r: { note: string }) => r.note))).toEqual(new Set(['推荐', '抽取']));
      await refused(() => send(D.token), 409, 'NOTICE_EXISTS');
    });

    it('upheld with falsification on a drawn entrant: disqualified, the next reserve takes the place, announced in a supplementary notice with its own window', async () => {
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
      expect(status.opens).toBe(w.t.clock.today());
      const receipt = (await pub(http().get(`/api/public/objections/${lodged.body.receiptCode}`))).body;
      expect(receipt).toMatchObject({ state: 'upheld', decision: { supplementaryNoticeId: supId } });
      const entrants = (await http().get(`/api/public/draws/${drawD}/entrants`)).body as { status: string; source: string }[];
      expect(entrants.filter((e) => e.status === 'disqualified')).toHaveLength(1);
      expect(entrants.filter((e) => e.source === 'reserve')).toHaveLength(1);
    });

    it('upheld on a recommended entrant: the school recommends again before the deadline, announced in a supplementary notice', async () => {
      const n = (await http().get(`/api/public/notices/${semiNotice}`)).body;
      const rec = n.rows.find((r: { note: string; schoolName: string }) => r.note === '推荐');
      await pub(http().post(`/api/public/notices/${semiNotice}/objections`).send({ ...OBJECTOR, rowId: rec.id, grounds: '推荐材料中的获奖证书系伪造。' }));
      const [o] = (await http().get(`/api/contests/${w.contestId}/objections?state=pending`).set(auth(D.token))).body;
      // A recommended place needs the deadline to recommend again.
      await refused(() => http().post(`/api/objections/${o.id}/resolve`).set(auth(D.token)).send({ decision: 'upheld', falsified: true, reason: '属实' }), 400, 'VALIDATION_FAILED');
      const up = await http().post(`/api/objections/${o.id}/resolve`).set(auth(D.token)).send({ decision: 'upheld', falsified: true, reason: '属实', replacementDeadline: '2025-12-20' });
      expect(up.status).toBe(200);
      expect(up.body.resolution).toMatchObject({ supplementaryNoticeId: null, outcome: expect.stringContaining('recommends again by 2025-12-20') });
      const [rep] = await w.t.dataSource.query("SELECT id, unit_id FROM adv_replacements WHERE place = 'recommended'");
      const school = D.schools.find((s) => s.id === Number(rep.unit_id))!;
      const cands = (await http().get(`/api/allocations/${allocD}/units/${school.id}/candidates`).set(auth(school.token))).body as { entrantId: number; tookPart: boolean; recommended: boolean; status: string; code: string }[];
      const onList = new Set((await w.t.dataSource.query("SELECT code FROM round_entrants WHERE round = 'semifinal'")).map((r: { code: string }) => r.code));
      const free = cands.find((c) => c.tookPart && !c.recommended && c.status === 'active' && !onList.has(c.code))!;
      const before = (await w.t.dataSource.query("SELECT COUNT(*) AS n FROM ann_notices WHERE kind = 'semifinalists'"))[0].n;
      const rr = await http().post(`/api/draws/${drawD}/replacements/${rep.id}/recommend`).set(auth(school.token)).send({ entrantId: free.entrantId });
      expect(rr.status).toBe(200);
      const sups = await w.t.dataSource.query("SELECT id, supplements_notice_id FROM ann_notices WHERE kind = 'semifinalists' ORDER BY id");
      expect(sups).toHaveLength(Number(before) + 1);
      expect(Number(sups[sups.length - 1].supplements_notice_id)).toBe(semiNotice);
      const sup = (await pub(http().get(`/api/public/notices/${sups[sups.length - 1].id}`))).body;
      expect(sup.rows).toEqual([expect.objectContaining({ note: '推荐（递补）' })]);
    });
  });

  describe('the final (the city announces the finalists and resolves)', () => {
    it("waits for every district's semi-finalist list, naming the open ones; a district with no semi-final is left out explicitly", async () => {
      const alloc = () => http().post(`/api/contests/${w.contestId}/allocations`).set(auth(w.cityToken)).send({ round: 'final', recommendationDeadline: '2026-01-20' });
      // E: its preliminary list announced and final, allocation and draw; F never has a semi-final.
      const prelimE = await http().post(`/api/contests/${w.contestId}/notices/preliminary`).set(auth(E.schools[0].token)).send({ schoolId: E.schools[0].id });
      expect(prelimE.status).toBe(200);
      await passAllWindows(w.t);
      const aE = await http().post(`/api/contests/${w.contestId}/allocations`).set(auth(E.token)).send({ round: 'semifinal', districtId: E.id, recommendationDeadline: '2025-12-31' });
      expect(aE.status).toBe(201);
      const unit = E.schools[0];
      const c = (await http().get(`/api/allocations/${aE.body.id}/units/${unit.id}/candidates`).set(auth(unit.token))).body;
      const r = aE.body.units[0].recommended;
      await http().put(`/api/allocations/${aE.body.id}/units/${unit.id}/recommendations`).set(auth(unit.token)).send({ entrantIds: c.filter((x: { tookPart: boolean }) => x.tookPart).slice(0, r).map((x: { entrantId: number }) => x.entrantId) });
      const drawE = (await http().post(`/api/allocations/${aE.body.id}/draw`).set(auth(E.token))).body.id;
      for (const [name, b] of [['announce', { sources: SOURCES }], ['entropy', { values: ENTROPY }], ['run', {}], ['publish', {}]] as const) await http().post(`/api/draws/${drawE}/${name}`).set(auth(E.token)).send(b);

      // F has no published draw.
      let res = await refused(alloc, 409, 'DRAWS_NOT_PUBLISHED');
      expect(res.body.message).toContain(F.code);
      await refused(() => http().post(`/api/contests/${w.contestId}/final-exclusions`).set(auth(F.token)).send({ districtId: F.id, reason: '本区县未举办复赛' }), 403, 'ROLE_FORBIDDEN');
      await refused(() => http().post(`/api/contests/${w.contestId}/final-exclusions`).set(auth(w.cityToken)).send({ districtId: F.id, reason: '' }), 400, 'VALIDATION_FAILED');
      const ex = await http().post(`/api/contests/${w.contestId}/final-exclusions`).set(auth(w.cityToken)).send({ districtId: F.id, reason: '本区县未举办复赛' });
      expect(ex.status).toBe(200);
      expect(Number((await w.t.dataSource.query("SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'final.exclude-district'"))[0].n)).toBe(1);

      // D's lists (the first and its two supplements) are final; E's is not announced, then open.
      res = await refused(alloc, 409, 'LISTS_NOT_FINAL');
      expect(res.body.details).toEqual([expect.objectContaining({ field: `lists.district:${E.id}`, message: expect.stringContaining('not announced') })]);
      expect((await http().post('/api/notices/semifinalists').set(auth(E.token)).send({ drawId: drawE })).status).toBe(200);
      res = await refused(alloc, 409, 'LISTS_NOT_FINAL');
      expect(res.body.details).toEqual([expect.objectContaining({ field: `lists.district:${E.id}`, message: expect.stringMatching(/open until \d{4}-\d{2}-\d{2} 24:00/) })]);
      await passAllWindows(w.t);
      res = await alloc();
      expect(res.status).toBe(201);
      expect(res.body.units.map((u: { code: string }) => u.code)).toEqual([D.code, E.code]);
    });

    it('the finalists are announced by the city only, one notice per district; objections go to the city', async () => {
      const [a] = (await http().get(`/api/contests/${w.contestId}/allocations`).set(auth(w.cityToken))).body.filter((x: { round: string }) => x.round === 'final');
      await giveResults(w, 'semifinal');
      for (const u of a.units) {
        const d = w.districts.find((x) => x.id === u.unitId)!;
        const c = (await http().get(`/api/allocations/${a.id}/units/${d.id}/candidates`).set(auth(d.token))).body;
        await http().put(`/api/allocations/${a.id}/units/${d.id}/recommendations`).set(auth(d.token)).send({ entrantIds: c.filter((x: { tookPart: boolean; status: string }) => x.tookPart && x.status === 'active').slice(0, u.recommended).map((x: { entrantId: number }) => x.entrantId) });
      }
      const drawF = (await http().post(`/api/allocations/${a.id}/draw`).set(auth(w.cityToken))).body.id;
      for (const [name, b] of [['announce', { sources: SOURCES }], ['entropy', { values: ENTROPY }], ['run', {}], ['publish', {}]] as const) await http().post(`/api/draws/${drawF}/${name}`).set(auth(w.cityToken)).send(b);
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
    const publish = (actor: AuthUser, kind: 'semifinal-awards' | 'final-awards', issuer: { level: 'district' | 'city'; id: number | null }) =>
      w.t.app.get(Transactions).run((em) => notices().publish(em, actor, { contestId: w.contestId, kind, scopeKey: issuer.id ? `district:${issuer.id}` : 'city', issuer: { ...issuer, name: '发布单位' }, title: '获奖名单公示', rows: [row] }));

    it('semi-final awards by the district, final awards by the city; refused to others', async () => {
      await expect(publish(district(E.id), 'semifinal-awards', { level: 'district', id: D.id })).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
      await expect(publish(city, 'semifinal-awards', { level: 'city', id: null })).rejects.toBeInstanceOf(AppError);
      await expect(publish(district(D.id), 'final-awards', { level: 'district', id: D.id })).rejects.toMatchObject({ code: 'ROLE_FORBIDDEN' });
      const a = await publish(district(D.id), 'semifinal-awards', { level: 'district', id: D.id });
      expect(a).toMatchObject({ resolverLevel: 'district', resolverId: D.id, rowCount: 1 });
      const b = await publish(city, 'final-awards', { level: 'city', id: null });
      expect(b).toMatchObject({ resolverLevel: 'city' });
      expect(await notices().isFinal(w.contestId, 'final-awards', 'city')).toBe(false);
      await passAllWindows(w.t);
      expect(await notices().isFinal(w.contestId, 'final-awards', 'city')).toBe(true);
    });
  });

  it('answers CONTEST_NOT_FOUND for a contest that does not exist, on every list of the working pages', async () => {
    for (const path of ['notices/mine', 'notices/ready', 'open-lists', 'objections', 'objections/pending-count']) {
      const res = await http().get(`/api/contests/999999/${path}`).set(auth(D.token));
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 404, code: 'CONTEST_NOT_FOUND' });
    }
  });

  it('never shows the objector in a public answer', async () => {
    // Every public answer of this file, plus the lists and statuses once more.
    const all = (await pub(http().get('/api/public/notices'))).body as { id: number }[];
    for (const n of all) {
      await pub(http().get(`/api/public/notices/${n.id}`));
      await pub(http().get(`/api/public/notices/${n.id}/page`));
      await pub(http().get(`/api/public/notices/${n.id}/status`));
    }
    const receipts = await w.t.dataSource.query('SELECT receipt_code FROM ann_objections');
    for (const r of receipts) await pub(http().get(`/api/public/objections/${r.receipt_code}`));
    await pub(http().get('/api/public/draws'));
    expect(publicTexts.length).toBeGreaterThan(30);
    for (const text of publicTexts) {
      expect(text).not.toContain(OBJECTOR.name);
      expect(text).not.toContain(OBJECTOR.contact);
    }
  });
});
