/**
 * The OpenAPI document describes every answer: each operation of the live document
 * (/api/docs-json) has a 2xx response schema that says something (no empty object anywhere in
 * it), lists its error answers in the one error body, and the error body documents every field a
 * feature puts in it. Then real answers, made through the HTTP API for at least one operation of
 * every controller, are held to the document: no undocumented field, no documented required field
 * missing, the types, enums and nulls as documented (test/support/openapi.ts).
 *
 * Every answer of the whole suite can be held to the document the same way: run it with
 * OPENAPI_CONFORMANCE_LOG=/tmp/conformance.log (test/support/app.ts) and read the log.
 */
import { randomUUID } from 'crypto';
import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import type { Test } from 'supertest';
import { XLSX_MIME } from '../../src/common/download';
import { ERROR_CODES } from '../../src/error-codes';
import { createTestApp, TestApp } from '../support/app';
import { bearer, Factory, TEST_PASSWORD } from '../support/factories';
import { announcePreliminary, passAllWindows } from '../support/notices';
import { answerProblems, deref, emptySchemasWithin, OpenApiDocument, operationFor, operations, Schema } from '../support/openapi';
import { createWorld as createAdvancementWorld, finalisePreliminaryLists, giveResults, setToday, submitList } from './advancement.support';
import { createAwardWorld, giveRound, tenDistinct } from './awards.support';
import { createWorld as createEntrantsWorld, HEADER, id, xlsx } from './entrants.support';
import { createJudgingWorld, enter, entrant, judge } from './judging.support';

jest.setTimeout(180_000);

/** Every field the error body can carry, and every field of one of its `details`. */
const ERROR_BODY_FIELDS = ['statusCode', 'code', 'message', 'details'];
const ERROR_DETAIL_FIELDS = ['field', 'rule', 'message', 'messageZh', 'row', 'column', 'cell', 'rows'];

const isPublic = (path: string) => path === '/api/health' || path === '/api/auth/login' || path.startsWith('/api/public/');
const controllerOf = (operationId: string | undefined) => (operationId ?? '').split('_')[0];

async function liveDocument(t: TestApp): Promise<OpenApiDocument> {
  const res = await t.http().get('/api/docs-json');
  expect(res.status).toBe(200);
  return res.body as OpenApiDocument;
}

