import { Controller, type INestMicroservice } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { expectEventually, requireEngine, testEngines, testNamespace } from '@pulse/testing';
import type { Admin } from 'kafkajs';
import { Registry } from 'prom-client';
import { createKafkaPorts, type KafkaPorts } from '../kafka-ports.factory';
import type { ConsumedMessage, RunningConsumer } from '../kafka.ports';
import { createKafkajsClient } from '../kafkajs/kafkajs-client.factory';
import { BatchEventPattern } from './batch-event-pattern.decorator';
import { readDeadLetter } from './dead-letter.headers';
import { KafkaBatchTransport } from './kafka-batch.transport';
import type { KafkaBatch, KafkaBatchContext } from './kafka-batch.types';
import { TransientSinkException } from './transient-sink.exception';

// Group joins and a few backoffs, on two busy cores.
jest.setTimeout(30_000);

const ns = testNamespace(__filename);
const orders = ns.topic('orders');
const payments = ns.topic('payments');
const group = ns.consumerGroup('projector');
const dlqReader = ns.consumerGroup('dlq-reader');

class UnparseableOrderException extends Error {
  readonly code = 'UNPARSEABLE_ORDER';
}

/** What the handlers below applied, by topic, and what they were handed. */
const applied = new Map<string, string[]>();
const contexts: KafkaBatchContext[] = [];
let paymentFailuresLeft = 2;

function record(batch: KafkaBatch): void {
  applied.set(batch.topic, [...(applied.get(batch.topic) ?? []), ...batch.messages.map((m) => String(m.value))]);
}

@Controller()
class ProjectionController {
  @BatchEventPattern(orders)
  async onOrders(@Payload() batch: KafkaBatch, @Ctx() context: KafkaBatchContext): Promise<void> {
    contexts.push(context);
    const poison = batch.messages.find((message) => message.value?.toString() === 'not json');
    if (poison) throw new UnparseableOrderException(`order at offset ${poison.offset} is not JSON`);
    record(batch);
  }

  @BatchEventPattern(payments)
  async onPayments(batch: KafkaBatch): Promise<void> {
    if (paymentFailuresLeft > 0) {
      paymentFailuresLeft -= 1;
      throw new TransientSinkException('payments table is locked for maintenance', { retryAfterMs: 50 });
    }
    record(batch);
  }
}

@Controller()
class BareEventPatternController {
  @EventPattern<string>(orders)
  async onOrders(): Promise<void> {}
}

let ports: KafkaPorts;
let inspector: Admin;
let app: INestMicroservice | undefined;
let dlqConsumer: RunningConsumer | undefined;
const registry = new Registry();

async function startMicroservice(controller: new () => object): Promise<INestMicroservice> {
  const moduleRef = await Test.createTestingModule({ controllers: [controller] }).compile();
  const microservice = moduleRef.createNestMicroservice({
    logger: false,
    strategy: new KafkaBatchTransport({
      kafka: testEngines.kafka,
      quiet: true,
      groupId: group,
      registry,
      retry: { maxAttempts: 2, initialDelayMs: 50, maxDelayMs: 200 },
      heartbeatIntervalMs: 500,
    }),
  });
  try {
    await microservice.listen();
  } catch (error) {
    await microservice.close();
    throw error;
  }
  return microservice;
}

async function metric(name: string, labels: Record<string, string>): Promise<number | undefined> {
  const values = (await registry.getSingleMetric(name)?.get())?.values ?? [];
  return values.find((value) => Object.entries(labels).every(([label, v]) => value.labels[label] === v))?.value;
}

beforeAll(async () => {
  await requireEngine('kafka');
  ports = createKafkaPorts(testEngines.kafka, { quiet: true });
  inspector = createKafkajsClient(testEngines.kafka, { quiet: true }).admin();
  await inspector.connect();
  await ports.admin.ensureTopics([
    { name: orders, partitions: 1 },
    { name: payments, partitions: 1 },
  ]);
});

