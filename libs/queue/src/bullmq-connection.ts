import type { RedisConfig } from '@pulse/config';
import type { ConnectionOptions } from 'bullmq';

/** BullMQ opens its own connections; workers need commands to wait across reconnects. */
export function bullmqConnection(config: RedisConfig): ConnectionOptions {
  const url = new URL(config.url);
  const db = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0;
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : 6379,
    db,
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}
