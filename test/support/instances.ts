/**
 * A second instance of the application on the database of a TestApp (PostgreSQL: the same schema),
 * as a province deployment runs several app processes on one database. It shares the test's
 * FakeClock, so both instances agree on the time.
 */
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { FakeClock } from '../../src/common/clock';
import { bootApp } from './app';

export interface Instance {
  app: NestFastifyApplication;
  http: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

export async function startInstance(env: Record<string, string>, clock: FakeClock): Promise<Instance> {
  const app = await bootApp(env, clock);
  return { app, http: () => request(app.getHttpServer()), close: () => app.close() };
}
