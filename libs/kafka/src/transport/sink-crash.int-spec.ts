import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkpointMigrations, createDataSource, migrate, type DataSource } from '@pulse/database';
import {
  compileLibsInto,
  expectEventually,
  type FixtureProcess,
  FixtureProcesses,
  requireEngine,
  testEngines,
  testNamespace,
} from '@pulse/testing';
import type { Admin } from 'kafkajs';
import { CreateAppliedEvents1764000000001 } from '../../test/applied-events.sink';
import { createKafkaPorts, type KafkaPorts } from '../kafka-ports.factory';
import { createKafkajsClient } from '../kafkajs/kafkajs-client.factory';

// Compiling the fixture, two consumer processes, and a session timeout to wait out after the kill.
jest.setTimeout(90_000);

const ns = testNamespace(__filename);
const topic = ns.topic('orders');
const group = ns.consumerGroup('sink');
const TOTAL = 5_000;
// Compiled outside dist/, which any `npm run build` empties (see compileLibsInto).
const outDir = mkdtempSync(join(tmpdir(), `${ns.id}-`));
const fixture = join(outDir, 'libs/kafka/test/sink-consumer.fixture.js');

const fixtures = new FixtureProcesses();
let dataSource: DataSource;
let ports: KafkaPorts;
let inspector: Admin;

function startConsumer(): FixtureProcess {
  return fixtures.start(fixture, {
    KAFKA_BROKERS: testEngines.kafka.brokers.join(','),
    DATABASE_URL: testEngines.postgres.url,
    DATABASE_SCHEMA: ns.schema,
    FIXTURE_TOPIC: topic,
    FIXTURE_GROUP: group,
  });
}

async function sinkCounts(): Promise<{ rows: number; ids: number; positions: number; appliers: number }> {
  const [row] = (await dataSource.query(
    `SELECT count(*)::int AS rows, count(DISTINCT id)::int AS ids,
            count(DISTINCT (partition, "offset"))::int AS positions, count(DISTINCT applied_by)::int AS appliers
     FROM applied_events`,
  )) as { rows: number; ids: number; positions: number; appliers: number }[];
  if (!row) throw new Error('no counts');
  return row;
}

async function checkpointed(): Promise<number> {
  const [row] = (await dataSource.query(
    'SELECT coalesce(sum(next_offset), 0)::int AS total FROM consumer_checkpoints WHERE consumer_group = $1',
    [group],
  )) as { total: number }[];
  return row?.total ?? 0;
}

/**
 * Rewinds the group's committed offsets to the start of the topic, as an operator's reset would.
 * Its join completes once the killed member's session has expired.
 */
async function rewindGroupOffsets(): Promise<void> {
  const rewinder = createKafkajsClient(testEngines.kafka, { quiet: true }).consumer({
    groupId: group,
    maxWaitTimeInMs: 50,
  });
  try {
    await rewinder.connect();
    await rewinder.subscribe({ topics: [topic] });
    // With kafkajs's automatic commits on, a seek is committed at the next fetch.
    await rewinder.run({ eachBatchAutoResolve: false, eachBatch: async () => undefined });
    rewinder.pause([{ topic }]);
    for (const partition of [0, 1, 2]) rewinder.seek({ topic, partition, offset: '0' });
    await expectEventually(async () => {
      const [committed] = await inspector.fetchOffsets({ groupId: group, topics: [topic] });
      expect(committed?.partitions.map(({ offset }) => offset)).toEqual(['0', '0', '0']);
    });
  } finally {
    await rewinder.disconnect();
  }
}

beforeAll(async () => {
  await Promise.all([requireEngine('kafka'), requireEngine('postgres')]);
  compileLibsInto(outDir);

  dataSource = createDataSource(testEngines.postgres, {
    schema: ns.schema,
    applicationName: ns.id,
    migrations: [...checkpointMigrations, CreateAppliedEvents1764000000001],
  });
  await migrate(dataSource);

  ports = createKafkaPorts(testEngines.kafka, { quiet: true });
  inspector = createKafkajsClient(testEngines.kafka, { quiet: true }).admin();
  await inspector.connect();
  await ports.admin.ensureTopics([{ name: topic, partitions: 3 }]);
  for (let start = 0; start < TOTAL; start += 1_000) {
    await ports.producer.send(
      topic,
      Array.from({ length: 1_000 }, (_, i) => ({ key: `order-${(start + i) % 97}`, value: `evt-${start + i}` })),
    );
  }
});

afterAll(async () => {
  await fixtures.killAll();
  await inspector?.deleteGroups([group]).catch(() => undefined);
  await ports?.admin.deleteTopics([topic, `${topic}.dlq`]).catch(() => undefined);
  if (dataSource?.isInitialized) {
    await dataSource.query(`DROP SCHEMA IF EXISTS "${ns.schema}" CASCADE`).catch(() => undefined);
    await dataSource.destroy();
  }
  await Promise.allSettled([inspector?.disconnect(), ports?.producer.disconnect(), ports?.admin.disconnect()]);
  rmSync(outDir, { recursive: true, force: true });
});

describe('KafkaBatchTransport in commit mode sink, killed mid-stream', () => {
  it('applies every message exactly once after a SIGKILL and a restart', async () => {
    const first = startConsumer();
    await expectEventually(
      async () => {
        if (first.process.exitCode !== null) throw new Error(`the consumer exited early:\n${first.output()}`);
        expect((await sinkCounts()).rows).toBeGreaterThan(0);
      },
      { timeoutMs: 30_000, intervalMs: 10 },
    );
    first.process.kill('SIGKILL');
    await first.exited;
    const atKill = await sinkCounts();
    // Otherwise the kill came too late to prove anything.
    expect(atKill.rows).toBeLessThan(TOTAL);
    // With the group's own offsets back at the start, only the checkpoints stored with the rows
    // can keep the restarted consumer from applying anything twice.
    await rewindGroupOffsets();

    const second = startConsumer();
    await expectEventually(
      async () => {
        if (second.process.exitCode !== null) throw new Error(`the consumer exited early:\n${second.output()}`);
        expect(await checkpointed()).toBe(TOTAL);
      },
      { timeoutMs: 60_000 },
    );
    second.process.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    expect(await sinkCounts()).toEqual({ rows: TOTAL, ids: TOTAL, positions: TOTAL, appliers: 2 });
    expect(second.output()).toContain('resuming from the sink checkpoint');
    // The group's offsets follow the sink's, as an optimisation for the next start.
    const [committed] = await inspector.fetchOffsets({ groupId: group, topics: [topic] });
    expect(committed?.partitions.reduce((sum, { offset }) => sum + Number(offset), 0)).toBe(TOTAL);
  });
});
