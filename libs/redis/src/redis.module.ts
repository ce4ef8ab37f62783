import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { RedisConfig } from '@pulse/config';
import type { Redis } from 'ioredis';
import { createRedisConnection } from './redis-connection.factory';

export const REDIS_CONFIG = Symbol('REDIS_CONFIG');
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/** Redis holds only derived state that can be rebuilt from Kafka; keys start with the configured prefix. */
@Module({})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}

  static forRoot(config: RedisConfig): DynamicModule {
    return {
      module: RedisModule,
      global: true,
      providers: [
        { provide: REDIS_CONFIG, useValue: config },
        {
          provide: REDIS_CLIENT,
          useFactory: () => createRedisConnection(config, { connectionName: 'pulse', prefixKeys: true }),
        },
      ],
      exports: [REDIS_CONFIG, REDIS_CLIENT],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
