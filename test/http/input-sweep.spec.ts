/**
 * The input sweep: every operation of the live OpenAPI document (/api/docs-json, so a new
 * endpoint is covered without touching this file) is sent malformed variants, as a role that may
 * call it (the `x-roles` extension of @Auth; city admin where allowed). Each variant must be
 * answered with a 4xx in the one error shape `{ statusCode, code, message, details? }`, and after
 * the whole sweep the audit log and every table must be exactly as before.
 *
 * VARIANTS is a list of generators: each looks at one operation and yields the malformed requests
 * it can make of it (none when it does not apply). Add a generator to add a kind of malformation.
 * Each operation must get at least MIN_VARIANTS; operations that take no input at all and are
 * public (nothing to malform) are listed by the test and exempt.
 */
import { createHmac } from 'crypto';
import request from 'supertest';
import { JSON_BODY_LIMIT, JSON_MAX_DEPTH } from '../../src/common/http-body';
import { TEST_JWT_SECRET, usingPostgres } from '../support/app';
import { bearer } from '../support/factories';
import { createJudgingWorld, entrant, JWorld } from './judging.support';

const MIN_VARIANTS = 10;

interface Schema {
  type?: string;
  $ref?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  nullable?: boolean;
  maxLength?: number;
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body?: Schema;
  bodyType?: string;
  roles: string[] | null; // null: public
}

/** One malformed request. `field`: the field whose name the 400 must carry in `details` (when set). */
interface Variant {
  name: string;
  path?: Record<string, string>;
  query?: string;
  body?: unknown;
  /** A body sent as this text, exactly (with the Content-Type of `headers`). */
  raw?: string;
  headers?: Record<string, string>;
  /** Replace the caller's Authorization header (undefined: keep; null: none). */
  auth?: string | null;
  status?: number;
  code?: string;
  field?: string;
}

type Generator = (op: Operation, ctx: SweepContext) => Variant[];

interface SweepContext {
  schemas: Record<string, Schema>;
  tokens: { stale: string; disabled: string; forged: string; expired: string; unknownAccount: string; none: string };
}

const isIntParam = (p: Parameter) => p.schema?.type === 'number' || p.schema?.type === 'integer';
const resolve = (s: Schema | undefined, ctx: SweepContext): Schema | undefined =>
  s?.$ref ? ctx.schemas[s.$ref.replace('#/components/schemas/', '')] : s;

/** Path ids that are not ids (every form listed in the safety issue, and more). */
export const BAD_IDS = ['01', '+1', '1.0', '1e0', '0x1', '0b1', '%201', '1%20', '0', '-1', '2147483648', '99999999999999999999', 'abc', '1,2'];

/** Out-of-range and malformed values for an integer query parameter. */
const BAD_QUERY_INTS = ['99999999999999999999', '2147483648', '1.5', 'abc', '1e3', '', '-1', '0x1', ' 1', '+1'];

const jsonBody = (op: Operation) => op.body !== undefined && op.bodyType === 'application/json';
const bodyProps = (op: Operation, ctx: SweepContext) => Object.entries(resolve(op.body, ctx)?.properties ?? {});

/** A value of the wrong type for a property of this schema. */
function wrongType(s: Schema, ctx: SweepContext): unknown {
  const r = resolve(s, ctx);
  if (r?.enum) return 'not-one-of-them';
  switch (r?.type) {
    case 'string':
      return 12345;
    case 'number':
    case 'integer':
      return 'twelve';
    case 'boolean':
      return 'yes';
    case 'array':
      return { not: 'an array' };
    default:
      return ['an', 'array', 'for', 'an', 'object'];
  }
}

