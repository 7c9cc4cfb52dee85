/**
 * The request log: one JSON line per request, the line pino-http writes (`req` as the serializers
 * of app.module.ts give it: id, method, URL, client address; `res` with its status; `responseTime`
 * in ms; "request completed", or "request errored" with `err` for a 5xx), from a Fastify onResponse
 * hook. It was pino-http run as Nest middleware through @fastify/middie, which built a child logger
 * (and serialised the request) for every request whatever the level, and ran the middleware layer
 * (middie's URL matching, nestjs-pino's AsyncLocalStorage) for every request: together more than
 * the routing and the handler of a no-op. Now nothing runs per request unless the level logs
 * `info`. The logger is the one of nestjs-pino's Logger too (app.module.ts); logs written while a
 * request is handled (the error filter's 5xx) no longer carry a `req` binding.
 */
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'http';
import type { Logger } from 'pino';

const STARTED = Symbol('requestLogStarted');

type Logged = IncomingMessage & { id?: number; [STARTED]?: number };

/** `logger`: pino-http's (app.module.ts: its request and response serializers, the level). */
export function useRequestLog(fastify: FastifyInstance, logger: Logger): void {
  if (!logger.isLevelEnabled('info')) return;
  // pino-http's ids: a counter.
  let lastId = 0;
  const maxId = 2 ** 31 - 1;
  fastify.addHook('onRequest', (request, _reply, done) => {
    const raw = request.raw as Logged;
    raw.id = lastId = (lastId + 1) & maxId;
    raw[STARTED] = Date.now();
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const raw = request.raw as Logged;
    const responseTime = Date.now() - (raw[STARTED] ?? Date.now());
    const res = reply.raw;
    if (res.statusCode >= 500) {
      logger.info({ req: raw, res, err: new Error(`failed with status code ${res.statusCode}`), responseTime }, 'request errored');
    } else {
      logger.info({ req: raw, res, responseTime }, 'request completed');
    }
    done();
  });
}
