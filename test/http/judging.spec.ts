/**
 * Judging: score sheets, panels, conflicts of interest, order of appearance (by hand, drawn),
 * judges' private links, score entry (validation, idempotent resend, simultaneous submissions),
 * reopening, results, locking and announcing. Every refusal leaves the database unchanged.
 *
 * One app for the file; every test builds its own world (a new contest, districts, schools,
 * logins, then the judges, entrants and panels it needs), so any test runs alone.
 */
import { randomUUID } from 'crypto';
import { spawnSync } from 'child_process';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { RoundEntrant } from '../../src/contestants/round-entrant.entity';
import { aggregate } from '../../src/domain/aggregation';
import { verifyDraw } from '../../src/domain/draw';
import { defaultPreset } from '../../src/domain/preset';
import { toTenths } from '../../src/domain/points';
import { linkTokenHash } from '../../src/judging/judge-link';
import { createTestApp, TestApp } from '../support/app';
import { auditAfter, auditMark, bearer, factory } from '../support/factories';
import {
  createPanel,
  enter,
  entrant,
  entrants,
  Judge,
  judge,
  judgeLink,
  judges,
  judgingSnapshot,
  judgingWorld,
  JudgingLogin,
  JWorld,
  lockPanel,
  readyPanel,
  submitSheets,
} from '../support/judging-world';

jest.setTimeout(60_000);

