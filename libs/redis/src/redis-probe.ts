import type { RedisConfig } from '@pulse/config';
import { createRedisConnection } from './redis-connection.factory';

export async function probeRedis(config: RedisConfig, timeoutMs = 3_000): Promise<{ pong: string }> {
  const redis = createRedisConnection(config, {
    lazyConnect: true,
    reconnect: false,
    maxRetriesPerRequest: 0,
    connectTimeoutMs: timeoutMs,
  });
  // ioredis reports the cause (ECONNREFUSED, ...) as an event and rejects with a generic
  // "Connection is closed": keep the cause for the message an operator reads.
  let cause: Error | undefined;
  redis.on('error', (error: Error) => (cause ??= error));
  try {
    await redis.connect();
    return { pong: await redis.ping() };
  } catch (error) {
    throw cause ?? error;
  } finally {
    // After a failed connect the connection has already ended. disconnect() would then arm
    // ioredis's 2 s disconnectTimeout for a socket that will never close again, holding the
    // process (a CLI, a Jest worker) open after every failed probe.
    if (redis.status !== 'end') redis.disconnect();
  }
}
