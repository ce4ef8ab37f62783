import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';

export interface TestNamespace {
  /** Lower-case, safe as a Kafka topic, an index, a SQL schema and a Redis key part. */
  id: string;
  topic(name: string): string;
  index(name: string): string;
  consumerGroup(name: string): string;
  schema: string;
  /** Under pulse:* so that `stack reset` clears whatever a crashed test left behind. */
  redisPrefix: string;
}

/**
 * Every test file works under its own names, fresh for each run, so files can run in parallel on
 * one shared stack and no test depends on what another left.
 */
export function testNamespace(testFile: string): TestNamespace {
  const stem = basename(testFile)
    .replace(/\.(int|e2e)?-?spec\.ts$/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 30);
  const id = `t_${stem}_${randomBytes(3).toString('hex')}`;
  return {
    id,
    topic: (name) => `${id}.${name}`,
    index: (name) => `${id}-${name}`.replaceAll('_', '-'),
    consumerGroup: (name) => `${id}.${name}`,
    schema: id,
    redisPrefix: `pulse:test:${id}:`,
  };
}
