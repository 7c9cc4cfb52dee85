import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions, prepareDatabaseLocation } from './data-source-options';
import { Transactions } from './transactions';
import { migrate } from './startup-lock';
import { DataSource } from 'typeorm';

/**
 * The database connection (SQLite by default, PostgreSQL when DATABASE_URL is set), migrated on
 * start (under an advisory lock on PostgreSQL), and the Transactions service every write goes through.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: async (config: AppConfig) => {
        await prepareDatabaseLocation(config.database);
        return {
          ...dataSourceOptions(config.database),
          autoLoadEntities: true,
          // Run below, under the start lock (startup-lock.ts): instances starting together take turns.
          migrationsRun: false,
          // Fail fast at start instead of retrying for half a minute.
          retryAttempts: 0,
        };
      },
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        await migrate(dataSource);
        return dataSource;
      },
    }),
  ],
  providers: [Transactions],
  exports: [Transactions],
})
export class DatabaseModule {}
