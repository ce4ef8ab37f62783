import { Registry } from 'prom-client';
import { InMemoryCheckpointStore, InMemoryLog } from '../../test/in-memory-log.fake';
import type { ConsumedMessage } from '../kafka.ports';
import { readDeadLetter } from './dead-letter.headers';
import { KafkaBatchConsumer, type KafkaBatchConsumerOptions } from './kafka-batch.consumer';
import type { KafkaBatch } from './kafka-batch.types';
import { TransientSinkException } from './transient-sink.exception';

const TOPIC = 'orders';
const DLQ = 'orders.dlq';
const GROUP = 'projector';
// Retries without waiting: the unit tests check what happens, never how long it takes.
const noWait = { initialDelayMs: 0, maxDelayMs: 0, jitter: 0 };

class UnparseableOrderException extends Error {
  readonly code = 'UNPARSEABLE_ORDER';
}

const consumers: KafkaBatchConsumer[] = [];

async function logWith(perPartition: number, partitions = 2): Promise<InMemoryLog> {
  const log = new InMemoryLog(10);
  await log.ensureTopics([{ name: TOPIC, partitions }]);
  for (let partition = 0; partition < partitions; partition += 1) {
    await log.send(
      TOPIC,
      Array.from({ length: perPartition }, (_, i) => ({
        key: `p${partition}-${i}`,
        value: `m-${partition}-${i}`,
        headers: { 'x-source': 'unit' },
      })),
    );
  }
  return log;
}

async function start(
  log: InMemoryLog,
  options: Partial<KafkaBatchConsumerOptions> & Pick<KafkaBatchConsumerOptions, 'handleBatch'>,
): Promise<KafkaBatchConsumer> {
  const consumer = new KafkaBatchConsumer({ consumers: log, producer: log, admin: log }, {
    groupId: GROUP,
    topics: [TOPIC],
    retry: { ...noWait, maxAttempts: 2 },
    logger: { log: () => undefined, warn: () => undefined, error: () => undefined },
    ...options,
  } as KafkaBatchConsumerOptions);
  consumers.push(consumer);
  await consumer.start();
  return consumer;
}

