import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions, prepareDatabaseLocation } from './data-source-options';
import { Transactions } from './transactions';

/**
 * The database connection (SQLite by default, PostgreSQL when DATABASE_URL is set), migrated on
 * start, and the Transactions service every write goes through.
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
          migrationsRun: true,
          migrationsTransactionMode: 'all',
          // Fail fast at start instead of retrying for half a minute.
          retryAttempts: 0,
        };
      },
    }),
  ],
  providers: [Transactions],
  exports: [Transactions],
})
export class DatabaseModule {}
