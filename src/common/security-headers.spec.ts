import fastifyHelmet from '@fastify/helmet';
import Fastify from 'fastify';
import { helmetOptions, HSTS_MAX_AGE_SECONDS, securityHeaders, useSecurityHeaders } from './security-headers';

describe('helmetOptions', () => {
  it('sends HSTS only behind HTTPS, and never upgrades insecure requests', () => {
    expect(helmetOptions({ behindHttps: false }).strictTransportSecurity).toBe(false);
    expect(helmetOptions({ behindHttps: true }).strictTransportSecurity).toEqual({ maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: true });
    const csp = helmetOptions({ behindHttps: true }).contentSecurityPolicy as { directives: Record<string, unknown> };
    expect(csp.directives.upgradeInsecureRequests).toBeNull();
  });
});

describe('securityHeaders', () => {
  /** The headers of one answer of a Fastify server set up by `setup`, without Fastify's own. */
  async function headersOf(setup: (f: ReturnType<typeof Fastify>) => Promise<void> | void): Promise<Record<string, unknown>> {
    const f = Fastify();
    await setup(f);
    f.get('/x', () => ({ ok: true }));
    const res = await f.inject({ method: 'GET', url: '/x' });
    await f.close();
    const { 'content-type': _t, 'content-length': _l, date: _d, connection: _c, ...rest } = res.headers;
    return rest;
  }

  it.each([false, true])('are exactly what @fastify/helmet sends with helmetOptions() (behind HTTPS: %s)', async (behindHttps) => {
    const reference = await headersOf(async (f) => {
      await f.register(fastifyHelmet, helmetOptions({ behindHttps }));
    });
    const ours = await headersOf((f) => useSecurityHeaders(f, { behindHttps }));
    expect(ours).toEqual(reference);
    expect(Object.keys(securityHeaders({ behindHttps })).length).toBe(Object.keys(reference).length);
    expect('strict-transport-security' in reference).toBe(behindHttps);
  });
});
