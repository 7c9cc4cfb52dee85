import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { pinoHttp } from 'pino-http';
import { AdvancementModule } from './advancement/advancement.module';
import { AnnouncementsModule } from './announcements/announcements.module';
import { AwardsModule } from './awards/awards.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CommonModule } from './common/common.module';
import { AppConfig } from './config/app-config';
import { clientAddress } from './common/client-address';
import { AppConfigModule } from './config/config.module';
import { Environment } from './config/environment';
import { ContestsModule } from './contests/contests.module';
import { DatabaseModule } from './database/database.module';
import { DemoModule } from './demo/demo.module';
import { EntrantsModule } from './entrants/entrants.module';
import { HealthModule } from './health/health.module';
import { JudgingModule } from './judging/judging.module';
import { PlanningModule } from './planning/planning.module';
import { RegistryModule } from './registry/registry.module';

/**
 * The application. Built from an already validated environment (loadEnvironment), so main.ts
 * and the tests boot exactly the same modules with their own configuration.
 * A new feature adds its module to FEATURE_MODULES.
 */
const FEATURE_MODULES = [AuthModule, RegistryModule, ContestsModule, HealthModule, DemoModule, EntrantsModule, AdvancementModule, JudgingModule, PlanningModule, AnnouncementsModule, AwardsModule];

@Module({})
export class AppModule {
  static forRoot(env: Environment): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(env),
        LoggerModule.forRootAsync({
          inject: [AppConfig],
          // The request log is written by a Fastify hook (src/common/request-log.ts) with this
          // pino-http logger; nestjs-pino's Logger writes with it too, and adds no middleware
          // (useExisting, no routes).
          useFactory: (config: AppConfig) => ({
            pinoHttp: {
              logger: pinoHttp({
                level: config.logLevel,
                // One JSON line per request with what an operator needs and nothing more: no headers,
                // so tokens, judges' links and cookies never reach the logs (and no per-line
                // redaction pass is needed).
                serializers: {
                  // The client's address as the login limits see it (TRUST_PROXY, src/common/client-address.ts).
                  req: (req: { id: unknown; method: string; url: string; remoteAddress?: string; headers?: Record<string, string | string[] | undefined> }) => ({
                    id: req.id,
                    method: req.method,
                    url: req.url,
                    remoteAddress: clientAddress(req.remoteAddress, req.headers?.['x-forwarded-for'], config.trustProxy),
                  }),
                  res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
                },
              }).logger,
            },
            useExisting: true,
            forRoutes: [],
          }),
        }),
        CommonModule,
        DatabaseModule,
        AuditModule,
        ...FEATURE_MODULES,
      ],
    };
  }
}
