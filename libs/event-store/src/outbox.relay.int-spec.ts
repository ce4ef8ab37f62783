import { Global, Module, type LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createDataSource, migrate, platformMigrations } from '@pulse/database';
import {
  EVENT_LOG_PRODUCER,
  TOPIC_ADMIN,
  createKafkaPorts,
  type ConsumedMessage,
  type EventLogProducer,
  type KafkaPorts,
  type OutgoingMessage,
  type RunningConsumer,
  type SentRecord,
  type TopicAdmin,
} from '@pulse/kafka';
import { expectEventually, requireEngine, testEngines, testNamespace } from '@pulse/testing';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { eventStoreMigrations } from './event-store-migrations';
import { EventStoreModule } from './event-store.module';
import { EventStore } from './event-store.repository';
import type { EventMetadata } from './event-store.types';
import { parseOutboxEnvelope, type OutboxEnvelope } from './outbox-envelope';
import { OutboxRelay, type OutboxRelayOptions } from './outbox.relay';

// Consumer group joins take seconds on two busy cores, more than Jest's default 5 s.
jest.setTimeout(60_000);

const ns = testNamespace(__filename);
const workspaceTopic = ns.topic('workspace');
const alertingTopic = ns.topic('alerting');
const topics = { organization: workspaceTopic, project: workspaceTopic, 'alert-rule': alertingTopic };
const metadata: EventMetadata = {
  correlationId: 'req-1',
  actor: { kind: 'user', id: 'user-1' },
  organizationId: 'org-1',
};

interface Published {
  message: ConsumedMessage;
  envelope: OutboxEnvelope;
}

interface TableEvent {
  id: string;
  streamId: string;
  streamVersion: number;
  position: bigint;
  relayOrder: bigint;
  transactionId: bigint;
}

interface LogEntry {
  level: 'log' | 'warn' | 'error';
  entry: unknown;
}

/** Keeps the relay's log lines out of the test output, and lets tests check what it said. */
const logs: LogEntry[] = [];
const logger: LoggerService = {
  log: (entry: unknown) => logs.push({ level: 'log', entry }),
  warn: (entry: unknown) => logs.push({ level: 'warn', entry }),
  error: (entry: unknown) => logs.push({ level: 'error', entry }),
};

let dataSource: DataSource;
let store: EventStore;
let ports: KafkaPorts;
let consumer: RunningConsumer | undefined;
const received: Published[] = [];
const relays = new Set<OutboxRelay>();

function relayWith(overrides: Partial<OutboxRelayOptions> = {}): OutboxRelay {
  const relay = new OutboxRelay({
    dataSource,
    producer: ports.producer,
    admin: ports.admin,
    topics,
    batchSize: 7,
    pollIntervalMs: 200,
    logger,
    ...overrides,
  });
  relays.add(relay);
  return relay;
}

async function stopRelay(relay: OutboxRelay): Promise<void> {
  await relay.stop();
  relays.delete(relay);
}

/** Appends `count` events to each stream: streams in parallel, each stream's events one by one. */
async function appendStreams(streamIds: readonly string[], streamType: string, count: number): Promise<void> {
  await Promise.all(
    streamIds.map(async (streamId) => {
      for (let version = 1; version <= count; version += 1) {
        await store.append(streamId, streamType, version - 1, [{ type: 'ThingHappened', data: { version } }], metadata);
      }
    }),
  );
}

/** The events of the streams whose id starts with `prefix`, in relay order. */
async function tableEvents(prefix: string): Promise<TableEvent[]> {
  const rows: {
    event_id: string;
    stream_id: string;
    stream_version: number;
    position_text: string;
    relay_order_text: string;
    transaction_id_text: string;
  }[] = await dataSource.query(
    `SELECT event_id, stream_id, stream_version, global_position::text AS position_text,
            relay_order::text AS relay_order_text, transaction_id::text AS transaction_id_text
     FROM "${ns.schema}".event_store_events WHERE stream_id LIKE $1 ORDER BY relay_order, global_position`,
    [`${prefix}%`],
  );
  return rows.map((row) => ({
    id: row.event_id,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    position: BigInt(row.position_text),
    relayOrder: BigInt(row.relay_order_text),
    transactionId: BigInt(row.transaction_id_text),
  }));
}