/** Every .ts file under a directory. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') && !p.endsWith('.spec.ts') ? [p] : [];
  });
}
const SRC = join(__dirname, '..', '..', 'src');

describe('OpenAPI: the document describes every answer', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  beforeAll(async () => {
    t = await createTestApp();
    doc = await liveDocument(t);
  });
  afterAll(() => t.close());

  it('every operation answers a 2xx with a schema, and no schema in it is an empty object', () => {
    const problems: string[] = [];
    for (const { method, path, op } of operations(doc)) {
      const name = `${method.toUpperCase()} ${path}`;
      const ok = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
      if (!ok.length) problems.push(`${name}: no 2xx answer`);
      for (const [status, response] of ok) {
        const content = Object.entries(response.content ?? {});
        if (status === '204') {
          if (content.length) problems.push(`${name} → 204: documented with content`);
          continue;
        }
        if (!content.length) problems.push(`${name} → ${status}: no content (no response class)`);
        for (const [type, { schema }] of content) {
          if (!schema) problems.push(`${name} → ${status} ${type}: no schema`);
          else for (const where of emptySchemasWithin(doc, schema, 'body')) problems.push(`${name} → ${status} ${type}: ${where} is an empty object`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('a download is a file of its content type (workbooks, JSON records, pages)', () => {
    const problems: string[] = [];
    for (const { method, path, op } of operations(doc)) {
      const content = op.responses['200']?.content ?? {};
      const expected = path.endsWith('.xlsx') || path.endsWith('/template') ? XLSX_MIME : path.endsWith('.json') || path.endsWith('/draw-record') ? 'application/json' : path.endsWith('/page') ? 'text/html' : null;
      if (!expected) continue;
      const schema = content[expected]?.schema;
      if (!schema || deref(doc, schema).type !== 'string' || deref(doc, schema).format !== 'binary') {
        problems.push(`${method.toUpperCase()} ${path}: documented ${JSON.stringify(content)}, expected a binary ${expected}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the error body documents every field it can carry, and every error code', () => {
    const body = deref(doc, { $ref: '#/components/schemas/ErrorBody' });
    expect(Object.keys(body.properties ?? {}).sort()).toEqual([...ERROR_BODY_FIELDS].sort());
    expect([...(body.required ?? [])].sort()).toEqual(['code', 'message', 'statusCode']);
    expect([...(body.properties!.code.enum ?? [])].sort()).toEqual(Object.keys(ERROR_CODES).sort());
    const items = body.properties!.details.items as Schema;
    const detail = deref(doc, items);
    expect(Object.keys(detail.properties ?? {}).sort()).toEqual([...ERROR_DETAIL_FIELDS].sort());
    expect([...(detail.required ?? [])].sort()).toEqual(['field', 'message', 'rule']);

    // What the code can put in a detail: ErrorDetail's fields and those of every type that
    // extends it (a sheet row's problem, …), read from the source.
    const declared = new Set<string>();
    for (const file of sourceFiles(SRC)) {
      const text = readFileSync(file, 'utf8');
      const bodies = [
        ...text.matchAll(/interface ErrorDetail \{([^}]*)\}/g),
        ...text.matchAll(/interface \w+ extends ErrorDetail \{([^}]*)\}/g),
        ...text.matchAll(/ErrorDetail & \{([^}]*)\}/g),
      ].map((m) => m[1]);
      for (const b of bodies) for (const f of b.matchAll(/^\s*(?:readonly\s+)?(\w+)\??:/gm)) declared.add(f[1]);
    }
    expect(declared.size).toBeGreaterThanOrEqual(ERROR_DETAIL_FIELDS.length);
    expect([...declared].filter((f) => !ERROR_DETAIL_FIELDS.includes(f))).toEqual([]);
  });

  it('every operation lists its error answers, each the one error body', () => {
    const problems: string[] = [];
    for (const { method, path, op } of operations(doc)) {
      const name = `${method.toUpperCase()} ${path}`;
      const statuses = Object.keys(op.responses);
      const params = op.parameters ?? [];
      const need: number[] = [];
      if (!isPublic(path)) need.push(401, 403);
      if (op.requestBody || params.some((p) => p.in === 'path' || p.in === 'query')) need.push(400);
      if (op.requestBody) need.push(413, 415);
      if (params.some((p) => p.in === 'path')) need.push(404);
      for (const s of need) if (!statuses.includes(String(s))) problems.push(`${name}: no ${s} answer`);
      for (const [s, response] of Object.entries(op.responses)) {
        if (!/^[45]\d\d$/.test(s)) continue;
        const ref = response.content?.['application/json']?.schema?.$ref;
        if (ref !== '#/components/schemas/ErrorBody') problems.push(`${name} → ${s}: not the ErrorBody (${JSON.stringify(response.content)})`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('no two response or request classes share a name (one schema would silently stand for both)', () => {
    const seen = new Map<string, string[]>();
    for (const file of sourceFiles(SRC)) {
      const text = readFileSync(file, 'utf8');
      if (!text.includes('@ApiProperty')) continue;
      for (const m of text.matchAll(/^(?:export )?class (\w+)/gm)) seen.set(m[1], [...(seen.get(m[1]) ?? []), file.slice(SRC.length + 1)]);
      for (const m of text.matchAll(/PageOf\(\w+, '(\w+)'\)/g)) seen.set(m[1], [...(seen.get(m[1]) ?? []), file.slice(SRC.length + 1)]);
    }
    expect([...seen].filter(([, files]) => files.length > 1)).toEqual([]);
  });

  it('the samples below cover every controller of the document', () => {
    const controllers = new Set(operations(doc).map(({ op }) => controllerOf(op.operationId)));
    expect([...controllers].sort()).toEqual([...new Set(Object.values(SAMPLED).flat())].sort());
  });
});

/** The controllers each sample test below must reach (checked at its end). */
const SAMPLED: Record<string, string[]> = {
  registry: ['AuthController', 'AccountsController', 'CityController', 'DistrictsController', 'SchoolsController', 'TeachersController', 'ContestsController', 'AuditController', 'HealthController', 'PingController'],
  entrants: ['EntrantListsController', 'ExemptionsController'],
  judging: ['JudgingController', 'PlanningController'],
  advancement: ['AdvancementController', 'PublicDrawsController', 'NoticesController', 'PublicNoticesController'],
  awards: ['AwardsController', 'CertificatesController', 'PublicCertificatesController', 'NoticesController', 'PublicNoticesController'],
};

