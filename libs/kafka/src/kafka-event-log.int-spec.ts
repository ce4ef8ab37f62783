import { expectEventually, requireEngine, testEngines, testNamespace } from '@pulse/testing';
import type { Admin } from 'kafkajs';
import { createKafkaPorts, type KafkaPorts } from './kafka-ports.factory';
import type { ConsumedMessage, OutgoingMessage, RunningConsumer, SentRecord } from './kafka.ports';
import { createKafkajsClient } from './kafkajs/kafkajs-client.factory';

// Consumer group joins and rebalances take seconds, more than Jest's default 5 s on a busy machine.
jest.setTimeout(30_000);

const ns = testNamespace(__filename);
const ordersTopic = ns.topic('orders');
const retryTopic = ns.topic('retry');
const KEYS = 10;
const PER_KEY = 30;
const TOTAL = KEYS * PER_KEY;

const ordersGroup = ns.consumerGroup('orders');
const retryGroup = ns.consumerGroup('retry');
const running = new Set<RunningConsumer>();

interface Payload {
  key: string;
  seq: number;
}

function payloadOf(message: ConsumedMessage): Payload {
  const parsed: unknown = JSON.parse(message.value?.toString('utf8') ?? 'null');
  if (typeof parsed !== 'object' || parsed === null || !('key' in parsed) || !('seq' in parsed)) {
    throw new Error(`unexpected payload at ${message.partition}/${message.offset}`);
  }
  const { key, seq } = parsed;
  if (typeof key !== 'string' || typeof seq !== 'number') throw new Error('payload has the wrong types');
  return { key, seq };
}

/** Runs a consumer that records what it got; the handler may throw to refuse a batch. */
async function collect(
  ports: KafkaPorts,
  group: string,
  topic: string,
  onBatch: (messages: readonly ConsumedMessage[]) => void = () => undefined,
): Promise<{ received: ConsumedMessage[]; consumer: RunningConsumer }> {
  const received: ConsumedMessage[] = [];
  const consumer = await ports.consumers.run({
    groupId: group,
    topics: [topic],
    fromBeginning: true,
    handleBatch: async (batch) => {
      onBatch(batch.messages);
      received.push(...batch.messages);
    },
  });
  running.add(consumer);
  return { received, consumer };
}

async function stop(consumer: RunningConsumer): Promise<void> {
  await consumer.stop();
  running.delete(consumer);
}

let ports: KafkaPorts;
// The refusing handler makes kafkajs log the error it retries; that noise is expected here.
let quietPorts: KafkaPorts;
// Reads the group's committed offsets straight from the broker, which the ports do not expose.
let inspector: Admin;

beforeAll(async () => {
  await requireEngine('kafka');
  ports = createKafkaPorts(testEngines.kafka);
  quietPorts = createKafkaPorts(testEngines.kafka, { quiet: true });
  inspector = createKafkajsClient(testEngines.kafka, { quiet: true }).admin();
  await inspector.connect();
});

afterAll(async () => {
  // Each stop waits out the consumer's fetch long-poll (5 s), so stop them together.
  await Promise.allSettled([...running].map((consumer) => consumer.stop()));
  // Groups first: once a topic it has read is gone, the inspector's metadata refresh fails.
  await inspector?.deleteGroups([ordersGroup, retryGroup]).catch(() => undefined);
  await ports?.admin.deleteTopics([ordersTopic, retryTopic]).catch(() => undefined);
  await Promise.allSettled([
    inspector?.disconnect(),
    ports?.producer.disconnect(),
    ports?.admin.disconnect(),
    quietPorts?.producer.disconnect(),
    quietPorts?.admin.disconnect(),
  ]);
});