async function messagesOnTopics(): Promise<number> {
  let total = 0;
  for (const topic of [workspaceTopic, alertingTopic]) {
    for (const offsets of await ports.admin.fetchTopicOffsets(topic)) total += Number(offsets.high);
  }
  return total;
}

/**
 * Everything on the topics, once the consumer has caught up with their end offsets: with the relay
 * stopped, nothing can arrive afterwards, so "exactly once" is checked against all there is.
 */
async function settle(prefix: string): Promise<Published[]> {
  const total = await messagesOnTopics();
  await expectEventually(() => expect(received.length).toBe(total), { timeoutMs: 30_000 });
  return received.filter((published) => published.envelope.streamId.startsWith(prefix));
}

function expectExactlyOnce(published: readonly Published[], table: readonly TableEvent[]): void {
  const ids = published.map((p) => p.envelope.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort()).toEqual(table.map((event) => event.id).sort());
}

/** Kafka keeps order per partition only: check that every partition is in relay order and every stream in version order. */
function expectOrdered(published: readonly Published[], table: readonly TableEvent[]): void {
  const rank = new Map(table.map((event, index) => [event.id, index]));
  const byPartition = new Map<string, number[]>();
  const byStream = new Map<string, { partitions: Set<number>; versions: number[] }>();
  for (const { message, envelope } of published) {
    const partition = `${message.topic}/${message.partition}`;
    byPartition.set(partition, [...(byPartition.get(partition) ?? []), rank.get(envelope.id) ?? -1]);
    const stream = byStream.get(envelope.streamId) ?? { partitions: new Set<number>(), versions: [] };
    stream.partitions.add(message.partition);
    stream.versions.push(envelope.streamVersion);
    byStream.set(envelope.streamId, stream);
  }
  for (const ranks of byPartition.values()) expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  for (const { partitions, versions } of byStream.values()) {
    expect(partitions.size).toBe(1);
    expect(versions).toEqual(Array.from({ length: versions.length }, (_, index) => index + 1));
  }
}

async function metricValue(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return 0;
  const values = (await metric.get()).values.filter((value) =>
    Object.entries(labels).every(([label, wanted]) => value.labels[label] === wanted),
  );
  return values.reduce((sum, value) => sum + value.value, 0);
}

async function sampled(registry: Registry, name: string): Promise<boolean> {
  return ((await registry.getSingleMetric(name)?.get())?.values.length ?? 0) > 0;
}

/** drain() again until `count` events are published: a concurrent transaction elsewhere can hold them back for a moment. */
async function drainUntil(relay: OutboxRelay, count: number): Promise<void> {
  let drained = 0;
  await expectEventually(async () => {
    drained += await relay.drain();
    expect(drained).toBe(count);
  });
}

async function checkpointRow(): Promise<{ pending_count: number | null }> {
  const rows: { pending_count: number | null }[] = await dataSource.query(
    `SELECT pending_count FROM "${ns.schema}".event_store_relay_checkpoints WHERE relay_name = 'outbox'`,
  );
  const row = rows[0];
  if (!row) throw new Error('no checkpoint row');
  return row;
}

beforeAll(async () => {
  await Promise.all([requireEngine('postgres'), requireEngine('kafka')]);
  dataSource = createDataSource(testEngines.postgres, {
    schema: ns.schema,
    applicationName: ns.id,
    migrations: [...platformMigrations, ...eventStoreMigrations],
  });
  await migrate(dataSource);
  store = new EventStore(dataSource);
  ports = createKafkaPorts(testEngines.kafka, { quiet: true });
  await ports.admin.ensureTopics([
    { name: workspaceTopic, partitions: 3 },
    // One partition: the whole topic is one ordered sequence, so relay order is visible end to end.
    { name: alertingTopic, partitions: 1 },
  ]);
  consumer = await ports.consumers.run({
    groupId: ns.consumerGroup('check'),
    topics: [workspaceTopic, alertingTopic],
    fromBeginning: true,
    handleBatch: async (batch) => {
      for (const message of batch.messages) {
        received.push({ message, envelope: parseOutboxEnvelope(message.value ?? '') });
      }
    },
  });
});

afterAll(async () => {
  await Promise.allSettled([...relays].map((relay) => relay.stop()));
  await consumer?.stop().catch(() => undefined);
  await ports?.admin.deleteTopics([workspaceTopic, alertingTopic]).catch(() => undefined);
  await Promise.allSettled([ports?.producer.disconnect(), ports?.admin.disconnect()]);
  if (dataSource?.isInitialized) {
    await dataSource.query(`DROP SCHEMA IF EXISTS "${ns.schema}" CASCADE`).catch(() => undefined);
    await dataSource.destroy();
  }
});