export const VARIANTS: Generator[] = [
  // Opaque text in the path (a receipt code, a certificate number): malformed, over-long, control
  // characters, traversal — any 4xx in the error shape (a code that does not exist is a 404), never a 5xx.
  (op) =>
    op.parameters
      .filter((p) => p.in === 'path' && !isIntParam(p))
      .flatMap((p) =>
        ['', '%00', '%1b', '%E2%80%AE', '..%2F..%2Fetc', 'x'.repeat(300), '%FF', "a'b", 'a%20b', '0'].map((bad) => ({ name: `path ${p.name}=${bad || '(empty)'}`, path: { [p.name]: bad } })),
      ),
  // Path ids: only canonical digits are ids (400 INVALID_ID naming the parameter).
  (op) =>
    op.parameters
      .filter((p) => p.in === 'path' && isIntParam(p))
      .flatMap((p) => BAD_IDS.map((bad) => ({ name: `path ${p.name}=${bad}`, path: { [p.name]: bad }, status: 400, code: 'INVALID_ID', field: p.name }))),
  // Integer query parameters beyond range or not integers; several values of one parameter.
  (op) =>
    op.parameters
      .filter((p) => p.in === 'query' && isIntParam(p))
      .flatMap((p) => [
        ...BAD_QUERY_INTS.map((bad) => ({ name: `query ${p.name}=${bad}`, query: `${p.name}=${encodeURIComponent(bad)}`, status: 400, field: p.name })),
        { name: `query ${p.name} twice`, query: `${p.name}=1&${p.name}=2`, status: 400, field: p.name },
      ]),
  // Boolean and enum query parameters with values that are neither.
  (op) =>
    op.parameters
      .filter((p) => p.in === 'query' && (p.schema?.type === 'boolean' || p.schema?.enum))
      .map((p) => ({ name: `query ${p.name}=maybe`, query: `${p.name}=maybe`, status: 400, field: p.name })),
  // Control characters in string query parameters.
  (op) =>
    op.parameters
      .filter((p) => p.in === 'query' && p.schema?.type === 'string' && !p.schema.enum)
      .flatMap((p) => ['a\u0000b', 'a\u001bb', 'a\u202eb'].map((bad) => ({ name: `query ${p.name} control ${JSON.stringify(bad)}`, query: `${p.name}=${encodeURIComponent(bad)}`, status: 400, field: p.name }))),
  // The body as a whole: an array, an array of objects, empty (PATCH: NOTHING_TO_CHANGE), an unknown property.
  (op) =>
    jsonBody(op)
      ? [
          { name: 'body []', body: [], status: 400 },
          { name: 'body [{}]', body: [{}], status: 400 },
          ...(op.method === 'patch' ? [{ name: 'empty PATCH', body: {}, status: 400, code: 'NOTHING_TO_CHANGE' }] : []),
          { name: 'unknown property', body: { zzUnknownProperty: 1 }, status: 400, field: 'zzUnknownProperty' },
          { name: 'prototype key', body: JSON.parse('{"__proto__": {"admin": true}, "constructor": {"x": 1}}'), status: 400 },
        ]
      : [],
  // The body at the HTTP level (src/common/http-body.ts): too large, not JSON, not UTF-8, not
  // parseable, nested too deep.
  (op) => {
    if (!jsonBody(op)) return [];
    const json = { 'Content-Type': 'application/json' };
    const deep = '{"a":'.repeat(JSON_MAX_DEPTH + 8) + '1' + '}'.repeat(JSON_MAX_DEPTH + 8);
    return [
      { name: 'JSON over the size limit', raw: JSON.stringify({ zz: 'x'.repeat(JSON_BODY_LIMIT + 1) }), headers: json, status: 413, code: 'PAYLOAD_TOO_LARGE' },
      { name: 'text/plain body', raw: '{"a":1}', headers: { 'Content-Type': 'text/plain' }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
      { name: 'JSON in latin1', raw: '{"a":1}', headers: { 'Content-Type': 'application/json; charset=latin1' }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
      { name: 'bad JSON', raw: '{"a":', headers: json, status: 400, code: 'MALFORMED_REQUEST' },
      { name: 'JSON nested too deep', raw: deep, headers: json, status: 400, code: 'MALFORMED_REQUEST' },
    ];
  },
  // Missing required fields.
  (op, ctx) => {
    const required = resolve(op.body, ctx)?.required ?? [];
    return jsonBody(op) && required.length && op.method !== 'patch'
      ? [{ name: 'missing required fields', body: {}, status: 400, field: required[0] }]
      : [];
  },
  // Each property: null (unless documented nullable), the wrong type.
  (op, ctx) =>
    jsonBody(op)
      ? bodyProps(op, ctx).flatMap(([name, s]) => [
          ...(s.nullable ? [] : [{ name: `${name}: null`, body: { [name]: null }, status: 400, field: name }]),
          { name: `${name}: wrong type`, body: { [name]: wrongType(s, ctx) }, status: 400, field: name },
        ])
      : [],
  // String properties: control characters, over-long text.
  (op, ctx) =>
    jsonBody(op)
      ? bodyProps(op, ctx)
          .filter(([, s]) => resolve(s, ctx)?.type === 'string' && !resolve(s, ctx)?.enum)
          .flatMap(([name]) => [
            ...['a\u0000b', 'a\u001bb', 'a\u202eb', 'a\u2066b', 'a\u0085b'].map((bad) => ({ name: `${name}: control ${JSON.stringify(bad)}`, body: { [name]: bad }, status: 400, field: name })),
            { name: `${name}: 20000 characters`, body: { [name]: 'x'.repeat(20_000) }, status: 400, field: name },
          ])
      : [],
  // Number properties: beyond the 32-bit range, not whole where whole numbers are expected.
  (op, ctx) =>
    jsonBody(op)
      ? bodyProps(op, ctx)
          .filter(([, s]) => ['number', 'integer'].includes(resolve(s, ctx)?.type ?? ''))
          .flatMap(([name]) => [
            { name: `${name}: 2147483648`, body: { [name]: 2_147_483_648 }, status: 400, field: name },
            { name: `${name}: 1e20`, body: { [name]: 1e20 }, status: 400, field: name },
            { name: `${name}: -1`, body: { [name]: -1 }, status: 400, field: name },
          ])
      : [],
  // Array properties: an array of the wrong items, an object instead of items.
  (op, ctx) =>
    jsonBody(op)
      ? bodyProps(op, ctx)
          .filter(([, s]) => resolve(s, ctx)?.type === 'array')
          .flatMap(([name, s]) => [
            { name: `${name}: [[[]]]`, body: { [name]: [[[]]] }, status: 400, field: name },
            // null items: refused where the items are objects (a score sheet's items may be empty: null).
            ...(resolve(s, ctx)?.items?.$ref ? [{ name: `${name}: [null]`, body: { [name]: [null] }, status: 400, field: name }] : []),
          ])
      : [],
  // Bad credentials: every form of a token that must not be accepted (401 UNAUTHENTICATED).
  (op, ctx) =>
    op.roles === null
      ? []
      : [
          { name: 'no token', auth: null },
          { name: 'Bearer without token', auth: 'Bearer' },
          { name: 'Basic scheme', auth: 'Basic Y2l0eTpjb250ZXN0LWRlbW8=' },
          { name: 'garbage token', auth: 'Bearer not.a.token' },
          { name: 'control character in header', auth: 'Bearer a\tb' },
          { name: 'forged signature', auth: `Bearer ${ctx.tokens.forged}` },
          { name: 'alg none', auth: `Bearer ${ctx.tokens.none}` },
          { name: 'expired token', auth: `Bearer ${ctx.tokens.expired}` },
          { name: 'account unknown', auth: `Bearer ${ctx.tokens.unknownAccount}` },
          { name: 'token before a password change', auth: `Bearer ${ctx.tokens.stale}` },
          { name: 'token of a disabled account', auth: `Bearer ${ctx.tokens.disabled}` },
        ].map((v) => ({ ...v, status: 401, code: 'UNAUTHENTICATED' })),
  // A judge's link that is not one.
  (op) =>
    op.parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'x-judge-link')
      ? [{ name: 'bad judge link', auth: null, headers: { 'X-Judge-Link': 'not-a-link' } }]
      : [],
];

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
function jwt(payload: Record<string, unknown>, secret: string, alg = 'HS256'): string {
  const head = `${b64url({ alg, typ: 'JWT' })}.${b64url(payload)}`;
  if (alg === 'none') return `${head}.`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

function operations(doc: { paths: Record<string, Record<string, Record<string, unknown>>> }): Operation[] {
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, o] of Object.entries(ops)) {
      const content = (o.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)?.content;
      const bodyType = content ? Object.keys(content)[0] : undefined;
      out.push({
        method,
        path,
        parameters: (o.parameters as Parameter[] | undefined) ?? [],
        body: bodyType ? content![bodyType].schema : undefined,
        bodyType,
        roles: o.security ? ((o['x-roles'] as string[] | undefined) ?? []) : null,
      });
    }
  }
  return out;
}

