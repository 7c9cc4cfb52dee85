import { createTestApp, TestApp, usingPostgres } from '../support/app';

describe('health, OpenAPI and HTTP hygiene', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('GET /api/health checks the database without a token', async () => {
    const res = await t.http().get('/api/health').expect(200);
    expect(res.body).toEqual({
      status: 'ok',
      database: usingPostgres ? 'postgres' : 'sqlite',
      time: '2025-11-20T02:00:00.000Z',
      today: '2025-11-20',
    });
  });

  it('sets helmet security headers', async () => {
    const res = await t.http().get('/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('serves the API docs page and the OpenAPI document', async () => {
    const page = await t.http().get('/api/docs').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const doc = (await t.http().get('/api/docs-json').expect(200)).body;
    const endpoints = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(endpoints).toEqual(
      expect.arrayContaining([
        'POST /api/auth/login',
        'GET /api/auth/me',
        'GET /api/city',
        'PUT /api/city',
        'GET /api/districts',
        'POST /api/districts',
        'PATCH /api/districts/{id}',
        'GET /api/schools',
        'POST /api/schools',
        'GET /api/schools/{id}',
        'PATCH /api/schools/{id}',
        'GET /api/teachers',
        'POST /api/teachers',
        'GET /api/teachers/{id}',
        'PATCH /api/teachers/{id}',
        'GET /api/contests',
        'POST /api/contests',
        'PATCH /api/contests/{id}/rounds/{code}',
        'GET /api/accounts',
        'GET /api/audit',
        'GET /api/health',
      ]),
    );
    expect(doc.components.schemas.ErrorBody.properties).toEqual(
      expect.objectContaining({ statusCode: expect.anything(), code: expect.anything(), message: expect.anything() }),
    );
    // Every endpoint but the public ones documents the bearer scheme and its 401/403 answers.
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(ops)) {
        // Public: health, login, and the published draws and lists under /api/public/.
        const isPublic = path === '/api/health' || path === '/api/auth/login' || path.startsWith('/api/public/');
        if (isPublic) {
          expect(op.security).toBeUndefined();
          continue;
        }
        expect({ endpoint: `${method} ${path}`, security: op.security }).toEqual({
          endpoint: `${method} ${path}`,
          security: [{ bearer: [] }],
        });
        expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '403']));
        expect(op.responses['401'].content['application/json'].schema.$ref).toBe('#/components/schemas/ErrorBody');
      }
    }
    // Request bodies are described by their DTOs.
    expect(doc.components.schemas.CreateTeacherDto.required).toEqual(
      expect.arrayContaining(['name', 'idNumber', 'subject', 'schoolId']),
    );
  });

  it('answers an unknown route with the one error body', async () => {
    const res = await t.http().get('/api/nothing-here').expect(404);
    expect(res.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'Cannot GET /api/nothing-here' });
  });

  it('answers malformed JSON with 400 MALFORMED_REQUEST', async () => {
    const res = await t.http().post('/api/auth/login').set('content-type', 'application/json').send('{"username":');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'MALFORMED_REQUEST' });
  });
});
