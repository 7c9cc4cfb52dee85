/**
 * Request bodies at the HTTP layer: too large, wrong type or charset, an unknown Content-Encoding,
 * bad JSON, nesting too deep, no body where one is needed — each a 4xx in the one error shape,
 * before any handler runs, and nothing changes (the tables and the audit log read the same).
 */
import { gzipSync } from 'zlib';
import { JSON_BODY_LIMIT, JSON_MAX_DEPTH } from '../../src/common/http-body';
import { createTestApp, TestApp } from '../support/app';
import { snapshot } from '../support/db';
import { bearer, Factory } from '../support/factories';
import { expectRefusedUnchanged, HttpAnswer } from '../support/refusals';

describe('request bodies', () => {
  let t: TestApp;
  let f: Factory;
  let city: string;
  let districtId: number;
  const state = () => snapshot(t.dataSource, 'districts', 'schools', 'teachers', 'accounts', 'audit_entries');
  const url = () => `/api/districts/${districtId}`;

  /** Refused with the status and code, in the one error shape, and nothing changed. */
  async function refused(req: () => PromiseLike<HttpAnswer>, status: number, code: string): Promise<HttpAnswer> {
    const res = await expectRefusedUnchanged(state, req, status, code);
    expect(res.body).toEqual({ statusCode: status, code, message: expect.any(String) });
    expect(res.body.message.length).toBeGreaterThan(0);
    return res;
  }
  const patch = (body: string, type = 'application/json', headers: Record<string, string> = {}) =>
    t.http().patch(url()).set(bearer(city)).set('Content-Type', type).set(headers).send(body);
  /** A raw body (supertest re-encodes Buffers sent as JSON): through Fastify's inject, no socket. */
  const patchRaw = async (body: Buffer, headers: Record<string, string>): Promise<HttpAnswer> => {
    const res = await t.app.inject({ method: 'PATCH', url: url(), headers: { ...bearer(city), 'content-type': 'application/json', ...headers }, payload: body });
    return { status: res.statusCode, body: res.json() };
  };

  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    city = await f.loginAs('city_admin');
    districtId = (await f.district({ name: '原名区' })).id;
  });
  afterAll(() => t.close());

  it('a JSON body over the limit is 413 PAYLOAD_TOO_LARGE, login included', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(JSON_BODY_LIMIT) });
    await refused(() => patch(big), 413, 'PAYLOAD_TOO_LARGE');
    await refused(() => t.http().post('/api/auth/login').set('Content-Type', 'application/json').send(JSON.stringify({ username: 'a', password: 'p'.repeat(JSON_BODY_LIMIT) })), 413, 'PAYLOAD_TOO_LARGE');
    // Just under the limit reaches validation (a 400 naming the field, not a 413).
    const under = JSON.stringify({ name: 'x'.repeat(JSON_BODY_LIMIT - 20) });
    const r = await expectRefusedUnchanged(state, () => patch(under), 400, 'VALIDATION_FAILED');
    expect(r.body.details).toEqual([expect.objectContaining({ field: 'name' })]);
  });

  it('a charset other than UTF-8 is 415 UNSUPPORTED_MEDIA_TYPE; utf-8 is taken', async () => {
    await refused(() => patch('{"name":"新名"}', 'application/json; charset=latin1'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await refused(() => patch('{"name":"新名"}', 'application/json; charset="gbk"'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    const res = await patch('{"name":"字符集区"}', 'application/json; charset=UTF-8');
    expect({ status: res.status, name: res.body.name }).toEqual({ status: 200, name: '字符集区' });
  });

  it('an unsupported Content-Encoding is 415; gzip is inflated, and the limit applies to the inflated body', async () => {
    await refused(() => patch('{"name":"新名"}', 'application/json', { 'Content-Encoding': 'x-unknown' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await refused(() => patch('{"name":"新名"}', 'application/json', { 'Content-Encoding': 'compress' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    // A small gzip that inflates past the limit.
    const bomb = gzipSync(JSON.stringify({ name: ' '.repeat(20 * JSON_BODY_LIMIT) }));
    expect(bomb.length).toBeLessThan(JSON_BODY_LIMIT);
    await refused(() => patchRaw(bomb, { 'content-encoding': 'gzip' }), 413, 'PAYLOAD_TOO_LARGE');
    // Not gzip at all while saying so: 400.
    const broken = await refused(() => patch('{"name":"x"}', 'application/json', { 'Content-Encoding': 'gzip' }), 400, 'MALFORMED_REQUEST');
    expect(broken.status).toBe(400);
    const res = await patchRaw(gzipSync(JSON.stringify({ name: '压缩区' })), { 'content-encoding': 'gzip' });
    expect({ status: res.status, name: res.body.name }).toEqual({ status: 200, name: '压缩区' });
  });

  it('a write whose body is not JSON, or has none, is 415 and changes nothing', async () => {
    await refused(() => patch('name=新名', 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await refused(() => patch('<district><name>新名</name></district>', 'application/xml'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await refused(() => patch('name=%E6%96%B0', 'application/x-www-form-urlencoded'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await refused(() => t.http().patch(url()).set(bearer(city)), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await refused(() => t.http().patch(url()).set(bearer(city)).field('name', '新名'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await refused(() => t.http().post('/api/auth/login').set('Content-Type', 'text/plain').send('{"username":"a","password":"b"}'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await refused(() => t.http().post('/api/districts').set(bearer(city)), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('bad JSON, and JSON that is not an object, are 400 MALFORMED_REQUEST', async () => {
    for (const body of ['{"name":', '{name: 1}', "{'name':'x'}", '', 'null', '[]', '[{"name":"x"}]', '42', '"name"', 'true']) {
      await refused(() => patch(body), 400, 'MALFORMED_REQUEST');
    }
    // A prototype key is refused by the parser.
    await refused(() => patch('{"name":"x","__proto__":{"admin":true}}'), 400, 'MALFORMED_REQUEST');
    await refused(() => patch('{"name":"x","constructor":{"prototype":{"admin":true}}}'), 400, 'MALFORMED_REQUEST');
  });

  it('a body nested thousands of levels deep is 400 before validation; the allowed depth still validates', async () => {
    const arrays = (n: number) => `{"name":${'['.repeat(n)}${']'.repeat(n)}}`;
    const objects = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
    for (const body of [arrays(5000), arrays(40000), objects(5000), objects(JSON_MAX_DEPTH + 1)]) {
      const res = await refused(() => patch(body), 400, 'MALFORMED_REQUEST');
      expect(res.body.message).toContain(String(JSON_MAX_DEPTH));
    }
    const atLimit = await patch(objects(JSON_MAX_DEPTH));
    expect({ status: atLimit.status, code: atLimit.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(atLimit.body.details[0]).toMatchObject({ field: 'a', rule: 'unknown' });
  });

  it('an action endpoint without a body keeps working without one; an upload keeps taking multipart', async () => {
    const { ContestsService } = await import('../../src/contests/contests.service');
    const contest = await t.app.get(ContestsService).create('system:test', { code: 'B2025', name: '比赛', year: 2025 });
    const school = await f.school({ districtId });
    await f.teacher({ schoolId: school.id });
    const token = await f.loginAs('school_admin', { schoolId: school.id });
    const base = `/api/contests/${contest.id}/entrant-lists/${school.id}`;
    const submitted = await t.http().post(`${base}/submit`).set(bearer(token));
    expect({ status: submitted.status, state: submitted.body.state }).toEqual({ status: 200, state: 'submitted' });
    const reopened = await t.http().post(`${base}/reopen`).set(bearer(token)).set('Content-Type', 'application/json').send('{}');
    expect({ status: reopened.status, state: reopened.body.state }).toEqual({ status: 200, state: 'draft' });
    // The upload endpoint: a form without the file is the service's FILE_REQUIRED, a text body 415.
    const noFile = await t.http().post(`${base}/upload`).set(bearer(token)).field('x', '1');
    expect({ status: noFile.status, code: noFile.body.code }).toEqual({ status: 400, code: 'FILE_REQUIRED' });
    await refused(() => t.http().post(`${base}/upload`).set(bearer(token)).set('Content-Type', 'text/plain').send('a,b'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    const twoFiles = await t.http().post(`${base}/upload`).set(bearer(token)).attach('file', Buffer.from('a'), 'a.xlsx').attach('file', Buffer.from('b'), 'b.xlsx');
    expect({ status: twoFiles.status, code: twoFiles.body.code }).toEqual({ status: 400, code: 'MALFORMED_REQUEST' });
    const otherField = await t.http().post(`${base}/upload`).set(bearer(token)).attach('upload', Buffer.from('a'), 'a.xlsx');
    expect({ status: otherField.status, code: otherField.body.code }).toEqual({ status: 400, code: 'MALFORMED_REQUEST' });
  });
});
