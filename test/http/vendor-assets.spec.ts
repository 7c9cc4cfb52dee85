import { createTestApp, TestApp } from '../support/app';

describe('browser libraries served from node_modules', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it.each(['echarts.min.js', 'seedrandom.min.js'])('serves /vendor/%s as JavaScript without a token', async (name) => {
    const res = await t.http().get(`/vendor/${name}`).expect(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toMatch(/max-age=\d+/);
    expect(Number(res.headers['content-length'])).toBeGreaterThan(1000);
  });

  it('serves nothing outside its allow-list', async () => {
    await t.http().get('/vendor/package.json').expect(404);
    await t.http().get('/vendor/..%2Fpackage.json').expect(404);
    await t.http().get('/vendor/echarts.js').expect(404);
  });
});

describe('the favicon', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('is served (every page asks for it)', async () => {
    const res = await t.http().get('/favicon.ico').expect(200);
    expect(res.headers['content-type']).toMatch(/icon/);
    expect((res.body as Buffer).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
  });
});
