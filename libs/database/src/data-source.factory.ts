import type { PostgresConfig } from '@pulse/config';
import { DataSource, type MixedList, type EntitySchema } from 'typeorm';

// TypeORM's own type for migration lists.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type MigrationList = MixedList<Function | string>;
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type EntityList = MixedList<Function | string | EntitySchema>;

export interface DataSourceOptions {
  migrations: MigrationList;
  entities?: EntityList;
  /** Overrides the configured schema, e.g. one schema per test file. */
  schema?: string;
  applicationName?: string;
}

/**
 * Schema changes happen only through migrations, never `synchronize`: a read model's table is a
 * contract with the projection that fills it, and drift must fail loudly.
 */
export function createDataSource(config: PostgresConfig, options: DataSourceOptions): DataSource {
  const schema = options.schema ?? config.schema;
  return new DataSource({
    type: 'postgres',
    url: config.url,
    schema,
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    migrations: options.migrations,
    entities: options.entities ?? [],
    applicationName: options.applicationName ?? 'pulse',
    poolSize: config.poolSize,
    // public stays on the path for extension types such as hll.
    extra: { options: `-c search_path=${schema},public` },
  });
}

/**
 * Initializes the data source, creates its schema when missing and applies pending migrations.
 * Replicas starting together take turns on an advisory lock per schema: the second finds nothing
 * left to apply instead of racing the first.
 */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  if (!dataSource.isInitialized) await dataSource.initialize();
  const schema = (dataSource.options as { schema?: string }).schema ?? 'public';
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query(`SELECT pg_advisory_lock(hashtext('pulse.migrations'), hashtext($1))`, [schema]);
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await lock
      .query(`SELECT pg_advisory_unlock(hashtext('pulse.migrations'), hashtext($1))`, [schema])
      .catch(() => undefined);
    await lock.release();
  }
}
