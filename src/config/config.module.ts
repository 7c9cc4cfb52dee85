import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AppConfig } from './app-config';
import { Environment } from './environment';

/**
 * Provides the validated configuration everywhere: the typed `AppConfig`, and Nest's
 * `ConfigService` over the same validated values (for code that prefers `config.get('PORT')`).
 * The environment is validated before this module is built (loadEnvironment), so a bad value
 * never reaches Nest.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(env: Environment): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => ({ ...env })] })],
      providers: [{ provide: AppConfig, useFactory: () => new AppConfig(env) }],
      exports: [AppConfig],
    };
  }
}
