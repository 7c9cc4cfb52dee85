/**
 * The configured database as a DataSource for the TypeORM CLI, e.g.
 *   npx typeorm-ts-node-commonjs migration:run -d src/database/data-source.ts
 *   npx typeorm-ts-node-commonjs migration:generate -d src/database/data-source.ts src/database/migrations/Name
 * (DATABASE_URL / SQLITE_PATH as for the service).
 */
import 'reflect-metadata';
import { databaseConfig } from '../config/app-config';
import { loadEnvironment } from '../config/environment';
import { createDataSource } from './data-source-options';

export default createDataSource(databaseConfig(loadEnvironment(process.env)));
