/**
 * The security headers of every answer: pages, files, API answers and errors alike. One place,
 * so that every change of policy is made here.
 *
 * The set is helmet's (the one @fastify/helmet sends with `helmetOptions()`), computed once:
 * @fastify/helmet built helmet's middleware — the CSP text included — again on every request,
 * through two hooks, which was the largest single cost of a no-op request. `securityHeaders()` is
 * the same headers as a constant object, set by one synchronous onRequest hook
 * (`useSecurityHeaders`); src/common/security-headers.spec.ts checks that it equals what
 * @fastify/helmet sends with `helmetOptions()`, both with and without HSTS.
 *
 * - Content-Security-Policy: helmet's defaults without upgrade-insecure-requests (the service is
 *   often reached over plain HTTP on an intranet address, where upgrading every script and style
 *   request to HTTPS would break the pages).
 * - Strict-Transport-Security only when the service is told it is reached over HTTPS
 *   (BEHIND_HTTPS=true): sent over plain HTTP it would make browsers refuse the intranet address
 *   for a year once the name is ever served over HTTPS.
 */
import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '../config/app-config';

/** One year, with subdomains (no preload: that is the operator's decision for their domain). */
export const HSTS_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

/** The policy, as @fastify/helmet options (the reference securityHeaders() is checked against). */
export function helmetOptions(config: Pick<AppConfig, 'behindHttps'>): FastifyHelmetOptions {
  return {
    // Every route, the not-found answer included (not only those that opt in).
    global: true,
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
    strictTransportSecurity: config.behindHttps ? { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: true } : false,
  };
}

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "base-uri 'self'",
  "font-src 'self' https: data:",
  "form-action 'self'",
  "frame-ancestors 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' https: 'unsafe-inline'",
].join(';');

/** The headers every answer carries (lower-case names), as helmet sends them with helmetOptions(). */
export function securityHeaders(config: Pick<AppConfig, 'behindHttps'>): Readonly<Record<string, string>> {
  return Object.freeze({
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'referrer-policy': 'no-referrer',
    ...(config.behindHttps ? { 'strict-transport-security': `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains` } : {}),
    'x-content-type-options': 'nosniff',
    'x-dns-prefetch-control': 'off',
    'x-download-options': 'noopen',
    'x-frame-options': 'SAMEORIGIN',
    'x-permitted-cross-domain-policies': 'none',
    'x-xss-protection': '0',
  });
}

/** Sets securityHeaders() on every answer (one onRequest hook: before routing's 404, body refusals, files). */
export function useSecurityHeaders(fastify: FastifyInstance, config: Pick<AppConfig, 'behindHttps'>): void {
  const headers = securityHeaders(config);
  fastify.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}
