import { DynamicModule, Module } from '@nestjs/common';

export const APP_CONFIG = Symbol('APP_CONFIG');

/**
 * Configuration is loaded and validated once in main.ts, before Nest starts, and then provided
 * as a value: a bad deployment fails fast with every problem named, and nothing reads
 * process.env after start-up.
 */
@Module({})
export class ConfigModule {
  static forRoot(config: object): DynamicModule {
    return {
      module: ConfigModule,
      global: true,
      providers: [{ provide: APP_CONFIG, useValue: Object.freeze(config) }],
      exports: [APP_CONFIG],
    };
  }
}