describe('Kafka event log (kafkajs ports)', () => {
  it('ensureTopics creates a 3-partition topic and is idempotent', async () => {
    await ports.admin.ensureTopics([{ name: ordersTopic, partitions: 3 }]);
    // A second call must not fail on the existing topic nor change it.
    await ports.admin.ensureTopics([{ name: ordersTopic, partitions: 3 }]);

    expect(await ports.admin.listTopics()).toContain(ordersTopic);
    const offsets = await ports.admin.fetchTopicOffsets(ordersTopic);
    expect(offsets.map((offset) => offset.partition)).toEqual([0, 1, 2]);
    expect(offsets.every((offset) => offset.high === '0')).toBe(true);
  });

  it('acknowledges 300 keyed messages with partitions and offsets', async () => {
    const messages: OutgoingMessage[] = [];
    for (let i = 0; i < TOTAL; i += 1) {
      const key = `customer-${i % KEYS}`;
      const seq = Math.floor(i / KEYS);
      messages.push({
        key,
        value: JSON.stringify({ key, seq }),
        headers: { 'x-seq': String(seq), 'x-source': 'int-test' },
      });
    }

    const acknowledged: SentRecord[] = [];
    // Several sends, so each partition gets several acknowledgements with increasing offsets.
    for (let start = 0; start < TOTAL; start += 50) {
      acknowledged.push(...(await ports.producer.send(ordersTopic, messages.slice(start, start + 50))));
    }

    expect(acknowledged.length).toBeGreaterThanOrEqual(6);
    for (const record of acknowledged) {
      expect(record.topic).toBe(ordersTopic);
      expect([0, 1, 2]).toContain(record.partition);
      expect(Number(record.baseOffset)).toBeGreaterThanOrEqual(0);
    }
    for (const partition of [0, 1, 2]) {
      const bases = acknowledged
        .filter((record) => record.partition === partition)
        .map((record) => Number(record.baseOffset));
      expect(bases).toEqual([...bases].sort((a, b) => a - b));
      expect(new Set(bases).size).toBe(bases.length);
    }
  });

  it('fetchTopicOffsets reports the 300 messages across partitions', async () => {
    const offsets = await ports.admin.fetchTopicOffsets(ordersTopic);
    expect(offsets.reduce((sum, offset) => sum + Number(offset.high), 0)).toBe(TOTAL);
    expect(offsets.every((offset) => offset.low === '0')).toBe(true);
    // Ten keys should not all hash to one partition.
    expect(offsets.filter((offset) => Number(offset.high) > 0).length).toBeGreaterThan(1);
  });

  it('a batch consumer receives every message exactly once, in order per key, with headers', async () => {
    const { received, consumer } = await collect(ports, ordersGroup, ordersTopic);
    await expectEventually(() => expect(received.length).toBeGreaterThanOrEqual(TOTAL), { timeoutMs: 30_000 });
    await stop(consumer);

    // Stopping waits for the batch in flight, so nothing more can arrive: exactly once.
    expect(received).toHaveLength(TOTAL);
    expect(new Set(received.map((message) => `${message.partition}/${message.offset}`)).size).toBe(TOTAL);

    const byKey = new Map<string, ConsumedMessage[]>();
    for (const message of received) {
      const payload = payloadOf(message);
      expect(message.key).toBe(payload.key);
      expect(message.headers).toEqual({ 'x-seq': String(payload.seq), 'x-source': 'int-test' });
      expect(message.topic).toBe(ordersTopic);
      byKey.set(payload.key, [...(byKey.get(payload.key) ?? []), message]);
    }
    expect(byKey.size).toBe(KEYS);
    for (const messages of byKey.values()) {
      expect(new Set(messages.map((message) => message.partition)).size).toBe(1);
      expect(messages.map((message) => payloadOf(message).seq)).toEqual(
        Array.from({ length: PER_KEY }, (_, seq) => seq),
      );
    }
  });

  it('a new consumer in the same group resumes after the committed offsets', async () => {
    const { received } = await collect(ports, ordersGroup, ordersTopic);

    // New messages on every partition: any uncommitted old message precedes them in its partition.
    const fresh: OutgoingMessage[] = Array.from({ length: 12 }, (_, i) => ({
      key: `late-${i}`,
      value: JSON.stringify({ key: `late-${i}`, seq: 0 }),
    }));
    const acknowledged = await ports.producer.send(ordersTopic, fresh);
    expect(new Set(acknowledged.map((record) => record.partition))).toEqual(new Set([0, 1, 2]));

    await expectEventually(() =>
      expect(received.filter((message) => message.key?.startsWith('late-'))).toHaveLength(12),
    );
    const old = received.filter((message) => !message.key?.startsWith('late-'));
    expect(old.length).toBe(0);
    expect(received.map((message) => message.key).sort()).toEqual(fresh.map((message) => message.key).sort());
  });

  it('redelivers a batch whose handler threw, and commits it once handled', async () => {
    await quietPorts.admin.ensureTopics([{ name: retryTopic, partitions: 1 }]);
    const sent = Array.from({ length: 5 }, (_, seq) => ({
      key: 'order-1',
      value: JSON.stringify({ key: 'order-1', seq }),
    }));
    await quietPorts.producer.send(retryTopic, sent);

    const deliveries = new Map<string, number>();
    let refused = false;
    const { received } = await collect(quietPorts, retryGroup, retryTopic, (messages) => {
      for (const message of messages) deliveries.set(message.offset, (deliveries.get(message.offset) ?? 0) + 1);
      if (!refused) {
        refused = true;
        throw new Error('refusing the first delivery');
      }
    });

    // `received` only holds batches the handler accepted.
    await expectEventually(() => expect(received).toHaveLength(5));
    expect(refused).toBe(true);
    expect(received.map((message) => payloadOf(message).seq)).toEqual([0, 1, 2, 3, 4]);
    expect(deliveries.get('0')).toBe(2);

    // The broker holds the group's commit: the next offset after the accepted redelivery.
    await expectEventually(async () => {
      const [committed] = await inspector.fetchOffsets({ groupId: retryGroup, topics: [retryTopic] });
      expect(committed?.partitions).toEqual([expect.objectContaining({ partition: 0, offset: '5' })]);
    });
  });
});