type Headers = Record<string, string>;
type Verb = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Requests held to the document: `call` sends one, expects its status, and expects the answer to
 * be exactly what the document says of it (body and content type); `reached` lists the
 * controllers called.
 */
function documented(t: TestApp, doc: () => OpenApiDocument) {
  const reached = new Set<string>();
  async function call(verb: Verb, url: string, h: Headers | null, status: number, send?: (req: Test) => Test): Promise<{ status: number; body: any; text: string }> {
    let req = t.http()[verb](url);
    if (h) req = req.set(h);
    if (send) req = send(req);
    const res = await req;
    expect({ call: `${verb.toUpperCase()} ${url}`, status: res.status, body: res.status === status ? undefined : res.body }).toEqual({ call: `${verb.toUpperCase()} ${url}`, status, body: undefined });
    expect(answerProblems(doc(), verb, url, res)).toEqual([]);
    reached.add(controllerOf(operationFor(doc(), verb, url)?.op.operationId));
    return res;
  }
  const json = (body: unknown) => (req: Test) => req.send(body as object);
  return { call, json, reached };
}

describe('OpenAPI: real answers are what the document says', () => {
  it('registry, accounts, auth, contests, audit, health: bodies and error bodies', async () => {
    const t = await createTestApp();
    try {
      const doc = await liveDocument(t);
      const { call, json, reached } = documented(t, () => doc);
      const f = new Factory(t);
      const city = bearer(await f.loginAs('city_admin'));
      const teacher = await f.teacher();
      const contest = await call('post', '/api/contests', city, 201, json({ code: 'c2025', name: '2025年全员培训·教学技能比赛', year: 2025 }));

      await call('get', '/api/health', null, 200);
      await call('get', '/api/public/ping', null, 200);
      const login = await call('post', '/api/auth/login', null, 200, json({ username: (await f.account('school_admin', { schoolId: teacher.schoolId })).username, password: TEST_PASSWORD }));
      const school = bearer(login.body.accessToken);
      await call('get', '/api/auth/me', school, 200);
      await call('post', '/api/auth/password', school, 204, json({ currentPassword: TEST_PASSWORD, newPassword: 'violet-harbour-engine-42' }));

      await call('put', '/api/city', city, 200, json({ code: '3213', name: '宿迁市' }));
      await call('get', '/api/city', city, 200);
      await call('get', '/api/districts', city, 200);
      const school1 = await call('get', `/api/schools/${teacher.schoolId}`, city, 200);
      await call('get', `/api/districts/${school1.body.district.id}`, city, 200);
      await call('get', '/api/schools', city, 200);
      await call('get', `/api/teachers/${teacher.id}`, city, 200);
      await call('get', '/api/teachers', city, 200);
      await call('get', '/api/accounts', city, 200);
      const account = await call('post', '/api/accounts', city, 201, json({ username: 'judge-zhang', password: 'violet-harbour-engine-42', role: 'judge', displayName: '张评委' }));
      await call('get', `/api/accounts/${account.body.id}`, city, 200);

      await call('get', '/api/contests', city, 200);
      await call('get', '/api/contests/current', city, 200);
      await call('get', `/api/contests/${contest.body.id}`, city, 200);
      await call('get', `/api/contests/${contest.body.id}/rounds`, city, 200);
      await call('get', '/api/audit', city, 200);
      await call('get', '/api/audit/verify', city, 200);

      // Error bodies: validation (details), an unknown id, no token, a wrong role, a bad id.
      const invalid = await call('post', '/api/teachers', city, 400, json({ name: '', idNumber: '320102198001011234', subject: 'math', schoolId: teacher.schoolId }));
      expect(invalid.body.details.length).toBeGreaterThan(0);
      await call('get', '/api/teachers/999999', city, 404);
      await call('get', '/api/teachers', null, 401);
      await call('get', '/api/audit', school, 401); // the password change ended the school's token
      await call('get', '/api/schools/01', city, 400);
      expect([...reached].sort()).toEqual([...SAMPLED.registry].sort());
    } finally {
      await t.close();
    }
  });

  it('entrant lists and exemptions: the list, the template, an upload preview, a refused sheet (row, column, cell) and an exemption', async () => {
    const w = await createEntrantsWorld();
    try {
      const doc = await liveDocument(w.t);
      const { call, json, reached } = documented(w.t, () => doc);
      const school = bearer(w.schoolToken);
      const base = `/api/contests/${w.contestId}/entrant-lists`;
      const old = await w.f.teacher({ schoolId: w.schoolId, idNumber: id('19660301', 1), name: '王老师' });
      await call('get', `${base}/${w.schoolId}`, school, 200);
      await call('get', base, bearer(w.districtToken), 200);
      await call('get', `${base}/${w.schoolId}/printable`, school, 200);
      await call('get', `${base}/${w.schoolId}/template.xlsx`, school, 200);

      const header = HEADER.slice(0, 3);
      const attach = (file: Buffer) => (req: Test) => req.attach('file', file, { filename: '名单.xlsx', contentType: XLSX_MIME });
      const good = await xlsx([header, ['李老师', id('19900101', 2), '数学'], ['赵老师', id('19910101', 3, false), '语文']]);
      const preview = await call('post', `${base}/${w.schoolId}/upload`, school, 200, attach(good));
      await call('post', `${base}/${w.schoolId}/upload/apply`, school, 200, (req) => attach(good)(req.field('confirmToken', preview.body.confirmToken)));
      // A refused sheet: every problem with its row, column and cell; ID numbers stored as numbers in one summary line (rows).
      const bad = await xlsx([header, ['', '320102199001011235', '数学'], ['孙老师', 320102199001011234, '数学'], ['周老师', 320102199101011234, '数学']]);
      const refused = await call('post', `${base}/${w.schoolId}/upload`, school, 400, attach(bad));
      expect(refused.body.code).toBe('INVALID_ROWS');
      const fields = new Set(refused.body.details.flatMap((d: object) => Object.keys(d)));
      expect([...fields].sort()).toEqual(['cell', 'column', 'field', 'message', 'messageZh', 'row', 'rows', 'rule']);

      await call('post', `/api/contests/${w.contestId}/exemptions`, school, 201, json({ teacherId: old.id, kind: 'health', note: '长期病假' }));
      await call('get', `/api/contests/${w.contestId}/exemptions`, school, 200);
      expect([...reached].sort()).toEqual([...SAMPLED.entrants].sort());
    } finally {
      await w.t.close();
    }
  });

  it('judging and planning: sheets, a panel with judges and contestants, links, the judge side, scores, progress, results, lock', async () => {
    const w = await createJudgingWorld();
    try {
      const doc = await liveDocument(w.t);
      const { call, json, reached } = documented(w.t, () => doc);
      const h = w.district1;
      const [a, b] = [await entrant(w, w.s1, { round: 'semifinal' }), await entrant(w, w.s2, { round: 'semifinal' })];
      const [head, other] = [await judge(w, { districtId: w.d2 }), await judge(w, { districtId: w.d2 })];

      await call('get', `/api/judging/contests/${w.contestId}/sheets?round=final&subject=music`, h, 200);
      await call('get', `/api/judging/contests/${w.contestId}/schools/${w.s1}/sheet`, w.school1, 200);
      await call('get', '/api/judging/judges', h, 200);
      await call('get', '/api/judging/ping', h, 200);
      const panel = await call('post', '/api/judging/panels', h, 201, json({ contestId: w.contestId, code: 'PS-1', round: 'semifinal', districtId: w.d1, groupCode: 'primary-youth', session: '第一场' }));
      const p = panel.body.id;
      await call('get', `/api/judging/panels/${p}/candidates`, h, 200);
      await call('post', `/api/judging/panels/${p}/judges`, h, 200, json({ accountId: head.id, isHead: true }));
      await call('post', `/api/judging/panels/${p}/judges`, h, 200, json({ accountId: other.id }));
      await call('post', `/api/judging/panels/${p}/contestants`, h, 200, json({ entrantIds: [a.id, b.id] }));
      const drawn = await call('post', `/api/judging/panels/${p}/draw`, h, 200, json({ entropy: ['03 08 15 21 27 31 + 09'], sources: ['双色球'] }));
      expect(drawn.body.record.units[0].drawn).toHaveLength(2);
      await call('get', `/api/judging/panels/${p}/draw-record`, h, 200);
      const link = await call('post', `/api/judging/panels/${p}/judges/${other.id}/links`, h, 201);
      await call('get', `/api/judging/panels/${p}/links`, h, 200);
      await call('post', `/api/judging/links/${link.body.id}/revoke`, h, 200);
      await call('get', `/api/judging/panels?contestId=${w.contestId}`, h, 200);
      await call('get', `/api/judging/panels/${p}`, h, 200);

      await call('get', '/api/judging/my/panels', head.h, 200);
      const mine = await call('get', `/api/judging/panels/${p}/mine`, head.h, 200);
      const scores = (mine.body.contestants[0].items as { points: number }[]).map((i) => Math.floor(i.points * 0.8));
      for (const j of [head, other]) for (const e of [a, b]) expect((await enter(w, j.h, p, e.id, scores)).status).toBe(200);
      await call('put', `/api/judging/panels/${p}/sheets/${a.id}`, head.h, 409, json({ clientId: randomUUID(), scores, submit: true }));
      await call('post', `/api/judging/panels/${p}/sheets/${a.id}/reopen`, head.h, 200, json({ judgeId: other.id, reason: '评委误将课堂教学分录错' }));
      await call('put', `/api/judging/panels/${p}/sheets/${a.id}`, other.h, 200, json({ clientId: randomUUID(), scores, submit: true }));
      await call('get', `/api/judging/entrants/${a.id}/sheet`, head.h, 200);
      await call('get', `/api/judging/panels/${p}/progress`, h, 200);
      await call('get', `/api/judging/panels/${p}/results`, h, 200);
      await call('get', `/api/judging/panels/${p}/versions`, h, 200);
      await call('post', `/api/judging/panels/${p}/lock`, h, 200);
      await call('post', `/api/judging/panels/${p}/announce`, h, 200);

      await call('get', `/api/planning/contests/${w.contestId}/districts`, w.city, 200);
      await call('get', `/api/planning/progress?contestId=${w.contestId}&round=semifinal&districtId=${w.d1}`, h, 200);
      await call('post', '/api/planning/plan/preview', h, 200, json({ contestId: w.contestId, round: 'semifinal', districtId: w.d1, maxPanelSize: 4, sessions: [{ date: '2025-11-20', time: '08:30', label: '上午' }], rooms: ['101'] }));
      expect([...reached].sort()).toEqual([...SAMPLED.judging].sort());
    } finally {
      await w.t.close();
    }
  });

  it('advancement and announcements: an allocation, recommendations, the draw ceremony, public draws and notices', async () => {
    const w = await createAdvancementWorld([[4, 3]]);
    try {
      const doc = await liveDocument(w.t);
      const { call, json, reached } = documented(w.t, () => doc);
      const [D] = w.districts;
      const d = bearer(D.token);
      for (const s of D.schools) await submitList(w, s);
      await giveResults(w, 'preliminary');
      const firstNotice = await announcePreliminary(w.t, w.contestId, D.schools[0]);
      await call('get', `/api/contests/${w.contestId}/notices/ready`, bearer(D.schools[1].token), 200);
      await finalisePreliminaryLists(w);
      await passAllWindows(w.t);

      await call('get', '/api/public/notices', null, 200);
      await call('get', `/api/public/notices/${firstNotice}`, null, 200);
      await call('get', `/api/public/notices/${firstNotice}/status`, null, 200);
      await call('get', `/api/public/notices/${firstNotice}/page`, null, 200);
      await call('get', `/api/contests/${w.contestId}/notices/mine`, d, 200);
      await call('get', `/api/contests/${w.contestId}/open-lists`, d, 200);
      await call('get', `/api/contests/${w.contestId}/objections/pending-count`, d, 200);

      setToday(w.t, '2025-12-05');
      const alloc = await call('post', `/api/contests/${w.contestId}/allocations`, d, 201, json({ round: 'semifinal', districtId: D.id, recommendationDeadline: '2025-12-10' }));
      const a = alloc.body.id;
      await call('get', `/api/contests/${w.contestId}/allocations`, d, 200);
      await call('get', `/api/allocations/${a}`, d, 200);
      await call('get', `/api/allocations/${a}/report.json`, d, 200);
      await call('get', `/api/allocations/${a}/report.xlsx`, d, 200);
      for (const [i, s] of D.schools.entries()) {
        const c = await call('get', `/api/allocations/${a}/units/${s.id}/candidates`, bearer(s.token), 200);
        const r = alloc.body.units[i].recommended;
        const ids = (c.body as { entrantId: number; tookPart: boolean }[]).filter((x) => x.tookPart).slice(0, r).map((x) => x.entrantId);
        await call('put', `/api/allocations/${a}/units/${s.id}/recommendations`, bearer(s.token), 200, json({ entrantIds: ids }));
      }
      const frozen = await call('post', `/api/allocations/${a}/draw`, d, 200);
      const draw = frozen.body.id;
      await call('get', `/api/draws/${draw}`, d, 200);
      await call('get', '/api/public/draws', null, 200);
      await call('post', `/api/draws/${draw}/announce`, d, 200, json({ sources: [{ name: '双色球第2025142期开奖号码', description: '2025年12月11日开奖的中国福利彩票双色球号码' }] }));
      await call('get', `/api/public/draws/${draw}`, null, 200);
      await call('post', `/api/draws/${draw}/entropy`, d, 200, json({ values: ['03 08 15 21 27 31 + 09'] }));
      await call('post', `/api/draws/${draw}/run`, d, 200);
      await call('post', `/api/draws/${draw}/publish`, d, 200);
      await call('get', `/api/draws/${draw}/record.json`, d, 200);
      await call('get', `/api/public/draws/${draw}/record.json`, null, 200);
      const advanced = await call('get', `/api/draws/${draw}/entrants`, d, 200);
      await call('get', `/api/public/draws/${draw}/entrants`, null, 200);
      const out = (advanced.body as { entrantId: number; source: string }[]).find((e) => e.source === 'drawn')!;
      await call('post', `/api/draws/${draw}/entrants/${out.entrantId}/withdraw`, d, 200, json({ kind: 'withdrawn', reason: '本人因病申请退出' }));
      expect([...reached].sort()).toEqual([...SAMPLED.advancement].sort());
    } finally {
      await w.t.close();
    }
  });

  it('awards and certificates: options, a computed round, its publication, an objection, certificates and their verification', async () => {
    const w = await createAwardWorld([[true, false]]);
    try {
      const doc = await liveDocument(w.t);
      const { call, json, reached } = documented(w.t, () => doc);
      w.t.clock.set('2025-12-22T02:00:00.000Z');
      const [D] = w.districts;
      const d = bearer(D.token);
      const city = bearer(w.cityToken);
      await call('get', `/api/contests/${w.contestId}/award-options`, city, 200);
      await call('put', `/api/contests/${w.contestId}/award-options`, city, 200, json({ firstPrizeInEveryGroup: true }));
      await giveRound(w, 'semifinal', D.id, [...tenDistinct(D.schools[0].id), ...tenDistinct(D.schools[1].id, 'chinese')]);
      const round = await call('post', `/api/contests/${w.contestId}/award-rounds`, d, 200, json({ round: 'semifinal' }));
      const r = round.body.id;
      await call('get', `/api/contests/${w.contestId}/award-rounds`, d, 200);
      await call('get', `/api/award-rounds/${r}/report.json`, d, 200);
      await call('get', `/api/award-rounds/${r}/report.xlsx`, d, 200);
      const pub = await call('post', `/api/award-rounds/${r}/publish`, d, 200);
      const notice = await call('get', `/api/public/notices/${pub.body.noticeId}`, null, 200);
      const lodged = await call('post', `/api/public/notices/${pub.body.noticeId}/objections`, null, 200, json({ name: '李四', contact: '13812345678', rowId: notice.body.rows[2].id, grounds: '该教师的参赛材料系他人代写。' }));
      await call('get', `/api/public/objections/${lodged.body.receiptCode}`, null, 200);
      const objections = await call('get', `/api/contests/${w.contestId}/objections`, d, 200);
      await call('post', `/api/objections/${objections.body[0].id}/resolve`, d, 200, json({ decision: 'upheld', reason: '经核实，材料确系他人代写', falsified: true }));
      w.t.clock.set('2025-12-30T02:00:00.000Z');
      const fin = await call('post', `/api/award-rounds/${r}/finalise`, d, 200);
      await call('get', `/api/award-rounds/${r}`, d, 200);
      const first = fin.body.awards[0];
      await call('get', `/api/award-rounds/${r}/certificates`, d, 200);
      await call('get', `/api/certificates/${first.certificateNo}`, d, 200);
      await call('get', `/api/public/certificates/${first.certificateNo}/verification`, null, 200);
      const school = D.schools.find((s) => s.id === first.schoolId)!;
      await call('get', `/api/schools/${school.id}/awards?contestId=${w.contestId}`, bearer(school.token), 200);
      expect([...reached].sort()).toEqual([...SAMPLED.awards].sort());
    } finally {
      await w.t.close();
    }
  });
});
