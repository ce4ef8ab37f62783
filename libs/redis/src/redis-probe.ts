import type { RedisConfig } from '@pulse/config';
import { createRedisConnection } from './redis-connection.factory';

export async function probeRedis(config: RedisConfig, timeoutMs = 3_000): Promise<{ pong: string }> {
  const redis = createRedisConnection(config, {
    lazyConnect: true,
    reconnect: false,
    maxRetriesPerRequest: 0,
    connectTimeoutMs: timeoutMs,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return { pong: await redis.ping() };
  } finally {
    redis.disconnect();
  }
}
