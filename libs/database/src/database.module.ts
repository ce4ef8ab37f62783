import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { PostgresConfig } from '@pulse/config';
import { DataSource } from 'typeorm';
import { createDataSource, migrate, type DataSourceOptions } from './data-source.factory';

export const POSTGRES_CONFIG = Symbol('POSTGRES_CONFIG');

export interface DatabaseModuleOptions extends DataSourceOptions {
  /** Apply pending migrations at start-up (local and test); in production a Job runs them. */
  migrateOnStart: boolean;
}

@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  static forRoot(config: PostgresConfig, options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      providers: [
        { provide: POSTGRES_CONFIG, useValue: config },
        {
          provide: DataSource,
          useFactory: async () => {
            const dataSource = createDataSource(config, options);
            if (options.migrateOnStart) await migrate(dataSource);
            else await dataSource.initialize();
            return dataSource;
          },
        },
      ],
      exports: [POSTGRES_CONFIG, DataSource],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
