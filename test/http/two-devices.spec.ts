/**
 * Two devices of one judge (a tablet and a phone, or two tablets): nothing a judge entered is lost.
 * An entry refused because the other device got there first is kept as a rejected version (the
 * head judge sees it with its scores), and the refusal gives the sheet's current state; a draft
 * carries the version it was based on, and a stale one is refused instead of overwriting.
 * On SQLite and PostgreSQL.
 */
import { randomUUID } from 'crypto';
import { AuditService } from '../../src/audit/audit.service';
import { ScoresService } from '../../src/judging/scores.service';
import { createJudgingWorld, entrant, judge, Judge, JWorld, readyPanel } from './judging.support';

jest.setTimeout(120_000);

type Detail = { field: string; message: string };
const detail = (body: { details?: Detail[] }, field: string) => body.details?.find((d) => d.field === field)?.message;

describe('two devices of one judge', () => {
  let w: JWorld;
  let head: Judge;
  let j: Judge;
  let panelId: number;
  let es: { id: number }[];

  beforeAll(async () => {
    w = await createJudgingWorld();
    head = await judge(w, { schoolId: w.s3 });
    j = await judge(w, { schoolId: w.s3 });
    es = [await entrant(w, w.s1), await entrant(w, w.s1), await entrant(w, w.s1)];
    panelId = await readyPanel(w, w.school1, { code: 'P2D', round: 'preliminary', schoolId: w.s1 }, [head, j], es as never);
  });
  afterAll(() => w.t.close());

  /** One device's save or submit: its own clientId, the version it read. */
  const send = (entrantId: number, scores: (number | string | null)[], submit: boolean, baseVersion?: number, clientId = randomUUID()) =>
    w.t
      .http()
      .put(`/api/judging/panels/${panelId}/sheets/${entrantId}`)
      .set(j.h)
      .send({ clientId, scores, submit, ...(baseVersion === undefined ? {} : { baseVersion }) });

  const versionsOf = async (entrantId: number) =>
    ((await w.t.http().get(`/api/judging/panels/${panelId}/versions`).set(head.h)).body as { entrantId: number; judgeId: number; action: string; version: number | null; total: string; scores: string[]; reason: string | null; basedOn: number | null }[]).filter(
      (v) => v.entrantId === entrantId && v.judgeId === j.id,
    );

  it('the second device’s submission is refused with both totals and kept as a rejected version, visible to the head judge', async () => {
    const e = es[0].id;
    const a = await send(e, [8, 9, 25.5, 45], true, 0);
    expect(a.body).toMatchObject({ state: 'submitted', version: 1, total: '87.5' });
    const clientId = randomUUID();
    const b = await send(e, [7, 9, 25, 40], true, 0, clientId);
    expect({ status: b.status, code: b.body.code }).toEqual({ status: 409, code: 'SHEET_SUBMITTED' });
    expect(detail(b.body, 'current.total')).toBe('87.5');
    expect(detail(b.body, 'current.state')).toBe('submitted');
    expect(detail(b.body, 'current.version')).toBe('1');
    expect(JSON.parse(detail(b.body, 'current.scores')!)).toEqual(['8.0', '9.0', '25.5', '45.0']);
    expect(detail(b.body, 'rejected.total')).toBe('81.0');
    // The sheet is the first device's.
    const [sheet] = await w.t.dataSource.query(`SELECT state, version, total_tenths FROM score_sheets WHERE panel_id = ${panelId} AND judge_id = ${j.id} AND entrant_id = ${e}`);
    expect([sheet.state, Number(sheet.version), Number(sheet.total_tenths)]).toEqual(['submitted', 1, 875]);
    // The head judge sees both, the rejected one with its scores.
    const versions = await versionsOf(e);
    expect(versions.map((v) => [v.action, v.version, v.total])).toEqual([
      ['submit', 1, '87.5'],
      ['rejected', null, '81.0'],
    ]);
    expect(versions[1]).toMatchObject({ scores: ['7.0', '9.0', '25.0', '40.0'], reason: 'SHEET_SUBMITTED', basedOn: 0 });
    // A resend of the rejected entry (the device retrying) gets the same answer and stores nothing more.
    const again = await send(e, [7, 9, 25, 40], true, 0, clientId);
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'SHEET_SUBMITTED' });
    expect(detail(again.body, 'rejected.total')).toBe('81.0');
    expect(await versionsOf(e)).toHaveLength(2);
    const audit = await w.t.dataSource.query("SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'score.reject'");
    expect(Number(audit[0].n)).toBe(1);
  });

  it('a stale draft is refused with the current state instead of overwriting the other device’s draft', async () => {
    const e = es[1].id;
    const a = await send(e, [8, null, 20, null], false, 0);
    expect(a.body).toMatchObject({ state: 'draft', version: 1, total: '28.0' });
    const b = await send(e, [6, 6, null, null], false, 0);
    expect({ status: b.status, code: b.body.code }).toEqual({ status: 409, code: 'SHEET_STALE' });
    expect([detail(b.body, 'current.version'), detail(b.body, 'current.state'), detail(b.body, 'current.total'), detail(b.body, 'rejected.total')]).toEqual(['1', 'draft', '28.0', '12.0']);
    const [sheet] = await w.t.dataSource.query(`SELECT version, total_tenths FROM score_sheets WHERE panel_id = ${panelId} AND judge_id = ${j.id} AND entrant_id = ${e}`);
    expect([Number(sheet.version), Number(sheet.total_tenths)]).toEqual([1, 280]);
    // Having read version 1, the second device may go on.
    const c = await send(e, [6, 6, 20, null], false, 1);
    expect(c.body).toMatchObject({ state: 'draft', version: 2, total: '32.0' });
    expect((await versionsOf(e)).map((v) => [v.action, v.version, v.basedOn])).toEqual([
      ['save', 1, 0],
      ['rejected', null, 0],
      ['save', 2, 1],
    ]);
  });

  it('an entry that does not say its base version saves as before (older pages)', async () => {
    const e = es[2].id;
    expect((await send(e, [5, null, null, null], false)).body).toMatchObject({ version: 1 });
    expect((await send(e, [6, null, null, null], false)).body).toMatchObject({ version: 2, total: '6.0' });
  });

  it('refuses a bad base version (400, nothing stored)', async () => {
    const before = await w.t.dataSource.query('SELECT COUNT(*) AS n FROM score_sheet_versions');
    const r = await send(es[2].id, [5, null, null, null], false, -1);
    expect({ status: r.status, code: r.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(r.body.details.map((d: Detail) => d.field)).toContain('baseVersion');
    expect(await w.t.dataSource.query('SELECT COUNT(*) AS n FROM score_sheet_versions')).toEqual(before);
  });
});

