/**
 * The security headers of every answer (helmet, through @fastify/helmet): pages, files, API
 * answers and errors alike. One function, so that every change of policy is made here.
 *
 * - Content-Security-Policy: helmet's defaults without upgrade-insecure-requests (the service is
 *   often reached over plain HTTP on an intranet address, where upgrading every script and style
 *   request to HTTPS would break the pages).
 * - Strict-Transport-Security only when the service is told it is reached over HTTPS
 *   (BEHIND_HTTPS=true): sent over plain HTTP it would make browsers refuse the intranet address
 *   for a year once the name is ever served over HTTPS.
 */
import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { AppConfig } from '../config/app-config';

/** One year, with subdomains (no preload: that is the operator's decision for their domain). */
export const HSTS_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

export function helmetOptions(config: Pick<AppConfig, 'behindHttps'>): FastifyHelmetOptions {
  return {
    // Every route, the not-found answer included (not only those that opt in).
    global: true,
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
    strictTransportSecurity: config.behindHttps ? { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: true } : false,
  };
}