describe('OutboxRelay', () => {
  it('publishes every committed event exactly once, keyed by stream, in relay order, with its headers', async () => {
    const registry = new Registry();
    await Promise.all([
      appendStreams(['a-project-1', 'a-project-2', 'a-project-3', 'a-project-4', 'a-project-5'], 'project', 5),
      appendStreams(['a-rule-1', 'a-rule-2', 'a-rule-3'], 'alert-rule', 4),
      appendStreams(['a-org-1', 'a-org-2'], 'organization', 2),
    ]);
    const table = await tableEvents('a-');
    expect(table).toHaveLength(41);

    const relay = relayWith({ registry });
    relay.start();
    await expectEventually(() =>
      expect(received.filter((p) => p.envelope.streamId.startsWith('a-')).length).toBeGreaterThanOrEqual(41),
    );
    await stopRelay(relay);

    const published = await settle('a-');
    expectExactlyOnce(published, table);
    expectOrdered(published, table);
    // The single-partition topic shows the relay's order as a whole.
    expect(published.filter((p) => p.message.topic === alertingTopic).map((p) => p.envelope.id)).toEqual(
      table.filter((event) => event.streamId.startsWith('a-rule')).map((event) => event.id),
    );
    for (const { message, envelope } of published) {
      expect(message.topic).toBe(envelope.streamType === 'alert-rule' ? alertingTopic : workspaceTopic);
      expect(message.key).toBe(envelope.streamId);
      expect(message.headers).toEqual({
        'event-id': envelope.id,
        'event-type': 'ThingHappened',
        'schema-version': '1',
        'stream-type': envelope.streamType,
        'stream-version': String(envelope.streamVersion),
        'global-position': envelope.globalPosition,
        'correlation-id': 'req-1',
      });
      expect(envelope.data).toEqual({ version: envelope.streamVersion });
      expect(envelope.metadata).toEqual(metadata);
    }

    expect(await metricValue(registry, 'pulse_outbox_relay_events_published_total', { relay: 'outbox' })).toBe(41);
    expect(await metricValue(registry, 'pulse_outbox_relay_lag_events')).toBe(0);
    expect(await metricValue(registry, 'pulse_outbox_relay_lag_seconds')).toBe(0);
    const histogram = await registry.getSingleMetricAsString('pulse_outbox_relay_batch_duration_seconds');
    const batches = /pulse_outbox_relay_batch_duration_seconds_count\{relay="outbox"\} (\d+)/.exec(histogram)?.[1];
    expect(Number(batches)).toBeGreaterThanOrEqual(Math.ceil(41 / 7));
  });

  it('resumes after a stop without publishing anything again', async () => {
    await appendStreams(['b-project-1', 'b-project-2'], 'project', 3);
    const relay = relayWith();
    relay.start();
    await expectEventually(() =>
      expect(received.filter((p) => p.envelope.streamId.startsWith('b-')).length).toBeGreaterThanOrEqual(6),
    );
    await stopRelay(relay);

    const published = await settle('');
    expectExactlyOnce(published, await tableEvents(''));
  });

  it('wakes on NOTIFY: with an hour-long poll interval it still publishes', async () => {
    const registry = new Registry();
    const relay = relayWith({ registry, pollIntervalMs: 3_600_000 });
    relay.start();
    // The lag gauge is set at the end of a round: after it, only a notification can wake the relay.
    await expectEventually(async () => expect(await sampled(registry, 'pulse_outbox_relay_lag_events')).toBe(true));
    let version = 0;
    await expectEventually(async () => {
      // Another test file's transaction that began before the append holds the event back when the
      // relay wakes; the relay then sleeps again, and only the next append's notification wakes it.
      if (!received.some((p) => p.envelope.streamId === 'c-project-1')) {
        version += 1;
        await store.append(
          'c-project-1',
          'project',
          version - 1,
          [{ type: 'ThingHappened', data: { version } }],
          metadata,
        );
      }
      expect(received.some((p) => p.envelope.streamId === 'c-project-1')).toBe(true);
    });
    await stopRelay(relay);
    expectExactlyOnce(await settle('c-'), await tableEvents('c-'));
  });

  it('falls back to polling when no notification comes', async () => {
    await dataSource.query(`ALTER TABLE "${ns.schema}".event_store_events DISABLE TRIGGER event_store_events_notify`);
    try {
      const relay = relayWith({ pollIntervalMs: 100 });
      relay.start();
      await appendStreams(['d-project-1'], 'project', 2);
      await expectEventually(() =>
        expect(received.filter((p) => p.envelope.streamId.startsWith('d-')).length).toBeGreaterThanOrEqual(2),
      );
      await stopRelay(relay);
    } finally {
      await dataSource.query(`ALTER TABLE "${ns.schema}".event_store_events ENABLE TRIGGER event_store_events_notify`);
    }
    expectExactlyOnce(await settle('d-'), await tableEvents('d-'));
  });

  it('holds back a transaction that committed before an older one, then publishes both, skipping neither', async () => {
    const registry = new Registry();
    const relay = relayWith({ registry });
    const older = dataSource.createQueryRunner();
    await older.startTransaction();
    try {
      // A takes the lower global position and stays open; B takes a higher one and commits.
      const a = await store
        .withTransaction(older.manager)
        .append('e-rule-a', 'alert-rule', 'no-stream', [{ type: 'RuleDefined', data: {} }], metadata);
      const b = await store.append(
        'e-rule-b',
        'alert-rule',
        'no-stream',
        [{ type: 'RuleDefined', data: {} }],
        metadata,
      );
      expect(a.events[0]?.globalPosition).toBeLessThan(b.events[0]?.globalPosition ?? 0n);

      // B is committed and visible, but publishing it now would put the checkpoint past A.
      expect(await relay.drain()).toBe(0);
      expect(await metricValue(registry, 'pulse_outbox_relay_lag_events')).toBe(1);

      await older.commitTransaction();
    } finally {
      if (older.isTransactionActive) await older.rollbackTransaction();
      await older.release();
    }
    await drainUntil(relay, 2);

    const published = await settle('e-');
    expectExactlyOnce(published, await tableEvents('e-'));
    expect(published.map((p) => p.envelope.streamId)).toEqual(['e-rule-a', 'e-rule-b']);
  });

  it('keeps a stream in version order when a transaction that began earlier appends to it later', async () => {
    const relay = relayWith();
    const earlier = dataSource.createQueryRunner();
    await earlier.startTransaction();
    try {
      const inEarlier = store.withTransaction(earlier.manager);
      // The earlier transaction takes its transaction id first, by writing elsewhere.
      await inEarlier.append('f-rule-other', 'alert-rule', 'no-stream', [{ type: 'RuleDefined', data: {} }], metadata);
      // A later transaction starts the stream and commits...
      await store.append('f-rule-s', 'alert-rule', 'no-stream', [{ type: 'RuleDefined', data: {} }], metadata);
      // ...and the earlier one appends version 2 on top of it.
      await inEarlier.append('f-rule-s', 'alert-rule', 1, [{ type: 'RuleRenamed', data: {} }], metadata);
      await earlier.commitTransaction();
    } finally {
      if (earlier.isTransactionActive) await earlier.rollbackTransaction();
      await earlier.release();
    }
    const table = await tableEvents('f-');
    const [v1, v2] = table.filter((event) => event.streamId === 'f-rule-s');
    // Version 2's transaction is older than version 1's; its relay order is raised to version 1's.
    expect(v2?.transactionId).toBeLessThan(v1?.transactionId ?? 0n);
    expect(v2?.relayOrder).toBe(v1?.relayOrder);

    await drainUntil(relay, 3);
    const published = await settle('f-');
    expectExactlyOnce(published, table);
    expect(published.map((p) => `${p.envelope.streamId}@${p.envelope.streamVersion}`)).toEqual([
      'f-rule-other@1',
      'f-rule-s@1',
      'f-rule-s@2',
    ]);
  });

  it('a second relay of the same name stands by, and takes over when the first stops', async () => {
    const [firstRegistry, secondRegistry] = [new Registry(), new Registry()];
    const first = relayWith({ registry: firstRegistry });
    first.start();
    await expectEventually(async () => expect(await metricValue(firstRegistry, 'pulse_outbox_relay_leader')).toBe(1));
    const second = relayWith({ registry: secondRegistry, pollIntervalMs: 100 });
    second.start();
    await expect(relayWith().drain()).rejects.toMatchObject({ code: 'RELAY_LOCKED' });

    await appendStreams(['g-project-1', 'g-project-2'], 'project', 3);
    await expectEventually(() =>
      expect(received.filter((p) => p.envelope.streamId.startsWith('g-')).length).toBeGreaterThanOrEqual(6),
    );
    expect(await metricValue(secondRegistry, 'pulse_outbox_relay_leader')).toBe(0);
    expect(await metricValue(secondRegistry, 'pulse_outbox_relay_events_published_total')).toBe(0);

    await stopRelay(first);
    await expectEventually(async () => expect(await metricValue(secondRegistry, 'pulse_outbox_relay_leader')).toBe(1));
    await appendStreams(['g-project-3'], 'project', 3);
    await expectEventually(() =>
      expect(received.filter((p) => p.envelope.streamId.startsWith('g-')).length).toBeGreaterThanOrEqual(9),
    );
    await stopRelay(second);
    expect(await metricValue(secondRegistry, 'pulse_outbox_relay_events_published_total')).toBe(3);
    expectExactlyOnce(await settle('g-'), await tableEvents('g-'));
  });

  it('EventStoreModule starts the relay at bootstrap and stops it at shutdown', async () => {
    @Global()
    @Module({
      providers: [
        { provide: DataSource, useValue: dataSource },
        { provide: EVENT_LOG_PRODUCER, useValue: ports.producer },
        { provide: TOPIC_ADMIN, useValue: ports.admin },
      ],
      exports: [DataSource, EVENT_LOG_PRODUCER, TOPIC_ADMIN],
    })
    class InfrastructureModule {}

    const app = await Test.createTestingModule({
      imports: [InfrastructureModule, EventStoreModule.forRoot({ relay: { topics, pollIntervalMs: 200 } })],
    })
      .setLogger(logger)
      .compile();
    await app.init();
    try {
      await app
        .get(EventStore)
        .append('h-project-1', 'project', 'no-stream', [{ type: 'ThingHappened', data: { version: 1 } }], metadata);
      await expectEventually(() => expect(received.some((p) => p.envelope.streamId === 'h-project-1')).toBe(true));
    } finally {
      await app.close();
    }
    // Stopped with the app: the lock is free again.
    expect(await relayWith().drain()).toBe(0);
    expectExactlyOnce(await settle('h-'), await tableEvents('h-'));
  });
});