describe('judging', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  const http = () => t.http();

  /** Expects the request to be refused with status/code, and nothing stored. */
  async function refused(req: () => Promise<{ status: number; body: any }>, status: number, code: string, field?: string) {
    const before = await judgingSnapshot(t);
    const res = await req();
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    if (field) expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(await judgingSnapshot(t)).toEqual(before);
    return res.body;
  }

  /** The request answers 200, and the database is unchanged by it. */
  async function refusedLike200(req: () => Promise<{ status: number; body: any }>) {
    const before = await judgingSnapshot(t);
    const res = await req();
    expect(res.status).toBe(200);
    expect(await judgingSnapshot(t)).toEqual(before);
    return res.body;
  }

  describe('score sheets (RULES §3)', () => {
    it('gives the preliminary and semi-final sheet, and the final sheet with the featured item named for the subject', async () => {
      const w = await judgingWorld(t, { logins: [] });
      const pre = await http().get(`/api/judging/contests/${w.contestId}/sheets?round=preliminary`).set(w.city);
      expect(pre.status).toBe(200);
      expect(pre.body.items.map((i: { name: string; points: number }) => [i.name, i.points])).toEqual([
        ['书写技能', 10],
        ['学科经典案例展示', 10],
        ['教学设计与科技运用', 30],
        ['课堂教学', 50],
      ]);
      const semi = await http().get(`/api/judging/contests/${w.contestId}/sheets?round=semifinal`).set(w.city);
      expect(semi.body.items).toEqual(pre.body.items);
      const music = await http().get(`/api/judging/contests/${w.contestId}/sheets?round=final&subject=music`).set(w.city);
      expect(music.body.items.map((i: { name: string; points: number }) => [i.name, i.points])).toEqual([
        ['特色项目展示（器乐演奏）', 15],
        ['现场问答', 15],
        ['教学设计和微型课堂教学', 70],
      ]);
      const math = await http().get(`/api/judging/contests/${w.contestId}/sheets?round=final&subject=math`).set(w.city);
      expect(math.body.items[0].name).toBe('特色项目展示（教学设计展示）');
      const pe = await http().get(`/api/judging/contests/${w.contestId}/sheets?round=final&subject=pe`).set(w.city);
      expect(pe.body.items[0].name).toBe('特色项目展示（技能展示）');
    });

    it("refuses a school's own sheet that does not total 100 (400, the domain's reason), and changes nothing", async () => {
      const w = await judgingWorld(t);
      const body = await refused(
        () => http().put(`/api/judging/contests/${w.contestId}/schools/${w.s1}/sheet`).set(w.school1).send({ added: [{ key: 'putonghua', name: '普通话', points: 10 }], reweighted: {} }),
        400,
        'INVALID_SHEET',
        'sheet',
      );
      expect(body.details[0].rule).toBe('total-100');
      expect(body.message).toMatch(/110/);
      await refused(
        () => http().put(`/api/judging/contests/${w.contestId}/schools/${w.s1}/sheet`).set(w.school1).send({ added: [{ key: 'putonghua', name: '普通话', points: 0 }], reweighted: {} }),
        400,
        'VALIDATION_FAILED',
        'added.0.points',
      );
      await refused(
        () => http().put(`/api/judging/contests/${w.contestId}/schools/${w.s1}/sheet`).set(w.school2).send({ added: [{ key: 'putonghua', name: '普通话', points: 10 }], reweighted: { classroom: 40 } }),
        403,
        'OUT_OF_SCOPE',
      );
      await refused(
        () => http().put(`/api/judging/contests/${w.contestId}/schools/${w.s1}/sheet`).set(w.district1).send({ added: [], reweighted: {} }),
        403,
        'ROLE_FORBIDDEN',
      );
      // Reading it: the school itself, its district and the city; not another school or district.
      for (const who of [w.school1, w.district1, w.city]) {
        expect((await http().get(`/api/judging/contests/${w.contestId}/schools/${w.s1}/sheet`).set(who)).status).toBe(200);
      }
      await refused(() => http().get(`/api/judging/contests/${w.contestId}/schools/${w.s1}/sheet`).set(w.school2), 403, 'OUT_OF_SCOPE');
      await refused(() => http().get(`/api/judging/contests/${w.contestId}/schools/${w.s1}/sheet`).set(w.district2), 403, 'OUT_OF_SCOPE');
    });

    it("stores a school's own preliminary sheet with added items totalling 100; its entrants are scored on it", async () => {
      const w = await judgingWorld(t, { logins: ['school1', 'school2'] });
      const mark = await auditMark(t);
      const res = await http()
        .put(`/api/judging/contests/${w.contestId}/schools/${w.s2}/sheet`)
        .set(w.school2)
        .send({ added: [{ key: 'putonghua', name: '普通话', points: 10 }], reweighted: { classroom: 40 } });
      expect(res.status).toBe(200);
      expect(res.body.items.map((i: { key: string; points: number }) => `${i.key}:${i.points}`)).toEqual([
        'handwriting:10',
        'classic-case:10',
        'design-tech:30',
        'classroom:40',
        'putonghua:10',
      ]);
      const e = await entrant(w, w.s2);
      const sheet = await http().get(`/api/judging/entrants/${e.id}/sheet`).set(w.school2);
      expect(sheet.body.items.map((i: { key: string }) => i.key)).toContain('putonghua');
      const other = await entrant(w, w.s1);
      const base = await http().get(`/api/judging/entrants/${other.id}/sheet`).set(w.school1);
      expect(base.body.items.map((i: { key: string }) => i.key)).not.toContain('putonghua');
      const audit = (await auditAfter(t, mark)).filter((a) => a.action === 'school_sheet.set');
      expect(audit).toHaveLength(1);
    });
  });

  describe('panels and scopes', () => {
    it('an organiser creates panels of its own round and scope only', async () => {
      const w = await judgingWorld(t, { logins: ['school1', 'district1', 'district2'] });
      const mine = await http().post('/api/judging/panels').set(w.school1).send({ contestId: w.contestId, code: 'PS1-A', round: 'preliminary', groupCode: 'primary-youth', session: '上午第一场' });
      expect(mine.status).toBe(201);
      expect(mine.body).toMatchObject({ schoolId: w.s1, districtId: w.d1, state: 'open', announced: false });
      await refused(() => http().post('/api/judging/panels').set(w.school1).send({ contestId: w.contestId, code: 'X1', round: 'preliminary', groupCode: 'primary-youth', session: 's', schoolId: w.s2 }), 403, 'OUT_OF_SCOPE');
      await refused(() => http().post('/api/judging/panels').set(w.school1).send({ contestId: w.contestId, code: 'X2', round: 'semifinal', groupCode: 'primary-youth', session: 's', districtId: w.d1 }), 403, 'OUT_OF_SCOPE');
      await refused(() => http().post('/api/judging/panels').set(w.district1).send({ contestId: w.contestId, code: 'X3', round: 'final', groupCode: 'senior', session: 's' }), 403, 'OUT_OF_SCOPE');
      await refused(() => http().post('/api/judging/panels').set(w.district1).send({ contestId: w.contestId, code: 'X4', round: 'semifinal', groupCode: 'senior', session: 's', districtId: w.d2 }), 403, 'OUT_OF_SCOPE');
      const j = await judge(w);
      await refused(() => http().post('/api/judging/panels').set(j.h).send({ contestId: w.contestId, code: 'X5', round: 'final', groupCode: 'senior', session: 's' }), 403, 'ROLE_FORBIDDEN');
      await refused(() => http().post('/api/judging/panels').set(w.city).send({ contestId: w.contestId, code: 'bad code', round: 'final', groupCode: 'senior', session: 's' }), 400, 'VALIDATION_FAILED', 'code');
      await refused(() => http().post('/api/judging/panels').set(w.city).send({ contestId: w.contestId, code: 'X6', round: 'final', groupCode: 'elder', session: '' }), 400, 'VALIDATION_FAILED', 'groupCode');
      await refused(() => http().post('/api/judging/panels').set(w.city).send({ contestId: w.contestId, code: 'PS1-A', round: 'final', groupCode: 'senior', session: 's' }), 409, 'DUPLICATE_PANEL_CODE');
      const semi = await http().post('/api/judging/panels').set(w.district1).send({ contestId: w.contestId, code: 'PD1-A', round: 'semifinal', groupCode: 'senior', session: '复赛第一场' });
      expect(semi.status).toBe(201);
      expect(semi.body.districtId).toBe(w.d1);
      // Scope of reading: the other district sees neither; the city sees both.
      await refused(() => http().get(`/api/judging/panels/${semi.body.id}`).set(w.district2), 403, 'OUT_OF_SCOPE');
      const list2 = await http().get(`/api/judging/panels?contestId=${w.contestId}`).set(w.district2);
      expect(list2.body).toEqual([]);
      const list1 = await http().get(`/api/judging/panels?contestId=${w.contestId}`).set(w.district1);
      expect(list1.body.map((p: { code: string }) => p.code).sort()).toEqual(['PD1-A', 'PS1-A']);
      const listCity = await http().get(`/api/judging/panels?contestId=${w.contestId}`).set(w.city);
      expect(listCity.body.map((p: { code: string }) => p.code).sort()).toEqual(['PD1-A', 'PS1-A']);
    });

    it('never puts a judge from the contestant’s school on the panel (refused both ways); in the final not from the district either', async () => {
      const w = await judgingWorld(t, { logins: ['school1'] });
      const e1 = await entrant(w, w.s1);
      const own = await judge(w, { schoolId: w.s1 });
      const neighbour = await judge(w, { schoolId: w.s2 });
      const p = await createPanel(w, w.school1, { code: 'PC-1', round: 'preliminary' });
      await http().post(`/api/judging/panels/${p.id}/contestants`).set(w.school1).send({ entrantIds: [e1.id] }).expect(200);
      const body = await refused(() => http().post(`/api/judging/panels/${p.id}/judges`).set(w.school1).send({ accountId: own.id }), 409, 'JUDGE_CONFLICT');
      expect(body.details[0].rule).toBe('conflict-school');
      await http().post(`/api/judging/panels/${p.id}/judges`).set(w.school1).send({ accountId: neighbour.id }).expect(200);

      const p2 = await createPanel(w, w.school1, { code: 'PC-2', round: 'preliminary' });
      await http().post(`/api/judging/panels/${p2.id}/judges`).set(w.school1).send({ accountId: own.id }).expect(200);
      const e2 = await entrant(w, w.s1);
      await refused(() => http().post(`/api/judging/panels/${p2.id}/contestants`).set(w.school1).send({ entrantIds: [e2.id] }), 409, 'JUDGE_CONFLICT', 'entrantIds.0');

      // Final: a judge of another school of the same district is refused too.
      const fin = await entrant(w, w.s1, { round: 'final', group: 'senior' });
      const pf = await createPanel(w, w.city, { code: 'PF-1', round: 'final', groupCode: 'senior' });
      await http().post(`/api/judging/panels/${pf.id}/contestants`).set(w.city).send({ entrantIds: [fin.id] }).expect(200);
      const fb = await refused(() => http().post(`/api/judging/panels/${pf.id}/judges`).set(w.city).send({ accountId: neighbour.id }), 409, 'JUDGE_CONFLICT');
      expect(fb.details[0].rule).toBe('conflict-district');
      const far = await judge(w, { schoolId: w.s3 });
      await http().post(`/api/judging/panels/${pf.id}/judges`).set(w.city).send({ accountId: far.id }).expect(200);
    });

    it('refuses entrants of another round, group or school, non-judges, a second head judge, and an entrant on two panels', async () => {
      const w = await judgingWorld(t, { logins: ['school1', 'school2'] });
      const p = await createPanel(w, w.school1, { code: 'PE-1', round: 'preliminary' });
      const semi = await entrant(w, w.s1, { round: 'semifinal' });
      const senior = await entrant(w, w.s1, { group: 'senior' });
      const otherSchool = await entrant(w, w.s2);
      const b = await refused(() => http().post(`/api/judging/panels/${p.id}/contestants`).set(w.school1).send({ entrantIds: [semi.id, senior.id, otherSchool.id] }), 409, 'ENTRANT_NOT_ELIGIBLE');
      expect(b.details.map((d: { field: string }) => d.field)).toEqual(['entrantIds.0', 'entrantIds.1', 'entrantIds.2']);
      await refused(() => http().post(`/api/judging/panels/${p.id}/contestants`).set(w.school1).send({ entrantIds: [999999] }), 404, 'ENTRANT_NOT_FOUND');
      await refused(() => http().post(`/api/judging/panels/${p.id}/contestants`).set(w.school1).send({ entrantIds: ['x'] }), 400, 'VALIDATION_FAILED', 'entrantIds');
      const ok = await entrant(w, w.s1);
      await http().post(`/api/judging/panels/${p.id}/contestants`).set(w.school1).send({ entrantIds: [ok.id] }).expect(200);
      const p2 = await createPanel(w, w.school1, { code: 'PE-2', round: 'preliminary' });
      await refused(() => http().post(`/api/judging/panels/${p2.id}/contestants`).set(w.school1).send({ entrantIds: [ok.id] }), 409, 'ALREADY_ON_PANEL');
      const [admin] = await t.dataSource.query(`SELECT id FROM accounts WHERE role = 'school_admin' AND school_id = ${w.s1} ORDER BY id LIMIT 1`);
      await refused(() => http().post(`/api/judging/panels/${p.id}/judges`).set(w.school1).send({ accountId: Number(admin.id) }), 409, 'NOT_A_JUDGE');
      const h1 = await judge(w);
      const h2 = await judge(w);
      await http().post(`/api/judging/panels/${p.id}/judges`).set(w.school1).send({ accountId: h1.id, isHead: true }).expect(200);
      await refused(() => http().post(`/api/judging/panels/${p.id}/judges`).set(w.school1).send({ accountId: h2.id, isHead: true }), 409, 'HEAD_JUDGE_EXISTS');
      await refused(() => http().post(`/api/judging/panels/${p.id}/judges`).set(w.school1).send({ accountId: h1.id }), 409, 'ALREADY_ON_PANEL');
      await refused(() => http().post(`/api/judging/panels/${p.id}/judges`).set(w.school2).send({ accountId: h2.id }), 403, 'OUT_OF_SCOPE');
    });

    it("lists a panel's candidates: its school's active entrants of its group on no panel yet, in code order, with the teachers' names", async () => {
      const w = await judgingWorld(t, { logins: ['school1'] });
      const [a, b, c, gone] = await entrants(w, w.s1, 4);
      await entrant(w, w.s1, { group: 'senior' });
      await entrant(w, w.s2);
      await t.dataSource.query(`UPDATE round_entrants SET status = 'withdrawn' WHERE id = ${gone.id}`);
      const p = await createPanel(w, w.school1, { code: 'PK-1', round: 'preliminary' });
      const other = await createPanel(w, w.school1, { code: 'PK-2', round: 'preliminary' });
      await http().post(`/api/judging/panels/${other.id}/contestants`).set(w.school1).send({ entrantIds: [b.id] }).expect(200);
      const res = await http().get(`/api/judging/panels/${p.id}/candidates`).set(w.school1);
      expect(res.status).toBe(200);
      const names = new Map<number, string>((await t.dataSource.query(`SELECT e.id, t.name FROM round_entrants e JOIN teachers t ON t.id = e.teacher_id WHERE e.id IN (${a.id}, ${c.id})`)).map((r: { id: number; name: string }) => [Number(r.id), r.name]));
      const want = [a, c].sort((x, y) => (x.code < y.code ? -1 : 1)).map((e) => ({ entrantId: e.id, code: e.code, name: names.get(e.id), schoolId: w.s1, subject: e.subject }));
      expect(res.body).toEqual(want);
    });
  });

  describe('order of appearance', () => {
    it('is set by hand before the session starts, and no longer once a score exists', async () => {
      const w = await judgingWorld(t, { logins: ['school1'] });
      const es = await entrants(w, w.s1, 3);
      const j = await judge(w, { schoolId: w.s3 });
      const id = await readyPanel(w, w.school1, { code: 'PO-1', round: 'preliminary' }, [j], es);
      await refused(() => http().put(`/api/judging/panels/${id}/order`).set(w.school1).send({ entrantIds: [es[0].id, es[1].id] }), 400, 'INVALID_ORDER');
      const res = await http().put(`/api/judging/panels/${id}/order`).set(w.school1).send({ entrantIds: [es[2].id, es[0].id, es[1].id] });
      expect(res.status).toBe(200);
      expect(res.body.contestants.map((c: { entrantId: number; position: number }) => [c.entrantId, c.position])).toEqual([
        [es[2].id, 1],
        [es[0].id, 2],
        [es[1].id, 3],
      ]);
      const mine = await http().get(`/api/judging/panels/${id}/mine`).set(j.h);
      expect(mine.body.contestants.map((c: { entrantId: number }) => c.entrantId)).toEqual([es[2].id, es[0].id, es[1].id]);
      await enter(w, j.h, id, es[2].id, [5, 5, 20, 40], false).expect(200);
      await refused(() => http().put(`/api/judging/panels/${id}/order`).set(w.school1).send({ entrantIds: [es[0].id, es[1].id, es[2].id] }), 409, 'ORDER_FIXED');
      await refused(() => http().post(`/api/judging/panels/${id}/draw`).set(w.school1).send({ entropy: ['1 2 3'] }), 409, 'ORDER_FIXED');
    });

    it('is drawn with contest-draw/1 from the entered entropy; the record is kept, downloadable and verifies (domain and CLI)', async () => {
      const w = await judgingWorld(t, { logins: ['school1', 'district1'] });
      const es = await entrants(w, w.s1, 6);
      const id = await readyPanel(w, w.school1, { code: 'PDRAW-1', round: 'preliminary' }, [], es);
      const mark = await auditMark(t);
      await refused(() => http().post(`/api/judging/panels/${id}/draw`).set(w.school1).send({ entropy: [] }), 400, 'VALIDATION_FAILED', 'entropy');
      const res = await http().post(`/api/judging/panels/${id}/draw`).set(w.school1).send({ entropy: ['福彩3D 2025318期 7 4 1', ' 证人抽签 35 '], sources: ['福彩3D', '现场证人'] });
      expect(res.status).toBe(200);
      const record = res.body.record;
      expect(record).toMatchObject({ protocol: 'contest-draw/1', contestCode: w.contestCode, roundCode: 'preliminary' });
      expect(record.units[0].code).toBe('PDRAW-1');
      expect([...record.units[0].drawn].sort()).toEqual(es.map((e) => e.code).sort());
      expect(res.body.panel.contestants.map((c: { code: string }) => c.code)).toEqual(record.units[0].drawn);
      expect(verifyDraw(record)).toEqual({ match: true });
      const dl = await http().get(`/api/judging/panels/${id}/draw-record`).set(w.district1);
      expect(dl.status).toBe(200);
      expect(dl.headers['content-disposition']).toMatch(/draw-PDRAW-1\.json/);
      const text = typeof dl.body === 'string' && dl.body ? dl.body : dl.text;
      expect(JSON.parse(text)).toEqual(record);
      const dir = mkdtempSync(join(tmpdir(), 'judging-draw-'));
      writeFileSync(join(dir, 'record.json'), text);
      const cli = spawnSync('npm', ['run', '-s', 'cli', '--', 'verify-draw', join(dir, 'record.json')], { cwd: join(__dirname, '..', '..'), encoding: 'utf8' });
      expect(cli.status).toBe(0);
      expect(cli.stdout.trim()).toBe('MATCH');
      await refused(() => http().post(`/api/judging/panels/${id}/draw`).set(w.school1).send({ entropy: ['again'] }), 409, 'DRAW_ALREADY_RUN');
      await refused(() => http().put(`/api/judging/panels/${id}/order`).set(w.school1).send({ entrantIds: es.map((e) => e.id) }), 409, 'ORDER_FIXED');
      const audit = (await auditAfter(t, mark)).filter((a) => a.action === 'panel.order.draw');
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0].after!).master).toBe(record.master);
    });
  });

  describe("judges' private links", () => {
    it('a link (stored only as its SHA-256) opens only that judge’s panel, and stops at once when revoked', async () => {
      const w = await judgingWorld(t, { logins: ['school1', 'school2'] });
      const j = await judge(w, { schoolId: w.s3 });
      const e = await entrant(w, w.s1);
      const e2 = await entrant(w, w.s1);
      const p1 = await readyPanel(w, w.school1, { code: 'PL-1', round: 'preliminary' }, [j], [e]);
      const p2 = await readyPanel(w, w.school1, { code: 'PL-2', round: 'preliminary' }, [j], [e2]);
      const link = await http().post(`/api/judging/panels/${p1}/judges/${j.id}/links`).set(w.school1);
      expect(link.status).toBe(201);
      const token: string = link.body.token;
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(link.body.url).toBe(`/judge.html#k=${token}`);
      const rows = await t.dataSource.query('SELECT token_hash FROM judge_links');
      expect(rows.map((r: { token_hash: string }) => r.token_hash)).toContain(linkTokenHash(token));
      expect(JSON.stringify(await t.dataSource.query('SELECT * FROM judge_links'))).not.toContain(token);
      expect(JSON.stringify(await t.dataSource.query('SELECT * FROM audit_entries'))).not.toContain(token);
      const L = { 'X-Judge-Link': token };

      const mine = await http().get('/api/judging/my/panels').set(L);
      expect(mine.status).toBe(200);
      expect(mine.body.map((p: { id: number }) => p.id)).toEqual([p1]);
      const viaLogin = await http().get('/api/judging/my/panels').set(j.h);
      expect(viaLogin.body.map((p: { id: number }) => p.id)).toEqual([p1, p2]);
      expect((await http().get(`/api/judging/panels/${p1}/mine`).set(L)).status).toBe(200);
      expect((await http().get(`/api/judging/panels/${p2}/mine`).set(L)).body.code).toBe('NOT_ON_PANEL');
      await refused(() => enter(w, L, p2, e2.id, [5, 5, 20, 40]), 403, 'NOT_ON_PANEL');
      expect((await enter(w, L, p1, e.id, [5, 5, 20, 40])).status).toBe(200);
      for (const path of ['/api/auth/me', '/api/judging/ping', `/api/judging/panels?contestId=${w.contestId}`]) {
        const r = await http().get(path).set(L);
        expect({ path, status: r.status, code: r.body.code }).toEqual({ path, status: 403, code: 'ROLE_FORBIDDEN' });
      }
      expect((await http().get('/api/judging/my/panels').set({ 'X-Judge-Link': 'A'.repeat(43) })).status).toBe(401);

      await refused(() => http().post(`/api/judging/links/${link.body.id}/revoke`).set(w.school2), 403, 'OUT_OF_SCOPE');
      const rv = await http().post(`/api/judging/links/${link.body.id}/revoke`).set(w.school1);
      expect(rv.status).toBe(200);
      expect(rv.body.revokedAt).toBeTruthy();
      const after = await http().get('/api/judging/my/panels').set(L);
      expect({ status: after.status, code: after.body.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    });
  });

  describe('the head judge by private link, and the final sheet on the tablet', () => {
    it('a head judge’s link reaches progress and reopen of its panel; another judge’s link does not', async () => {
      const w = await judgingWorld(t, { logins: ['school1'] });
      const head = await judge(w, { schoolId: w.s3 });
      const member = await judge(w, { schoolId: w.s3 });
      const e = await entrant(w, w.s1);
      const pid = await readyPanel(w, w.school1, { code: 'PHL-1', round: 'preliminary' }, [head, member], [e]);
      const hl = (await judgeLink(w, w.school1, pid, head.id)).header;
      const ml = (await judgeLink(w, w.school1, pid, member.id)).header;
      await enter(w, ml, pid, e.id, [5, 5, 20, 40]).expect(200);
      const prog = await http().get(`/api/judging/panels/${pid}/progress`).set(hl);
      expect(prog.status).toBe(200);
      expect(prog.body.submitted).toBe(1);
      await refused(() => http().get(`/api/judging/panels/${pid}/progress`).set(ml), 403, 'NOT_HEAD_JUDGE');
      await refused(() => http().post(`/api/judging/panels/${pid}/sheets/${e.id}/reopen`).set(ml).send({ judgeId: member.id, reason: '自己退回' }), 403, 'NOT_HEAD_JUDGE');
      const r = await http().post(`/api/judging/panels/${pid}/sheets/${e.id}/reopen`).set(hl).send({ judgeId: member.id, reason: '书写技能漏评' });
      expect(r.body).toMatchObject({ state: 'draft', version: 2 });
      await refused(() => http().get(`/api/judging/panels/${pid}/results`).set(ml), 403, 'RESULTS_NOT_ANNOUNCED');
    });

    it('a final contestant is scored on the final sheet with the featured item named for the subject', async () => {
      const w = await judgingWorld(t, { logins: [] });
      const far = await judge(w, { schoolId: w.s3 });
      const music = await entrant(w, w.s1, { round: 'final', group: 'junior-youth', subject: 'music' });
      const pid = await readyPanel(w, w.city, { code: 'PFM-1', round: 'final', groupCode: 'junior-youth' }, [far], [music]);
      const mine = await http().get(`/api/judging/panels/${pid}/mine`).set(far.h);
      expect(mine.body.contestants[0].items.map((i: { name: string; points: number }) => `${i.name}:${i.points}`)).toEqual([
        '特色项目展示（器乐演奏）:15',
        '现场问答:15',
        '教学设计和微型课堂教学:70',
      ]);
      const b = await refused(() => enter(w, far.h, pid, music.id, [15.5, 10, 60]), 400, 'INVALID_SCORES', 'scores.featured');
      expect(b.details[0].rule).toBe('range');
      const ok = await enter(w, far.h, pid, music.id, [14.5, 12, 63.5]);
      expect(ok.body).toMatchObject({ state: 'submitted', total: '90.0' });
    });
  });

  describe('score entry', () => {
    /** A preliminary panel of school 1: judges j (head) and other of school 3, three contestants of school 1, no scores yet. */
    async function entryWorld(): Promise<{ w: JWorld; j: Judge; other: Judge; es: RoundEntrant[]; id: number }> {
      const w = await judgingWorld(t, { logins: ['school1'] });
      const [j, other] = await judges(w, 2, { schoolId: w.s3 });
      const es = await entrants(w, w.s1, 3);
      const id = await readyPanel(w, w.school1, { code: 'PSC-1', round: 'preliminary' }, [j, other], es);
      return { w, j, other, es, id };
    }

    it('refuses a bad entry with the item and rule named, storing nothing', async () => {
      const { w, j, es, id } = await entryWorld();
      const b1 = await refused(() => enter(w, j.h, id, es[0].id, [5, 5, 20, 50.5]), 400, 'INVALID_SCORES', 'scores.classroom');
      expect(b1.details[0].rule).toBe('range');
      const b2 = await refused(() => enter(w, j.h, id, es[0].id, [5, 5.25, 20, 40]), 400, 'INVALID_SCORES', 'scores.classic-case');
      expect(b2.details[0].rule).toBe('one-decimal');
      await refused(() => enter(w, j.h, id, es[0].id, [5, 5, 20]), 400, 'INVALID_SCORES', 'scores');
      await refused(() => enter(w, j.h, id, es[0].id, [5, -1, 20, 40]), 400, 'INVALID_SCORES', 'scores.classic-case');
      await refused(() => enter(w, j.h, id, es[0].id, [5, 5, 20, null]), 400, 'INVALID_SCORES', 'scores.classroom');
      await refused(() => enter(w, j.h, id, es[0].id, [5, 5, 20, 40], true, 'not-a-uuid'), 400, 'VALIDATION_FAILED', 'clientId');
      await refused(() => enter(w, j.h, id, es[0].id, [5, { x: 1 }, 20, 40] as never), 400, 'VALIDATION_FAILED', 'scores');
      await refused(() => enter(w, w.school1, id, es[0].id, [5, 5, 20, 40]), 403, 'ROLE_FORBIDDEN');
      const stranger = await judge(w);
      await refused(() => enter(w, stranger.h, id, es[0].id, [5, 5, 20, 40]), 403, 'NOT_ON_PANEL');
      const outsider = await entrant(w, w.s1);
      await refused(() => enter(w, j.h, id, outsider.id, [5, 5, 20, 40]), 404, 'ENTRANT_NOT_FOUND');
    });

    it('saves a draft (items may be empty), submits, and is read-only afterwards', async () => {
      const { w, j, es, id } = await entryWorld();
      const d = await enter(w, j.h, id, es[0].id, [8, '', 25.5, null], false);
      expect(d.status).toBe(200);
      expect(d.body).toMatchObject({ state: 'draft', version: 1, scores: ['8.0', '', '25.5', ''], total: '33.5' });
      const s = await enter(w, j.h, id, es[0].id, [8, 9, 25.5, 45]);
      expect(s.body).toMatchObject({ state: 'submitted', version: 2, total: '87.5' });
      // A later entry is refused, with the sheet as it is; what was entered is kept as a rejected version.
      const late = await enter(w, j.h, id, es[0].id, [8, 9, 25.5, 46]);
      expect({ status: late.status, code: late.body.code }).toEqual({ status: 409, code: 'SHEET_SUBMITTED' });
      const sheetId = (await t.dataSource.query(`SELECT id FROM score_sheets WHERE panel_id = ${id} AND entrant_id = ${es[0].id} AND judge_id = ${j.id}`))[0].id;
      const [sheet] = await t.dataSource.query(`SELECT state, version, total_tenths FROM score_sheets WHERE id = ${sheetId}`);
      expect([sheet.state, Number(sheet.version), Number(sheet.total_tenths)]).toEqual(['submitted', 2, 875]);
      const audit = await t.dataSource.query(`SELECT action FROM audit_entries WHERE entity_type = 'score_sheet' AND entity_id = '${sheetId}' ORDER BY seq`);
      expect(audit.map((a: { action: string }) => a.action)).toEqual(['score.save', 'score.submit', 'score.reject']);
    });

    it('a resend with the same clientId returns the stored result and stores nothing new', async () => {
      const { w, j, other, es, id } = await entryWorld();
      const clientId = randomUUID();
      const first = await enter(w, j.h, id, es[1].id, [7, 7, 21, 41], true, clientId);
      expect(first.status).toBe(200);
      const again = await refusedLike200(() => enter(w, j.h, id, es[1].id, [7, 7, 21, 41], true, clientId));
      expect(again).toEqual(first.body);
      // Even a resend carrying other values (a stale outbox copy) answers with what was stored.
      const stale = await refusedLike200(() => enter(w, j.h, id, es[1].id, [1, 1, 1, 1], false, clientId));
      expect(stale).toEqual(first.body);
      await refused(() => enter(w, j.h, id, es[2].id, [7, 7, 21, 41], true, clientId), 409, 'CLIENT_ID_REUSED');
      await refused(() => enter(w, other.h, id, es[1].id, [7, 7, 21, 41], true, clientId), 409, 'CLIENT_ID_REUSED');
    });

    it('two simultaneous submissions of the same sheet store exactly one', async () => {
      const { w, other, es, id } = await entryWorld();
      const [a, b] = await Promise.all([enter(w, other.h, id, es[2].id, [6, 6, 26, 36]), enter(w, other.h, id, es[2].id, [7, 7, 27, 37])]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const loser = a.status === 409 ? a : b;
      expect(loser.body.code).toBe('SHEET_SUBMITTED');
      const rows = await t.dataSource.query(
        `SELECT v.state, v.action, v.total_tenths FROM score_sheet_versions v JOIN score_sheets s ON s.id = v.sheet_id WHERE s.panel_id = ${id} AND s.judge_id = ${other.id} AND s.entrant_id = ${es[2].id} ORDER BY v.id`,
      );
      // The winner's submission, and the loser's kept as a rejected version.
      expect(rows.map((r: { action: string }) => r.action)).toEqual(['submit', 'rejected']);
      const winner = a.status === 200 ? a : b;
      expect(winner.body.total).toBe(Number(rows[0].total_tenths) / 10 + '.0');
      expect(loser.body.details.find((d: { field: string }) => d.field === 'rejected.total').message).toBe(Number(rows[1].total_tenths) / 10 + '.0');
      const sheets = await t.dataSource.query(`SELECT COUNT(*) AS n FROM score_sheets WHERE panel_id = ${id} AND judge_id = ${other.id} AND entrant_id = ${es[2].id}`);
      expect(Number(sheets[0].n)).toBe(1);
    });

    it('the same clientId sent twice at the same moment is stored once, both answers equal', async () => {
      const { w, other, es, id } = await entryWorld();
      const clientId = randomUUID();
      const [a, b] = await Promise.all([enter(w, other.h, id, es[0].id, [5, 5, 25, 35], false, clientId), enter(w, other.h, id, es[0].id, [5, 5, 25, 35], false, clientId)]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(a.body).toEqual(b.body);
      const rows = await t.dataSource.query(`SELECT COUNT(*) AS n FROM score_sheet_versions WHERE client_id = '${clientId}'`);
      expect(Number(rows[0].n)).toBe(1);
    });

    it('refuses to remove a judge or a contestant with scores, and to change the school’s sheet once scored', async () => {
      const { w, j, es, id } = await entryWorld();
      // The world: j has scored the first contestant.
      await enter(w, j.h, id, es[0].id, [8, 9, 25.5, 45]).expect(200);
      await refused(() => http().delete(`/api/judging/panels/${id}/judges/${j.id}`).set(w.school1), 409, 'SCORES_EXIST');
      await refused(() => http().delete(`/api/judging/panels/${id}/contestants/${es[0].id}`).set(w.school1), 409, 'SCORES_EXIST');
      await refused(
        () => http().put(`/api/judging/contests/${w.contestId}/schools/${w.s1}/sheet`).set(w.school1).send({ added: [{ key: 'putonghua', name: '普通话', points: 10 }], reweighted: { classroom: 40 } }),
        409,
        'SHEET_IN_USE',
      );
    });

    it('refuses a score at entry when the judge has come to belong to the contestant’s school', async () => {
      const w = await judgingWorld(t, { logins: ['school1'] });
      const moved = await judge(w, { schoolId: w.s3 });
      const e = await entrant(w, w.s1);
      const pid = await readyPanel(w, w.school1, { code: 'PSC-2', round: 'preliminary' }, [moved], [e]);
      await t.dataSource.query(`UPDATE accounts SET school_id = ${w.s1}, district_id = ${w.d1} WHERE id = ${moved.id}`);
      await refused(() => enter(w, moved.h, pid, e.id, [5, 5, 20, 40]), 409, 'JUDGE_CONFLICT');
      const mine = await http().get(`/api/judging/panels/${pid}/mine`).set(moved.h);
      expect(mine.body.contestants[0].conflict).toBe(true);
    });
  });

  describe('reopening, results, locking, announcing', () => {
    const totals = ['83.9', '80.0', '95.0', '80.0', '79.0', '80.0'];
    const split = (x: string): number[] => {
      // 10 + 10 + 30 + 50: the first three items fixed, the rest on classroom teaching.
      const tenths = toTenths(x, 't');
      return [9, 9, 28, (tenths - 460) / 10];
    };

    /** A semi-final panel of district 1: six judges of school 2 (the first is the head judge), three contestants of school 1. */
    async function semifinalPanel(logins: JudgingLogin[]): Promise<{ w: JWorld; judges: Judge[]; es: RoundEntrant[]; id: number }> {
      const w = await judgingWorld(t, { logins });
      const js = await judges(w, 6, { schoolId: w.s2 });
      const es = await entrants(w, w.s1, 3, { round: 'semifinal', group: 'junior-youth' });
      const id = await readyPanel(w, w.district1, { code: 'PR-1', round: 'semifinal', groupCode: 'junior-youth' }, js, es);
      return { w, judges: js, es, id };
    }

    it('only the head judge reopens a submitted sheet, with a reason; every version is kept and visible to the office', async () => {
      const { w, judges, es, id } = await semifinalPanel(['district1']);
      await enter(w, judges[1].h, id, es[0].id, split('70.0')).expect(200);
      await refused(() => http().post(`/api/judging/panels/${id}/sheets/${es[0].id}/reopen`).set(judges[2].h).send({ judgeId: judges[1].id, reason: '录错' }), 403, 'NOT_HEAD_JUDGE');
      await refused(() => http().post(`/api/judging/panels/${id}/sheets/${es[0].id}/reopen`).set(w.district1).send({ judgeId: judges[1].id, reason: '录错' }), 403, 'ROLE_FORBIDDEN');
      await refused(() => http().post(`/api/judging/panels/${id}/sheets/${es[0].id}/reopen`).set(judges[0].h).send({ judgeId: judges[1].id, reason: '  ' }), 400, 'VALIDATION_FAILED', 'reason');
      await refused(() => http().post(`/api/judging/panels/${id}/sheets/${es[0].id}/reopen`).set(judges[0].h).send({ judgeId: judges[2].id, reason: '录错' }), 404, 'SHEET_NOT_FOUND');
      const r = await http().post(`/api/judging/panels/${id}/sheets/${es[0].id}/reopen`).set(judges[0].h).send({ judgeId: judges[1].id, reason: '课堂教学分录错' });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ state: 'draft', version: 2 });
      await refused(() => http().post(`/api/judging/panels/${id}/sheets/${es[0].id}/reopen`).set(judges[0].h).send({ judgeId: judges[1].id, reason: '再次' }), 409, 'SHEET_NOT_SUBMITTED');
      await enter(w, judges[1].h, id, es[0].id, split(totals[1])).expect(200);
      const v = await http().get(`/api/judging/panels/${id}/versions`).set(w.city);
      const mine = v.body.filter((x: { judgeId: number; entrantId: number }) => x.judgeId === judges[1].id && x.entrantId === es[0].id);
      expect(mine.map((x: { version: number; action: string; total: string; reason: string | null }) => [x.version, x.action, x.total, x.reason])).toEqual([
        [1, 'submit', '70.0', null],
        [2, 'reopen', '70.0', '课堂教学分录错'],
        [3, 'submit', '80.0', null],
      ]);
      const sheetId = (await t.dataSource.query(`SELECT id FROM score_sheets WHERE panel_id = ${id} AND judge_id = ${judges[1].id} AND entrant_id = ${es[0].id}`))[0].id;
      const audit = await t.dataSource.query(`SELECT action, actor FROM audit_entries WHERE entity_type = 'score_sheet' AND entity_id = '${sheetId}' ORDER BY seq`);
      expect(audit.map((a: { action: string; actor: string }) => `${a.action} ${a.actor}`)).toEqual([
        `score.submit ${judges[1].username}`,
        `score.reopen ${judges[0].username}`,
        `score.submit ${judges[1].username}`,
      ]);
      await refused(() => http().get(`/api/judging/panels/${id}/versions`).set(judges[3].h), 403, 'NOT_HEAD_JUDGE');
    });

    it('shows progress, refuses to lock an incomplete panel, and computes results exactly as RULES §3 (80.975 → 80.98, outlier flagged)', async () => {
      const { w, judges, es, id } = await semifinalPanel(['district1', 'district2', 'school1']);
      for (const [k, jd] of judges.entries()) await enter(w, jd.h, id, es[0].id, split(totals[k])).expect(200);
      const prog = await http().get(`/api/judging/panels/${id}/progress`).set(judges[0].h);
      expect(prog.status).toBe(200);
      expect(prog.body).toMatchObject({ expected: 18, submitted: 6, complete: false });
      expect(prog.body.contestants[0].cells.every((c: { state: string }) => c.state === 'submitted')).toBe(true);
      expect(prog.body.contestants[1].cells.every((c: { state: string }) => c.state === 'none')).toBe(true);
      await refused(() => http().get(`/api/judging/panels/${id}/progress`).set(judges[4].h), 403, 'NOT_HEAD_JUDGE');
      const inc = await refused(() => http().post(`/api/judging/panels/${id}/lock`).set(w.district1), 409, 'PANEL_INCOMPLETE');
      expect(inc.details).toHaveLength(12);

      // Two contestants with equal totals: the heavier item (classroom teaching) breaks the tie.
      for (const jd of judges) {
        await enter(w, jd.h, id, es[1].id, [10, 10, 20, 40]).expect(200); // 80, classroom 40
        await enter(w, jd.h, id, es[2].id, [10, 0, 20, 50]).expect(200); // 80, classroom 50
      }
      const res = await http().get(`/api/judging/panels/${id}/results`).set(w.district1);
      expect(res.status).toBe(200);
      const row0 = res.body.contestants.find((c: { entrantId: number }) => c.entrantId === es[0].id);
      const sheet = defaultPreset().sheets.semifinal;
      const expected = aggregate(sheet, judges.map((jd, k) => ({ judge: `J${jd.id}`, tenths: split(totals[k]).map((x) => toTenths(x, 'x')) })), defaultPreset().aggregation);
      expect(row0.total).toBe('80.98');
      expect(row0.total).toBe(expected.total);
      expect(row0.items.map((i: { score: string }) => i.score)).toEqual(expected.items);
      expect(row0.flags.map((f: { judgeId: number }) => f.judgeId)).toEqual([judges[2].id]);
      const ranks = Object.fromEntries(res.body.contestants.map((c: { entrantId: number; rank: number }) => [c.entrantId, c.rank]));
      expect([ranks[es[0].id], ranks[es[2].id], ranks[es[1].id]]).toEqual([1, 2, 3]);
      expect(res.body.complete).toBe(true);

      // Not announced: the office and the head judge only.
      expect((await http().get(`/api/judging/panels/${id}/results`).set(judges[0].h)).status).toBe(200);
      await refused(() => http().get(`/api/judging/panels/${id}/results`).set(judges[3].h), 403, 'RESULTS_NOT_ANNOUNCED');
      await refused(() => http().get(`/api/judging/panels/${id}/results`).set(w.district2), 403, 'OUT_OF_SCOPE');
      await refused(() => http().post(`/api/judging/panels/${id}/announce`).set(w.district1), 409, 'PANEL_NOT_LOCKED');
      await refused(() => http().post(`/api/judging/panels/${id}/lock`).set(w.school1), 403, 'OUT_OF_SCOPE');

      const lock = await http().post(`/api/judging/panels/${id}/lock`).set(w.district1);
      expect(lock.status).toBe(200);
      const results = await t.dataSource.query(`SELECT entrant_id, total, total_hundredths, panel_id, round FROM round_results WHERE panel_id = ${id} ORDER BY entrant_id`);
      expect(results.map((r: { entrant_id: number; total: string; total_hundredths: number }) => [Number(r.entrant_id), r.total, Number(r.total_hundredths)])).toEqual([
        [es[0].id, '80.98', 8098],
        [es[1].id, '80.00', 8000],
        [es[2].id, '80.00', 8000],
      ]);
      await refused(() => enter(w, judges[0].h, id, es[0].id, split('80.0')), 409, 'PANEL_LOCKED');
      await refused(() => http().post(`/api/judging/panels/${id}/sheets/${es[0].id}/reopen`).set(judges[0].h).send({ judgeId: judges[1].id, reason: 'x' }), 409, 'PANEL_LOCKED');
      await refused(() => http().post(`/api/judging/panels/${id}/lock`).set(w.district1), 409, 'PANEL_LOCKED');

      const ann = await http().post(`/api/judging/panels/${id}/announce`).set(w.district1);
      expect(ann.status).toBe(200);
      expect((await http().get(`/api/judging/panels/${id}/results`).set(judges[3].h)).status).toBe(200);
      const actions = await t.dataSource.query(`SELECT action FROM audit_entries WHERE entity_type = 'panel' AND entity_id = '${id}' ORDER BY seq`);
      expect(actions.map((a: { action: string }) => a.action).slice(-2)).toEqual(['panel.lock', 'panel.announce']);
    });
  });

  it('GET /api/judging/ping needs a login', async () => {
    const city = bearer(await factory(t).token('city_admin'));
    expect((await http().get('/api/judging/ping')).status).toBe(401);
    expect((await http().get('/api/judging/ping').set(city)).body).toEqual({ ok: true });
  });

  it('documents every judging endpoint with the bearer scheme and 401/403, and the link header where a link is accepted', async () => {
    const doc = (await http().get('/api/docs-json').expect(200)).body;
    const ops = Object.entries(doc.paths as Record<string, Record<string, any>>)
      .filter(([path]) => path.startsWith('/api/judging/'))
      .flatMap(([path, o]) => Object.entries(o).map(([method, op]) => ({ path, method, op })));
    expect(ops.length).toBeGreaterThanOrEqual(28);
    for (const { path, method, op } of ops) {
      expect({ endpoint: `${method} ${path}`, security: op.security }).toEqual({ endpoint: `${method} ${path}`, security: [{ bearer: [] }] });
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '403']));
    }
    const withLink = ops.filter(({ op }) => (op.parameters ?? []).some((p: { name: string }) => p.name === 'X-Judge-Link')).map(({ method, path }) => `${method} ${path}`);
    expect(withLink.sort()).toEqual(
      [
        'get /api/judging/my/panels',
        'get /api/judging/panels/{id}/mine',
        'put /api/judging/panels/{id}/sheets/{entrantId}',
        'post /api/judging/panels/{id}/sheets/{entrantId}/reopen',
        'get /api/judging/panels/{id}/progress',
        'get /api/judging/panels/{id}/results',
        'get /api/judging/panels/{id}/versions',
      ].sort(),
    );
  });

  it('writes every change of state to the audit log, and the chain verifies', async () => {
    // A world that goes through every change of state of judging once.
    const w = await judgingWorld(t, { logins: ['school1'] });
    const mark = await auditMark(t);
    await http()
      .put(`/api/judging/contests/${w.contestId}/schools/${w.s1}/sheet`)
      .set(w.school1)
      .send({ added: [{ key: 'putonghua', name: '普通话', points: 10 }], reweighted: { classroom: 40 } })
      .expect(200);
    const [head, member] = await judges(w, 2, { schoolId: w.s3 });
    const es = await entrants(w, w.s1, 2);
    const id = await readyPanel(w, w.school1, { code: 'PA-1', round: 'preliminary' }, [head, member], es);
    await http().put(`/api/judging/panels/${id}/order`).set(w.school1).send({ entrantIds: [es[1].id, es[0].id] }).expect(200);
    const drawn = await readyPanel(w, w.school1, { code: 'PA-2', round: 'preliminary' }, [], await entrants(w, w.s1, 2));
    await http().post(`/api/judging/panels/${drawn}/draw`).set(w.school1).send({ entropy: ['1 2 3'] }).expect(200);
    const link = await judgeLink(w, w.school1, id, member.id);
    await http().post(`/api/judging/links/${link.id}/revoke`).set(w.school1).expect(200);
    await enter(w, member.h, id, es[0].id, [5, 5, 20, 40, 5], false).expect(200);
    await submitSheets(w, id, [head, member], es, () => [5, 5, 20, 40, 5]);
    await http().post(`/api/judging/panels/${id}/sheets/${es[0].id}/reopen`).set(head.h).send({ judgeId: member.id, reason: '复核' }).expect(200);
    await enter(w, member.h, id, es[0].id, [6, 5, 20, 40, 5]).expect(200);
    await lockPanel(w, w.school1, id, { announce: true });

    const actions = new Set((await auditAfter(t, mark)).map((a) => a.action));
    for (const a of [
      'school_sheet.set',
      'panel.create',
      'panel.judge.add',
      'panel.contestants.add',
      'panel.order.set',
      'panel.order.draw',
      'judge_link.create',
      'judge_link.revoke',
      'score.save',
      'score.submit',
      'score.reopen',
      'panel.lock',
      'panel.announce',
    ]) {
      expect(actions).toContain(a);
    }
    const v = await http().get('/api/audit/verify').set(w.city);
    expect(v.status).toBe(200);
    expect(v.body.intact).toBe(true);
  });
});
