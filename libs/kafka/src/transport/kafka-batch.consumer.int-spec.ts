import {
  checkpointMigrations,
  createDataSource,
  migrate,
  PostgresCheckpointStore,
  type DataSource,
} from '@pulse/database';
import { expectEventually, requireEngine, testEngines, testNamespace } from '@pulse/testing';
import type { Admin } from 'kafkajs';
import { applyToSink, CreateAppliedEvents1764000000001 } from '../../test/applied-events.sink';
import { createKafkaPorts, type KafkaPorts } from '../kafka-ports.factory';
import type { OutgoingMessage, TopicPartitions } from '../kafka.ports';
import { createKafkajsClient } from '../kafkajs/kafkajs-client.factory';
import { KafkaBatchConsumer, type KafkaBatchConsumerOptions } from './kafka-batch.consumer';
import type { KafkaBatch } from './kafka-batch.types';

// Several group joins and rebalances, and thousands of single-row inserts, on two busy cores.
jest.setTimeout(60_000);

const ns = testNamespace(__filename);
const sharedTopic = ns.topic('visits');
const sharedGroup = ns.consumerGroup('visits');
const shutdownTopic = ns.topic('carts');
const shutdownGroup = ns.consumerGroup('carts');
const PARTITIONS = 4;

const consumers = new Set<KafkaBatchConsumer>();
let ports: KafkaPorts;
let inspector: Admin;
let dataSource: DataSource;

const quietLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

async function startConsumer(options: KafkaBatchConsumerOptions): Promise<KafkaBatchConsumer> {
  const consumer = new KafkaBatchConsumer(ports, {
    heartbeatIntervalMs: 500,
    sessionTimeoutMs: 10_000,
    logger: quietLogger,
    ...options,
  });
  consumers.add(consumer);
  await consumer.start();
  return consumer;
}

async function stop(consumer: KafkaBatchConsumer): Promise<void> {
  await consumer.close();
  consumers.delete(consumer);
}

function visits(from: number, count: number): OutgoingMessage[] {
  return Array.from({ length: count }, (_, i) => ({ key: `visitor-${(from + i) % 101}`, value: `visit-${from + i}` }));
}

async function sinkRows(): Promise<{ rows: number; ids: number; byA: number; byB: number }> {
  const [row] = (await dataSource.query(
    `SELECT count(*)::int AS rows, count(DISTINCT id)::int AS ids,
            count(*) FILTER (WHERE applied_by = 'A')::int AS "byA", count(*) FILTER (WHERE applied_by = 'B')::int AS "byB"
     FROM applied_events`,
  )) as { rows: number; ids: number; byA: number; byB: number }[];
  if (!row) throw new Error('no counts');
  return row;
}

async function checkpointed(): Promise<number> {
  const [row] = (await dataSource.query(
    'SELECT coalesce(sum(next_offset), 0)::int AS total FROM consumer_checkpoints WHERE consumer_group = $1',
    [sharedGroup],
  )) as { total: number }[];
  return row?.total ?? 0;
}

const partitionsOf = (assignment: readonly TopicPartitions[]) =>
  assignment.flatMap(({ partitions }) => partitions).sort((a, b) => a - b);

beforeAll(async () => {
  await Promise.all([requireEngine('kafka'), requireEngine('postgres')]);
  ports = createKafkaPorts(testEngines.kafka, { quiet: true });
  inspector = createKafkajsClient(testEngines.kafka, { quiet: true }).admin();
  await inspector.connect();
  await ports.admin.ensureTopics([
    { name: sharedTopic, partitions: PARTITIONS },
    { name: shutdownTopic, partitions: 1 },
  ]);
  dataSource = createDataSource(testEngines.postgres, {
    schema: ns.schema,
    applicationName: ns.id,
    migrations: [...checkpointMigrations, CreateAppliedEvents1764000000001],
  });
  await migrate(dataSource);
});

afterAll(async () => {
  await Promise.allSettled([...consumers].map((consumer) => consumer.close()));
  await inspector?.deleteGroups([sharedGroup, shutdownGroup]).catch(() => undefined);
  await ports?.admin
    .deleteTopics([sharedTopic, shutdownTopic, `${sharedTopic}.dlq`, `${shutdownTopic}.dlq`])
    .catch(() => undefined);
  if (dataSource?.isInitialized) {
    await dataSource.query(`DROP SCHEMA IF EXISTS "${ns.schema}" CASCADE`).catch(() => undefined);
    await dataSource.destroy();
  }
  await Promise.allSettled([inspector?.disconnect(), ports?.producer.disconnect(), ports?.admin.disconnect()]);
});

