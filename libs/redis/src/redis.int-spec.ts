import { requireEngine, testEngines, testNamespace } from '@pulse/testing';
import type { Redis } from 'ioredis';
import { createRedisConnection } from './redis-connection.factory';
import { probeRedis } from './redis-probe';

const ns = testNamespace(__filename);
const key = (name: string): string => `${ns.redisPrefix}${name}`;

let redis: Redis;

const pendingTimers = (): number => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

beforeAll(async () => {
  await requireEngine('redis');
  redis = createRedisConnection(testEngines.redis, { connectionName: ns.id });
});

afterAll(async () => {
  if (!redis) return;
  // Only this file's keys: SCAN by its prefix, never FLUSHDB on the shared instance.
  const keys: string[] = [];
  for await (const batch of redis.scanStream({ match: `${ns.redisPrefix}*`, count: 100 })) {
    if (Array.isArray(batch)) keys.push(...batch.filter((item): item is string => typeof item === 'string'));
  }
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

describe('Redis connection and probe', () => {
  it('probeRedis answers PONG from the running server', async () => {
    await expect(probeRedis(testEngines.redis)).resolves.toEqual({ pong: 'PONG' });
  });

  it('prefixes every key with REDIS_KEY_PREFIX when asked to', async () => {
    const prefixed = createRedisConnection({ ...testEngines.redis, keyPrefix: key('app:') }, { prefixKeys: true });
    try {
      await prefixed.set('visitors', '7', 'PX', 60_000);
      expect(await redis.get(key('app:visitors'))).toBe('7');
      expect(await redis.get('visitors')).toBeNull();
    } finally {
      await prefixed.quit();
    }
  });

  it('a connection pings, sets and gets under the test prefix', async () => {
    expect(await redis.ping()).toBe('PONG');

    expect(await redis.set(key('greeting'), 'hello', 'PX', 60_000)).toBe('OK');
    expect(await redis.get(key('greeting'))).toBe('hello');
    // Expiry is set, so a crashed run leaves nothing for long.
    expect(await redis.pttl(key('greeting'))).toBeGreaterThan(0);

    expect(await redis.incrby(key('counter'), 5)).toBe(5);
    expect(await redis.incrby(key('counter'), 2)).toBe(7);
    expect(await redis.get(key('missing'))).toBeNull();
  });

  it('names the connection, so operators can tell clients apart', async () => {
    expect(await redis.client('GETNAME')).toBe(ns.id);
  });

  it('probeRedis rejects at once when nothing listens on the port', async () => {
    // No reconnect attempts: the probe fails on the first refused connection, well inside the
    // test's own 5 s budget.
    const timersBefore = pendingTimers();
    await expect(probeRedis({ ...testEngines.redis, url: 'redis://127.0.0.1:1/0' }, 1_000)).rejects.toThrow();
    // A failed probe must not leave a timer behind that holds the process (or this worker) open.
    expect(pendingTimers()).toBe(timersBefore);
  }, 5_000);
});
