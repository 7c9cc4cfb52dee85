/**
 * The HTTP wiring shared by main.ts, the tests and the benchmarks (so that they all run the real
 * thing): the Fastify adapter, logger, compression, security headers, body parsing, uploads, the
 * pages and browser libraries, the /api prefix, the one validation pipe, the one exception
 * filter, and the OpenAPI document at /api/docs (page) and /api/docs-json.
 */
import compress from '@fastify/compress';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { RequestMethod } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync } from 'fs';
import { basename, dirname, join } from 'path';
import { Logger, Params, PARAMS_PROVIDER_TOKEN } from 'nestjs-pino';
import type { Logger as PinoLogger } from 'pino';
import { addStructuralErrors } from './common/api-docs';
import { BEARER } from './common/auth.decorators';
import { ErrorBody } from './common/errors';
import { AppExceptionFilter, toErrorBody } from './common/http-exception.filter';
import { JSON_BODY_LIMIT, JsonBodyRequired, useJsonBodies } from './common/http-body';
import { useSecurityHeaders } from './common/security-headers';
import { useRequestLog } from './common/request-log';
import { RequestChecks } from './common/request-checks';
import { MULTIPART_LIMITS } from './common/upload';
import { createValidationPipe } from './common/validation';
import { VENDOR_FILES, VENDOR_PREFIX } from './common/vendor-assets';
import { applyServerTimeouts } from './common/server-timeouts';
import { AppConfig } from './config/app-config';

/** public/ beside src/ (ts-node, tests) or beside dist/ (the build). */
export const PUBLIC_DIR = [join(__dirname, '..', 'public'), join(__dirname, '..', '..', 'public')].find((d) => existsSync(d)) ?? join(__dirname, '..', 'public');

export const API_PREFIX = 'api';
export const DOCS_PATH = `${API_PREFIX}/docs`;
export const DOCS_JSON_PATH = `${API_PREFIX}/docs-json`;

/** The HTTP server: Fastify, with the settings of the server itself (as opposed to its plugins). */
export function createHttpAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    // The JSON parser sets its own limit; this one bounds any other parser.
    bodyLimit: JSON_BODY_LIMIT,
    // Request logs are written by a hook of ours (src/common/request-log.ts); Fastify's own logger stays off.
    logger: false,
    // No Nest middleware, so no @fastify/middie layer on every request (a middleware would now fail
    // at start: use a Fastify hook).
    skipMiddie: true,
    // A URL Fastify cannot route (bad percent-encoding): the one error shape, as every other refusal.
    frameworkErrors: (error: Error, _req: unknown, reply: FastifyReply) => {
      const body = toErrorBody(error);
      void reply.code(body.statusCode).send(body);
    },
  });
}

/** The pages (public/: static HTML + plain JS) and the browser libraries of node_modules. */
async function servePages(fastify: FastifyInstance): Promise<void> {
  // The API never touches the file system: an /api/ path that no route of the API matches is the
  // 404 of an unknown route, never a file lookup (a lookup per API call cost ~10% of its time).
  fastify.all(`/${API_PREFIX}/*`, (_req, reply) => reply.callNotFound());
  await fastify.register(fastifyStatic, {
    root: PUBLIC_DIR,
    allowedPath: (pathName: string) => !pathName.startsWith(`/${API_PREFIX}/`),
    // As Express's static files did: /public → /public/ → public/public/index.html.
    redirect: true,
    index: ['index.html'],
  });
  // Browser libraries from node_modules, by an allow-list (src/common/vendor-assets.ts); sent as
  // before, whole and with their length (not gzipped again on every request: echarts is 1 MB and
  // the browser keeps it for a day).
  fastify.get(`${VENDOR_PREFIX}:name`, { compress: false }, (req, reply) => {
    const file = VENDOR_FILES[(req.params as { name: string }).name];
    if (!file) return reply.callNotFound();
    return reply.sendFile(basename(file), dirname(file), { maxAge: '1d' });
  });
}

export async function configureApp(app: NestFastifyApplication): Promise<NestFastifyApplication> {
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  // One line per request (pino-http's), from a hook; nothing per request below `info`.
  useRequestLog(fastify, (app.get<Params>(PARAMS_PROVIDER_TOKEN).pinoHttp as { logger: PinoLogger }).logger);
  // Compression first: it hooks every route registered after it (gzip/brotli of answers over
  // 1 KiB when the client asks; request bodies in gzip/deflate/br are inflated, any other
  // Content-Encoding is 415).
  await app.register(compress, { global: true });
  // Security headers: src/common/security-headers.ts (helmet's, computed once; HSTS only with BEHIND_HTTPS=true).
  useSecurityHeaders(fastify, app.get(AppConfig));
  useJsonBodies(app);
  await app.register(multipart, { limits: MULTIPART_LIMITS });
  await app.register(servePages);
  // The certificate verification page sits at the address its QR code carries, outside /api.
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'public/certificates/:number', method: RequestMethod.GET }] });
  // After the AuthGuard (an APP_GUARD, added when the app was created): bad path ids, empty PATCHes.
  app.useGlobalGuards(new RequestChecks());
  app.useGlobalPipes(new JsonBodyRequired(), createValidationPipe());
  app.useGlobalFilters(new AppExceptionFilter());

  const config = new DocumentBuilder()
    .setTitle('教学技能比赛管理系统 API')
    .setDescription(
      'Teaching-skills contest management. Every endpoint needs `Authorization: Bearer <token>` ' +
        '(POST /api/auth/login) except those marked public. Every error is `{ statusCode, code, message, details? }`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER)
    .build();
  const document = addStructuralErrors(SwaggerModule.createDocument(app, config, { extraModels: [ErrorBody] }));
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: DOCS_JSON_PATH });
  applyServerTimeouts(app.getHttpServer(), app.get(AppConfig));
  return app;
}