async function eventually(assertion: () => void): Promise<void> {
  for (let turn = 0; ; turn += 1) {
    try {
      assertion();
      return;
    } catch (error) {
      if (turn > 5_000) throw error;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

async function counter(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = await registry.getSingleMetric(name)?.get();
  return (metric?.values ?? [])
    .filter((value) => Object.entries(labels).every(([label, expected]) => value.labels[label] === expected))
    .reduce((sum, value) => sum + value.value, 0);
}

const valuesOf = (messages: readonly ConsumedMessage[]) => messages.map((message) => message.value?.toString());

afterEach(async () => {
  await Promise.all(consumers.splice(0).map((consumer) => consumer.close()));
});

describe('KafkaBatchConsumer', () => {
  it('hands every message over once, in order per partition, and commits past each batch', async () => {
    const log = await logWith(25);
    const applied: ConsumedMessage[] = [];
    await start(log, { handleBatch: async (batch) => void applied.push(...batch.messages) });

    await eventually(() => expect(applied).toHaveLength(50));
    for (const partition of [0, 1]) {
      expect(valuesOf(applied.filter((message) => message.partition === partition))).toEqual(
        Array.from({ length: 25 }, (_, i) => `m-${partition}-${i}`),
      );
    }
    expect(log.committed.get(`${GROUP}|${TOPIC}|0`)).toBe('25');
    expect(log.committed.get(`${GROUP}|${TOPIC}|1`)).toBe('25');
  });

  it('retries a failing batch, then dead-letters only the poison message and keeps the partition flowing', async () => {
    const log = await logWith(25, 1);
    const registry = new Registry();
    const applied: string[] = [];
    const calls: string[][] = [];
    await start(log, {
      registry,
      handleBatch: async (batch) => {
        const values = valuesOf(batch.messages).map(String);
        calls.push(values);
        if (values.includes('m-0-13')) throw new UnparseableOrderException('order 13 has no total');
        applied.push(...values);
      },
    });

    await eventually(() => expect(log.committed.get(`${GROUP}|${TOPIC}|0`)).toBe('25'));
    expect(applied).toEqual(Array.from({ length: 25 }, (_, i) => `m-0-${i}`).filter((value) => value !== 'm-0-13'));
    // Two deliveries of the whole batch 10-19 (maxAttempts 2), then bisection around offset 13.
    expect(calls.filter((values) => values[0] === 'm-0-10' && values.length === 10)).toHaveLength(2);

    const [letter, ...others] = log.messagesOf(DLQ);
    expect(others).toEqual([]);
    expect(letter?.key).toBe('p0-13');
    expect(letter?.value?.toString()).toBe('m-0-13');
    expect(readDeadLetter(letter as ConsumedMessage)).toMatchObject({
      errorMessage: 'order 13 has no total',
      errorClass: 'UnparseableOrderException',
      errorCode: 'UNPARSEABLE_ORDER',
      topic: TOPIC,
      partition: 0,
      offset: '13',
      consumerGroup: GROUP,
      headers: { 'x-source': 'unit' },
    });
    expect(await counter(registry, 'pulse_kafka_consumer_dead_letters_total')).toBe(1);
    expect(await counter(registry, 'pulse_kafka_consumer_retries_total', { reason: 'poison' })).toBe(1);
    expect(await counter(registry, 'pulse_kafka_consumer_messages_total')).toBe(24);
  });

  it('pauses and retries a batch while the sink is down, and never dead-letters it', async () => {
    const log = await logWith(5, 1);
    const registry = new Registry();
    const failures = [
      new TransientSinkException('sink overloaded', { retryAfterMs: 0 }),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      new Error('query failed', { cause: Object.assign(new Error('terminating connection'), { code: '57P01' }) }),
    ];
    const applied: string[] = [];
    await start(log, {
      registry,
      retry: { ...noWait, maxAttempts: 1 },
      handleBatch: async (batch) => {
        const failure = failures.shift();
        if (failure) throw failure;
        applied.push(...valuesOf(batch.messages).map(String));
      },
    });

    await eventually(() => expect(applied).toHaveLength(5));
    expect(log.topics.get(DLQ)?.flat()).toEqual([]);
    expect(log.pauses).toEqual([`${TOPIC}|0`, `${TOPIC}|0`, `${TOPIC}|0`]);
    expect(await counter(registry, 'pulse_kafka_consumer_retries_total', { reason: 'transient' })).toBe(3);
  });

  it('applies a backOff request after the batch commits', async () => {
    const log = await logWith(15, 1);
    const batches: KafkaBatch[] = [];
    await start(log, {
      handleBatch: async (batch) => {
        batches.push(batch);
        if (batches.length === 1) batch.context.backOff(1);
      },
    });

    await eventually(() => expect(log.committed.get(`${GROUP}|${TOPIC}|0`)).toBe('15'));
    expect(log.pauses).toEqual([`${TOPIC}|0`]);
    expect(batches.map((batch) => batch.messages.length)).toEqual([10, 5]);
  });

  describe("commit mode 'sink'", () => {
    it('resumes from the stored checkpoint, not from the group offsets, and hands the checkpoint over', async () => {
      const log = await logWith(25, 1);
      const store = new InMemoryCheckpointStore();
      store.offsets.set(`${GROUP}|${TOPIC}|0`, '7');
      const batches: KafkaBatch[] = [];
      await start(log, {
        commitMode: 'sink',
        checkpoints: store,
        handleBatch: async (batch) => {
          store.save(batch.checkpoint);
          batches.push(batch);
        },
      });

      await eventually(() => expect(store.offsets.get(`${GROUP}|${TOPIC}|0`)).toBe('25'));
      expect(batches.map((batch) => batch.checkpoint)).toEqual([
        { groupId: GROUP, topic: TOPIC, partition: 0, expectedOffset: '7', nextOffset: '17' },
        { groupId: GROUP, topic: TOPIC, partition: 0, expectedOffset: '17', nextOffset: '25' },
      ]);
      expect(batches[0]?.messages[0]?.offset).toBe('7');
    });

    it('moves the checkpoint past a dead letter', async () => {
      const log = await logWith(5, 1);
      const store = new InMemoryCheckpointStore();
      await start(log, {
        commitMode: 'sink',
        checkpoints: store,
        retry: { ...noWait, maxAttempts: 1 },
        handleBatch: async (batch) => {
          if (batch.messages.some((message) => message.offset === '4')) throw new Error('poison');
          store.save(batch.checkpoint);
        },
      });

      await eventually(() => expect(store.offsets.get(`${GROUP}|${TOPIC}|0`)).toBe('5'));
      expect(log.messagesOf(DLQ).map((message) => message.offset)).toHaveLength(1);
    });

    it('reloads the checkpoint when another member moved it, instead of dead-lettering', async () => {
      const log = await logWith(15, 1);
      const store = new InMemoryCheckpointStore();
      const seen: string[] = [];
      await start(log, {
        commitMode: 'sink',
        checkpoints: store,
        retry: { ...noWait, maxAttempts: 1 },
        handleBatch: async (batch) => {
          seen.push(...batch.messages.map((message) => message.offset));
          // Another member applied 0-9 while this one held the same batch.
          if (seen.length === 10) store.offsets.set(`${GROUP}|${TOPIC}|0`, '10');
          store.save(batch.checkpoint);
        },
      });

      await eventually(() => expect(store.offsets.get(`${GROUP}|${TOPIC}|0`)).toBe('15'));
      expect(seen).toEqual(Array.from({ length: 15 }, (_, i) => String(i)));
      expect(log.topics.get(DLQ)?.flat()).toEqual([]);
    });
  });

  it('close waits for the batch in hand, commits it and starts no other', async () => {
    const log = await logWith(25, 1);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const events: string[] = [];
    const consumer = await start(log, {
      handleBatch: async (batch) => {
        events.push(`started ${batch.messages[0]?.offset}`);
        await gate;
        events.push(`finished ${batch.messages[0]?.offset}`);
      },
    });
    await eventually(() => expect(events).toEqual(['started 0']));

    const closed = consumer.close().then(() => events.push('closed'));
    release();
    await closed;

    expect(events).toEqual(['started 0', 'finished 0', 'closed']);
    expect(log.committed.get(`${GROUP}|${TOPIC}|0`)).toBe('10');
  });
});
