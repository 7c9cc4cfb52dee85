import { helmetOptions, HSTS_MAX_AGE_SECONDS } from './security-headers';

describe('helmetOptions', () => {
  it('sends HSTS only behind HTTPS, and never upgrades insecure requests', () => {
    expect(helmetOptions({ behindHttps: false }).strictTransportSecurity).toBe(false);
    expect(helmetOptions({ behindHttps: true }).strictTransportSecurity).toEqual({ maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: true });
    const csp = helmetOptions({ behindHttps: true }).contentSecurityPolicy as { directives: Record<string, unknown> };
    expect(csp.directives.upgradeInsecureRequests).toBeNull();
  });
});
