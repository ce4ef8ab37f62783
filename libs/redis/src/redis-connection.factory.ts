import type { RedisConfig } from '@pulse/config';
import { Redis, type RedisOptions } from 'ioredis';

export interface RedisConnectionOptions {
  /** null makes commands wait for a reconnect instead of failing; BullMQ workers require it. */
  maxRetriesPerRequest?: number | null;
  lazyConnect?: boolean;
  connectTimeoutMs?: number;
  reconnect?: boolean;
  connectionName?: string;
  /** Prefix every key with the configured REDIS_KEY_PREFIX (not for BullMQ, which has its own). */
  prefixKeys?: boolean;
}

function redisOptions(config: RedisConfig, options: RedisConnectionOptions): RedisOptions {
  return {
    keyPrefix: options.prefixKeys ? config.keyPrefix : undefined,
    maxRetriesPerRequest: options.maxRetriesPerRequest === undefined ? 3 : options.maxRetriesPerRequest,
    lazyConnect: options.lazyConnect ?? false,
    connectTimeout: options.connectTimeoutMs ?? 5_000,
    connectionName: options.connectionName,
    retryStrategy: options.reconnect === false ? () => null : (attempt) => Math.min(attempt * 200, 5_000),
  };
}

export function createRedisConnection(config: RedisConfig, options: RedisConnectionOptions = {}): Redis {
  return new Redis(config.url, redisOptions(config, options));
}
