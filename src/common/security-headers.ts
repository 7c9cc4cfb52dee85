/**
 * The security headers of every answer (helmet, through @fastify/helmet): pages, files, API
 * answers and errors alike. One function, so that every change of policy is made here.
 */
import type { FastifyHelmetOptions } from '@fastify/helmet';

export function helmetOptions(): FastifyHelmetOptions {
  return {
    // Every route, the not-found answer included (not only those that opt in).
    global: true,
    // No upgrade-insecure-requests: the service is often reached over plain HTTP on an intranet
    // address, where upgrading every script and style request to HTTPS would break the pages.
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  };
}