describe('many entries at the same moment (on PostgreSQL, sent in batches)', () => {
  let w: JWorld;
  afterAll(() => w?.t.close());

  it('every judge submitting every contestant at once, with resends and second devices among them: each answered as if alone, nothing lost or stored twice', async () => {
    w = await createJudgingWorld();
    const js: Judge[] = [];
    for (let i = 0; i < 6; i++) js.push(await judge(w, { schoolId: w.s3 }));
    const es = [await entrant(w, w.s1), await entrant(w, w.s1), await entrant(w, w.s1), await entrant(w, w.s1)];
    const panelId = await readyPanel(w, w.school1, { code: 'PMANY', round: 'preliminary', schoolId: w.s1 }, js, es as never);
    const put = (j: Judge, entrantId: number, scores: number[], clientId: string) =>
      w.t.http().put(`/api/judging/panels/${panelId}/sheets/${entrantId}`).set(j.h).send({ clientId, scores, submit: true, baseVersion: 0 });
    const first = js.flatMap((j, a) => es.map((e, b) => ({ j, e: e.id, scores: [5 + a, 6, 20 + b, 30], clientId: randomUUID() })));
    // A resend of four of them (the same clientId), and a second device of four others (its own clientId, other scores).
    const resends = first.slice(0, 4).map((x) => ({ ...x }));
    const devices = first.slice(8, 12).map((x) => ({ ...x, scores: [9, 9, 29, 49], clientId: randomUUID() }));
    // Each sent right after the entry it repeats, so that the two may share a batch.
    const order = first.flatMap((x, k) => [x, ...(k < 4 ? [resends[k]] : []), ...(k >= 8 && k < 12 ? [devices[k - 8]] : [])]);
    const settled = await Promise.all(order.map((x) => put(x.j, x.e, x.scores, x.clientId)));
    const answer = (x: (typeof order)[number]) => settled[order.indexOf(x)];

    const total = (s: number[]) => s.reduce((a, b) => a + b, 0).toFixed(1);
    for (const [k, x] of resends.entries()) {
      // A resend: the first send's answer.
      expect([answer(first[k]).status, answer(x).status]).toEqual([200, 200]);
      expect(answer(x).body).toEqual(answer(first[k]).body);
    }
    for (const [k, x] of devices.entries()) {
      // Two devices on one sheet: one stored, the other refused and kept as rejected.
      const [a, b] = [answer(first[8 + k]), answer(x)];
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const [loser, lost] = a.status === 409 ? [a, first[8 + k]] : [b, x];
      expect(loser.body.code).toBe('SHEET_SUBMITTED');
      expect(detail(loser.body, 'rejected.total')).toBe(total(lost.scores));
    }
    for (const [k, x] of first.entries()) {
      if (k >= 8 && k < 12) continue;
      expect(answer(x).status).toBe(200);
      expect(answer(x).body).toMatchObject({ state: 'submitted', version: 1, total: total(x.scores) });
    }
    const q = async (sql: string) => Number((await w.t.dataSource.query(sql))[0].n);
    expect(await q(`SELECT COUNT(*) AS n FROM score_sheets WHERE panel_id = ${panelId} AND state = 'submitted'`)).toBe(first.length);
    expect(await q(`SELECT COUNT(*) AS n FROM score_sheet_versions v JOIN score_sheets s ON s.id = v.sheet_id WHERE s.panel_id = ${panelId} AND v.action = 'submit'`)).toBe(first.length);
    expect(await q(`SELECT COUNT(*) AS n FROM score_sheet_versions v JOIN score_sheets s ON s.id = v.sheet_id WHERE s.panel_id = ${panelId} AND v.action = 'rejected'`)).toBe(devices.length);
    expect(await q(`SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'score.submit'`)).toBe(first.length);
    expect(await q(`SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'score.reject'`)).toBe(devices.length);
    expect((await w.t.app.get(AuditService).verify()).intact).toBe(true);
    const batches = w.t.app.get(ScoresService).entryBatches();
    if (w.t.dataSource.options.type === 'postgres') {
      // The entries went in batches of several, and a batch with a resend or a second device in it was written entry by entry.
      expect(batches!.reads.items).toBeGreaterThan(batches!.reads.batches);
      expect(batches!.inserts.items).toBeGreaterThan(batches!.inserts.batches);
      expect(batches!.inserts.retried).toBeGreaterThan(0);
    } else expect(batches).toBeNull();
  });
});
