/**
 * Boots the REAL application (AppModule + configureApp) for an HTTP test file:
 * - SQLite: a fresh temporary database file;
 * - PostgreSQL (TEST_DATABASE_URL set): a fresh schema per test file, dropped afterwards,
 * so test files can run in parallel. Migrations run as on a real start; the demo seed is off;
 * the clock is a FakeClock the test can set.
 */
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomBytes } from 'crypto';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp, createHttpAdapter } from '../../src/app.setup';
import { Clock, FakeClock } from '../../src/common/clock';
import { loadEnvironment } from '../../src/config/environment';
import { appendFileSync } from 'fs';
import { answerProblems, OpenApiDocument } from './openapi';

/** Checks every answer the app sends against its OpenAPI document; problems are appended to `log`. */
function checkEveryAnswer(app: NestFastifyApplication, log: string): void {
  const fastify = app.getHttpAdapter().getInstance();
  let doc: OpenApiDocument | undefined;
  fastify.addHook('onSend', async (req, reply, payload) => {
    if (!req.url.startsWith('/api/') || req.url.startsWith('/api/docs')) return payload;
    doc ??= JSON.parse((await fastify.inject({ method: 'GET', url: '/api/docs-json' })).payload) as OpenApiDocument;
    const type = String(reply.getHeader('content-type') ?? '');
    let body: unknown = payload;
    if (type.startsWith('application/json') && typeof payload === 'string') {
      try { body = JSON.parse(payload); } catch { body = payload; }
    }
    const problems = answerProblems(doc, req.method, req.url, { status: reply.statusCode, headers: { 'content-type': type }, body });
    if (problems.length) appendFileSync(log, problems.map((p) => `${expect.getState().testPath ?? ''}\t${p}\n`).join(''));
    return payload;
  });
}

export const TEST_JWT_SECRET = 'test-secret-0123456789-abcdefghijklmnop';
export const usingPostgres = !!process.env.TEST_DATABASE_URL;

export interface TestApp {
  app: NestFastifyApplication;
  dataSource: DataSource;
  clock: FakeClock;
  /** The environment the app was booted with (DATABASE_URL/SCHEMA or SQLITE_PATH, …). */
  env: Record<string, string>;
  /** supertest bound to the app. */
  http: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

export async function pgQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The database variables for a fresh test database (its schema is created when the app starts). */
export function freshDatabaseEnv(): { env: Record<string, string>; cleanup: () => Promise<void> } {
  if (usingPostgres) {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    return {
      env: { DATABASE_URL: process.env.TEST_DATABASE_URL!, DATABASE_SCHEMA: schema },
      cleanup: () => pgQuery(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`),
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'contest-test-'));
  return {
    env: { SQLITE_PATH: join(dir, 'test.sqlite') },
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The real application on `env`, its clock replaced by `clock`, on the Fastify adapter, ready to answer. */
export async function bootApp(env: Record<string, string>, clock: FakeClock): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(loadEnvironment(env))] })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(), { logger: false });
  await configureApp(app);
  if (process.env.OPENAPI_CONFORMANCE_LOG) checkEveryAnswer(app, process.env.OPENAPI_CONFORMANCE_LOG);
  await app.init();
  // Fastify answers only once its plugins are loaded (supertest calls the server directly).
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

export async function createTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const db = freshDatabaseEnv();
  const env: Record<string, string> = {
    JWT_SECRET: TEST_JWT_SECRET,
    DEMO_SEED: 'false',
    LOG_LEVEL: 'silent',
    // argon2 at its minimum memory cost: tests only.
    ARGON2_MEMORY_KIB: '1024',
    LOGIN_RATE_LIMIT: '100000',
    ...db.env,
    ...overrides,
  };
  const clock = new FakeClock('2025-11-20T02:00:00.000Z');
  const app = await bootApp(env, clock);
  const dataSource = app.get<DataSource>(getDataSourceToken());
  return {
    app,
    dataSource,
    clock,
    env,
    http: () => request(app.getHttpServer()),
    async close() {
      await app.close();
      await db.cleanup();
    },
  };
}