type CrashPoint = 'before-send' | 'after-ack' | 'part-sent';

/**
 * Kafka as a relay process that dies at its second send sees it: the send does nothing, all of
 * it, or the first half, and then the process is gone (every later call fails).
 */
class CrashingKafka {
  crashed = false;
  /** Messages acknowledged before the fatal send. */
  sentBeforeCrash = 0;
  /** Events that reached Kafka in the fatal send. */
  landedInCrash: string[] = [];
  private sends = 0;

  constructor(
    private readonly real: KafkaPorts,
    private readonly crashPoint: CrashPoint,
  ) {}

  readonly producer: EventLogProducer = {
    send: async (topic: string, messages: readonly OutgoingMessage[]): Promise<SentRecord[]> => {
      if (this.crashed) throw new Error('the relay process is dead');
      this.sends += 1;
      if (this.sends < 2) {
        const records = await this.real.producer.send(topic, messages);
        this.sentBeforeCrash += messages.length;
        return records;
      }
      const landing =
        this.crashPoint === 'after-ack'
          ? messages
          : this.crashPoint === 'part-sent'
            ? messages.slice(0, Math.ceil(messages.length / 2))
            : [];
      if (landing.length > 0) await this.real.producer.send(topic, landing);
      this.landedInCrash = landing.map((message) => message.headers?.['event-id'] ?? '');
      this.crashed = true;
      throw new Error(`killed (${this.crashPoint})`);
    },
    disconnect: async () => undefined,
  };

