/**
 * A second instance of the application on the database of a TestApp (PostgreSQL: the same schema),
 * as a province deployment runs several app processes on one database. It shares the test's
 * FakeClock, so both instances agree on the time.
 */
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { configureApp, createHttpAdapter } from '../../src/app.setup';
import { Clock, FakeClock } from '../../src/common/clock';
import { loadEnvironment } from '../../src/config/environment';

export interface Instance {
  app: NestFastifyApplication;
  http: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

export async function startInstance(env: Record<string, string>, clock: FakeClock): Promise<Instance> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(loadEnvironment(env))] })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(), { logger: false });
  await configureApp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return { app, http: () => request(app.getHttpServer()), close: () => app.close() };
}
