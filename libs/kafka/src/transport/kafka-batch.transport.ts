import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import type { KafkaConfig } from '@pulse/config';
import { isObservable, lastValueFrom } from 'rxjs';
import { createKafkaPorts, type KafkaPorts } from '../kafka-ports.factory';
import { BATCH_HANDLER_EXTRA, KAFKA_BATCH_TRANSPORT } from './batch-event-pattern.decorator';
import { KafkaBatchConsumer, type KafkaBatchSettings } from './kafka-batch.consumer';
import type { KafkaBatch } from './kafka-batch.types';

export type KafkaBatchTransportOptions = KafkaBatchSettings & {
  kafka: KafkaConfig;
  /** Silences kafkajs's own log lines (tests that fail on purpose). */
  quiet?: boolean;
};

type TransportStatus = 'connected' | 'disconnected';

/**
 * Our Kafka transport for @nestjs/microservices (decision 2 of the brief): every topic with a
 * @BatchEventPattern handler is consumed in batches by a KafkaBatchConsumer, which does the work;
 * this class only finds the handlers and calls them.
 *
 *   app.connectMicroservice({ strategy: new KafkaBatchTransport({ kafka, groupId: 'projector' }) });
 */
export class KafkaBatchTransport
  extends Server<Record<string, never>, TransportStatus>
  implements CustomTransportStrategy
{
  override transportId = KAFKA_BATCH_TRANSPORT;
  // The handler's failure reaches the consumer, which logs and acts on it: Nest must not log it too.
  override readonly propagatesEventHandlerErrors = true;
  private ports: KafkaPorts | undefined;
  private consumer: KafkaBatchConsumer | undefined;

  constructor(private readonly options: KafkaBatchTransportOptions) {
    super();
  }

  listen(callback: (error?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  async close(): Promise<void> {
    const { consumer, ports } = this;
    this.consumer = undefined;
    this.ports = undefined;
    await consumer?.close();
    if (ports) await Promise.allSettled([ports.producer.disconnect(), ports.admin.disconnect()]);
    this._status$.next('disconnected');
  }

  /** The transport has no events of its own: its state shows in its metrics and logs. */
  on(): never {
    throw new Error('KafkaBatchTransport emits no events');
  }

  /** The consumer core, e.g. to read its partition assignment. */
  unwrap<T>(): T {
    if (!this.consumer) throw new Error('KafkaBatchTransport is not listening');
    return this.consumer as T;
  }

  private async start(): Promise<void> {
    const topics = [...this.getHandlers().entries()].map(([topic, handler]) => {
      if (handler.extras?.[BATCH_HANDLER_EXTRA] !== true) {
        throw new Error(
          `The handler of "${topic}" is not declared with @BatchEventPattern: a bare @EventPattern hides ` +
            'its errors from the transport. Handlers meant for another transport must name it.',
        );
      }
      return `${this.options.kafka.topicPrefix}${topic}`;
    });
    if (topics.length === 0) throw new Error('KafkaBatchTransport found no @BatchEventPattern handler');
    const { kafka, quiet, ...settings } = this.options;
    this.ports = createKafkaPorts(kafka, { quiet });
    this.consumer = new KafkaBatchConsumer(this.ports, {
      ...settings,
      topics,
      handleBatch: (batch) => this.dispatch(batch),
    });
    try {
      await this.consumer.start();
    } catch (error) {
      await this.close();
      throw error;
    }
    this._status$.next('connected');
  }

  private async dispatch(batch: KafkaBatch): Promise<void> {
    const handler = this.getHandlerByPattern(batch.topic.slice(this.options.kafka.topicPrefix.length));
    if (!handler) throw new Error(`no handler for topic ${batch.topic}`);
    const result: unknown = await handler(batch, batch.context);
    // A handler's error (through RethrowBatchErrorFilter) and an Observable result both arrive
    // as streams: waiting for the stream is waiting for the handler.
    if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
  }
}
