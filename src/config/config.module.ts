import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './app-config';
import { Environment } from './environment';

/**
 * Provides the validated configuration everywhere as the typed `AppConfig` (the one way
 * configuration is read). The environment is validated before this module is built
 * (loadEnvironment), so a bad value never reaches Nest.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(env: Environment): DynamicModule {
    return {
      module: AppConfigModule,
      providers: [{ provide: AppConfig, useFactory: () => new AppConfig(env) }],
      exports: [AppConfig],
    };
  }
}