  readonly admin: Pick<TopicAdmin, 'fetchTopicOffsets'> = {
    fetchTopicOffsets: async (topic: string) => {
      if (this.crashed) throw new Error('the relay process is dead');
      return this.real.admin.fetchTopicOffsets(topic);
    },
  };
}

describe('OutboxRelay killed mid-batch, then restarted', () => {
  /**
   * The relay runs with a Kafka double that dies at the second send (of three or more), then the
   * relay is stopped: what survives a kill is the database and Kafka, and both are real here.
   * A fresh relay then resumes from the checkpoint row and the pending-batch marker.
   */
  async function crashAndRestart(prefix: string, crashPoint: CrashPoint) {
    const registry = new Registry();
    await appendStreams(
      [1, 2, 3, 4, 5].map((n) => `${prefix}project-${n}`),
      'project',
      5,
    );
    const kafka = new CrashingKafka(ports, crashPoint);
    const doomed = relayWith({ producer: kafka.producer, admin: kafka.admin, batchSize: 10 });
    doomed.start();
    await expectEventually(() => expect(kafka.crashed).toBe(true));
    await stopRelay(doomed);
    const pendingCount = (await checkpointRow()).pending_count;

    const restarted = relayWith({ registry, batchSize: 10 });
    let drained = 0;
    await expectEventually(async () => {
      drained += await restarted.drain();
      const published = received.filter((p) => p.envelope.streamId.startsWith(prefix));
      expect(new Set(published.map((p) => p.envelope.id)).size).toBe(25);
    });
    const table = await tableEvents(prefix);
    return { kafka, pendingCount: pendingCount ?? 0, registry, drained, table, published: await settle(prefix) };
  }

  it('killed before the batch reached Kafka: the batch is sent again, nothing twice', async () => {
    const { kafka, pendingCount, published, table, drained } = await crashAndRestart('k1-', 'before-send');
    expect(kafka.landedInCrash).toEqual([]);
    expect(pendingCount).toBeGreaterThan(0);
    expect(drained).toBe(25 - kafka.sentBeforeCrash);
    expectExactlyOnce(published, table);
    expectOrdered(published, table);
  });

  it('killed after Kafka acknowledged, before the checkpoint: the batch is not sent again', async () => {
    const { kafka, pendingCount, published, table, drained } = await crashAndRestart('k2-', 'after-ack');
    expect(kafka.landedInCrash).toHaveLength(pendingCount);
    // The restarted relay sent only what had not reached Kafka.
    expect(drained).toBe(25 - kafka.sentBeforeCrash - pendingCount);
    expectExactlyOnce(published, table);
    expectOrdered(published, table);
    expect(logs).toContainEqual({
      level: 'log',
      entry: expect.objectContaining({ msg: 'outbox relay: the interrupted batch had reached Kafka' }),
    });
  });

  it('killed after part of the batch reached Kafka: every event arrives, only that part twice, and dedupe by id restores exactly once', async () => {
    const { kafka, pendingCount, published, table, registry, drained } = await crashAndRestart('k3-', 'part-sent');
    expect(kafka.landedInCrash.length).toBeGreaterThan(0);
    expect(kafka.landedInCrash.length).toBeLessThan(pendingCount);
    expect(drained).toBe(25 - kafka.sentBeforeCrash);

    const counts = new Map<string, number>();
    for (const p of published) counts.set(p.envelope.id, (counts.get(p.envelope.id) ?? 0) + 1);
    const twice = [...counts].filter(([, count]) => count > 1).map(([id]) => id);
    expect(twice.sort()).toEqual([...kafka.landedInCrash].sort());
    expect(Math.max(...counts.values())).toBe(2);

    // What a consumer that skips event ids it has seen applies: each event once, each stream in order.
    const seen = new Set<string>();
    const deduplicated = published.filter((p) => !seen.has(p.envelope.id) && seen.add(p.envelope.id));
    expectExactlyOnce(deduplicated, table);
    expectOrdered(deduplicated, table);
    expect(await metricValue(registry, 'pulse_outbox_relay_events_republished_total')).toBe(pendingCount);
    expect(logs).toContainEqual({ level: 'warn', entry: expect.objectContaining({ batch: pendingCount }) });
  });
});

describe('OutboxRelay and unmapped stream types', () => {
  it('stops at an event whose stream type has no topic instead of skipping it', async () => {
    await store.append('z-dashboard-1', 'dashboard', 'no-stream', [{ type: 'DashboardCreated', data: {} }], metadata);
    const before = await messagesOnTopics();
    const relay = relayWith();
    await expectEventually(() => expect(relay.drain()).rejects.toMatchObject({ code: 'UNMAPPED_STREAM_TYPE' }));
    expect(await messagesOnTopics()).toBe(before);
    expect((await checkpointRow()).pending_count).toBeNull();
  });
});