describe('KafkaBatchConsumer on Kafka and PostgreSQL', () => {
  it('splits the partitions between two members, and rebalances lose nothing and apply nothing twice', async () => {
    await ports.producer.send(sharedTopic, visits(0, 2_000));
    const member = (name: 'A' | 'B') =>
      startConsumer({
        groupId: sharedGroup,
        topics: [sharedTopic],
        commitMode: 'sink',
        checkpoints: new PostgresCheckpointStore(dataSource),
        // Small batches: many transactions, so the rebalances land mid-stream.
        maxBytesPerPartition: 2_048,
        handleBatch: (batch: KafkaBatch) => applyToSink(dataSource, batch, name),
      });

    const a = await member('A');
    await expectEventually(async () => expect((await sinkRows()).byA).toBeGreaterThan(0), { intervalMs: 20 });

    // A second member joins mid-stream: the partitions are split between the two.
    const b = await member('B');
    await expectEventually(
      () => {
        const [ofA, ofB] = [partitionsOf(a.assignment()), partitionsOf(b.assignment())];
        expect(ofA.length).toBeGreaterThan(0);
        expect(ofB.length).toBeGreaterThan(0);
        expect([...ofA, ...ofB].sort((x, y) => x - y)).toEqual([0, 1, 2, 3]);
      },
      { timeoutMs: 30_000 },
    );
    await ports.producer.send(sharedTopic, visits(2_000, 2_000));
    await expectEventually(async () => expect((await sinkRows()).byB).toBeGreaterThan(0), { intervalMs: 20 });

    // A leaves mid-stream: B takes every partition over, from the checkpoints A committed.
    const rowsWhenALeft = (await sinkRows()).rows;
    await stop(a);
    expect(rowsWhenALeft).toBeLessThan(4_000);
    await ports.producer.send(sharedTopic, visits(4_000, 1_000));
    await expectEventually(() => expect(partitionsOf(b.assignment())).toEqual([0, 1, 2, 3]), { timeoutMs: 30_000 });
    await expectEventually(async () => expect(await checkpointed()).toBe(5_000), { timeoutMs: 30_000 });
    await stop(b);

    const rows = await sinkRows();
    expect(rows).toEqual({ rows: 5_000, ids: 5_000, byA: expect.any(Number), byB: 5_000 - rows.byA });
    expect(rows.byA).toBeGreaterThan(0);
  });

  it('close lets the batch in hand finish and commit, and the next member does not see it again', async () => {
    const sent = await ports.producer.send(
      shutdownTopic,
      Array.from({ length: 20 }, (_, i) => ({ key: 'cart-1', value: `item-${i}` })),
    );
    const lastSent = Number(sent[0]?.baseOffset) + 19;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const events: string[] = [];
    let inHand: KafkaBatch | undefined;
    const first = await startConsumer({
      groupId: shutdownGroup,
      topics: [shutdownTopic],
      handleBatch: async (batch) => {
        inHand = batch;
        events.push('started');
        await gate;
        events.push('finished');
      },
    });
    await expectEventually(() => expect(events).toEqual(['started']));

    const closed = stop(first).then(() => events.push('closed'));
    release();
    await closed;

    expect(events).toEqual(['started', 'finished', 'closed']);
    const nextOffset = inHand?.checkpoint.nextOffset;
    expect(Number(nextOffset)).toBeGreaterThan(0);
    expect(Number(nextOffset)).toBeLessThanOrEqual(lastSent + 1);
    const [committed] = await inspector.fetchOffsets({ groupId: shutdownGroup, topics: [shutdownTopic] });
    expect(committed?.partitions).toEqual([expect.objectContaining({ partition: 0, offset: nextOffset })]);

    const seen: string[] = [];
    await startConsumer({
      groupId: shutdownGroup,
      topics: [shutdownTopic],
      handleBatch: async (batch) => void seen.push(...batch.messages.map((message) => message.offset)),
    });
    await ports.producer.send(shutdownTopic, [{ key: 'cart-1', value: 'marker' }]);
    await expectEventually(() => expect(seen).toContain(String(lastSent + 1)));
    expect(seen.every((offset) => Number(offset) >= Number(nextOffset))).toBe(true);
  });
});