/** Every table's rows, as sorted JSON lines (the whole database's state). */
async function snapshot(w: JWorld): Promise<Record<string, string[]>> {
  const ds = w.t.dataSource;
  const tables: { name: string }[] = usingPostgres
    ? await ds.query(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`)
    : await ds.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`);
  const out: Record<string, string[]> = {};
  for (const { name } of tables) {
    const rows: unknown[] = await ds.query(`SELECT * FROM "${name}"`);
    out[name] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

describe('input sweep: every operation of /api/docs-json, malformed', () => {
  let w: JWorld;
  let ops: Operation[];
  let ctx: SweepContext;
  let tokens: Record<string, Record<string, string>>;
  /** A real id for every path parameter name (the variant under test replaces one). */
  let ids: Record<string, string>;

  beforeAll(async () => {
    w = await createJudgingWorld();
    const { t, f } = w;
    const judge = await f.account('judge', { schoolId: w.s3 });
    const judgeLogin = await t.http().post('/api/auth/login').send({ username: judge.username, password: 'test-password-1' });
    // Entrants, so that ids of the main records exist.
    await entrant(w, w.s1);
    await entrant(w, w.s1);
    tokens = {
      city_admin: w.city,
      district_admin: w.district1,
      school_admin: w.school1,
      judge: bearer(judgeLogin.body.accessToken),
    };
    // Tokens that must be refused: issued before a password change, of a disabled account.
    const staleAccount = await f.account('judge', {}, 'sweep-stale');
    const stale = (await t.http().post('/api/auth/login').send({ username: staleAccount.username, password: 'test-password-1' })).body.accessToken;
    await t.http().patch(`/api/accounts/${staleAccount.id}`).set(w.city).send({ password: 'violet-harbor-71' }).expect(200);
    const disabledAccount = await f.account('judge', {}, 'sweep-disabled');
    const disabled = (await t.http().post('/api/auth/login').send({ username: disabledAccount.username, password: 'test-password-1' })).body.accessToken;
    await t.http().patch(`/api/accounts/${disabledAccount.id}`).set(w.city).send({ active: false }).expect(200);
    const now = Math.floor(Date.now() / 1000);
    ctx = {
      schemas: {},
      tokens: {
        stale,
        disabled,
        forged: jwt({ sub: '1', username: 'x', role: 'city_admin', tv: 0, iat: now, exp: now + 3600 }, 'some-other-secret-of-32-characters!!'),
        none: jwt({ sub: '1', username: 'x', role: 'city_admin', iat: now, exp: now + 3600 }, '', 'none'),
        expired: jwt({ sub: '1', username: 'x', role: 'city_admin', tv: 0, iat: now - 7200, exp: now - 3600 }, TEST_JWT_SECRET),
        unknownAccount: jwt({ sub: '999999', username: 'x', role: 'city_admin', tv: 0, iat: now, exp: now + 3600 }, TEST_JWT_SECRET),
      },
    };
    const doc = (await t.http().get('/api/docs-json').expect(200)).body;
    ctx.schemas = doc.components.schemas;
    ops = operations(doc);
    ids = { id: '1', contestId: String(w.contestId), schoolId: String(w.s1), unitId: String(w.s1), code: 'preliminary' };
  }, 120_000);

  afterAll(() => w?.t.close());

  it('reads every operation from the live document', () => {
    expect(ops.length).toBeGreaterThan(50);
  });

  it('answers every malformed variant of every operation with a 4xx in the error shape, and changes nothing', async () => {
    const before = await snapshot(w);
    const problems: string[] = [];
    const exempt: string[] = [];
    let sent = 0;
    for (const op of ops) {
      const variants = VARIANTS.flatMap((g) => g(op, ctx));
      const takesInput = op.parameters.length > 0 || op.body !== undefined;
      if (variants.length < MIN_VARIANTS) {
        if (op.roles === null && !takesInput) {
          exempt.push(`${op.method.toUpperCase()} ${op.path}`);
          continue;
        }
        problems.push(`${op.method.toUpperCase()} ${op.path}: only ${variants.length} variants`);
      }
      const role = op.roles === null ? null : op.roles.length === 0 || op.roles.includes('city_admin') ? 'city_admin' : op.roles[0];
      for (const v of variants) {
        const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => v.path?.[name] ?? ids[name] ?? '1');
        // The other required query parameters get a valid value, so that the refusal is the variant's.
        const varied = v.query?.split('=')[0];
        const others = op.parameters
          .filter((p) => p.in === 'query' && p.required && p.name !== varied)
          .map((p) => `${p.name}=${encodeURIComponent(p.schema?.enum ? String(p.schema.enum[0]) : p.schema?.type === 'boolean' ? 'true' : isIntParam(p) ? (ids[p.name] ?? '1') : 'x')}`);
        const query = [...others, ...(v.query ? [v.query] : [])].join('&');
        const url = query ? `${path}?${query}` : path;
        let req = (request(w.t.app.getHttpServer()) as unknown as Record<string, (u: string) => request.Test>)[op.method](url);
        const headers: Record<string, string> = { ...(role ? tokens[role] : {}), ...(v.headers ?? {}) };
        if (v.auth === null) delete headers.Authorization;
        else if (v.auth !== undefined) headers.Authorization = v.auth;
        for (const [k, val] of Object.entries(headers)) req = req.set(k, val);
        // A variant of the path, query or credentials of an operation that takes a JSON body sends
        // an empty object (without any body it would be the 415 of a missing JSON body).
        const body = v.body !== undefined ? v.body : jsonBody(op) ? {} : undefined;
        const res = v.raw !== undefined ? await req.send(v.raw) : body !== undefined ? await req.send(body as object) : await req;
        sent++;
        const where = `${op.method.toUpperCase()} ${op.path} [${v.name}] → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
        const b = res.body as { statusCode?: unknown; code?: unknown; message?: unknown; details?: { field: string }[] };
        if (res.status < 400 || res.status >= 500) problems.push(where);
        else if (typeof b.code !== 'string' || typeof b.message !== 'string' || b.statusCode !== res.status) problems.push(`${where} (not the error shape)`);
        else if (v.status && res.status !== v.status) problems.push(`${where} (expected ${v.status})`);
        else if (v.code && b.code !== v.code) problems.push(`${where} (expected ${v.code})`);
        else if (v.field && res.status === 400 && !(b.details ?? []).some((d) => d.field === v.field || d.field.startsWith(`${v.field}.`))) {
          problems.push(`${where} (details do not name ${v.field})`);
        }
      }
    }
    expect(problems).toEqual([]);
    // Public operations without any input have nothing to malform.
    expect(exempt.every((e) => e.startsWith('GET '))).toBe(true);
    expect(sent).toBeGreaterThan(ops.length * MIN_VARIANTS * 0.9);
    expect(await snapshot(w)).toEqual(before);
  }, 300_000);
});