afterAll(async () => {
  await Promise.allSettled([app?.close(), dlqConsumer?.stop()]);
  await inspector?.deleteGroups([group, dlqReader]).catch(() => undefined);
  await ports?.admin.deleteTopics([orders, payments, `${orders}.dlq`, `${payments}.dlq`]).catch(() => undefined);
  await Promise.allSettled([inspector?.disconnect(), ports?.producer.disconnect(), ports?.admin.disconnect()]);
});

describe('KafkaBatchTransport (Nest microservice)', () => {
  it('refuses a handler declared with a bare @EventPattern', async () => {
    await expect(startMicroservice(BareEventPatternController)).rejects.toThrow(/not declared with @BatchEventPattern/);
  });

  it('sends a poison message to the dead-letter topic with its error and origin, and keeps the partition flowing', async () => {
    const values = ['o-0', 'o-1', 'o-2', 'not json', 'o-4', 'o-5', 'o-6'];
    const sent = await ports.producer.send(
      orders,
      values.map((value, i) => ({ key: `order-${i}`, value, headers: { 'event-id': `e-${i}` } })),
    );
    app = await startMicroservice(ProjectionController);

    await expectEventually(() => expect(applied.get(orders)).toEqual(['o-0', 'o-1', 'o-2', 'o-4', 'o-5', 'o-6']));
    // @Ctx() is the batch's context, with the heartbeat for long batches.
    expect(contexts[0]).toEqual(
      expect.objectContaining({ heartbeat: expect.any(Function), backOff: expect.any(Function) }),
    );

    const letters: ConsumedMessage[] = [];
    dlqConsumer = await ports.consumers.run({
      groupId: dlqReader,
      topics: [`${orders}.dlq`],
      handleBatch: async (batch) => void letters.push(...batch.messages),
    });
    await expectEventually(() => expect(letters).toHaveLength(1));
    const [letter] = letters as [ConsumedMessage];
    const poisonOffset = String(Number(sent[0]?.baseOffset) + 3);
    expect(letter.key).toBe('order-3');
    expect(letter.value?.toString()).toBe('not json');
    expect(readDeadLetter(letter)).toEqual({
      errorMessage: `order at offset ${poisonOffset} is not JSON`,
      errorClass: 'UnparseableOrderException',
      errorCode: 'UNPARSEABLE_ORDER',
      topic: orders,
      partition: 0,
      offset: poisonOffset,
      timestamp: expect.any(Number),
      consumerGroup: group,
      failedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      headers: { 'event-id': 'e-3' },
    });

    await expectEventually(async () => {
      const [committed] = await inspector.fetchOffsets({ groupId: group, topics: [orders] });
      expect(committed?.partitions).toEqual([expect.objectContaining({ partition: 0, offset: '7' })]);
    });
    expect(await metric('pulse_kafka_consumer_dead_letters_total', { topic: orders })).toBe(1);
    expect(await metric('pulse_kafka_consumer_retries_total', { topic: orders, reason: 'poison' })).toBe(1);
    expect(await metric('pulse_kafka_consumer_lag', { topic: orders, partition: '0' })).toBe(0);
    expect(await metric('pulse_kafka_consumer_messages_total', { topic: orders })).toBe(6);
  });

  it('pauses and retries a batch whose sink is unavailable, and never dead-letters it', async () => {
    await ports.producer.send(
      payments,
      ['p-0', 'p-1', 'p-2'].map((value) => ({ key: 'payment', value })),
    );

    await expectEventually(() => expect(applied.get(payments)).toEqual(['p-0', 'p-1', 'p-2']));
    expect(paymentFailuresLeft).toBe(0);
    expect(await metric('pulse_kafka_consumer_retries_total', { topic: payments, reason: 'transient' })).toBe(2);
    expect(await metric('pulse_kafka_consumer_dead_letters_total', { topic: payments })).toBeUndefined();
    const [deadLetters] = await ports.admin.fetchTopicOffsets(`${payments}.dlq`);
    expect(deadLetters?.high).toBe('0');
  });
});
