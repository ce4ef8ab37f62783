import { Logger, type LoggerService } from '@nestjs/common';
import type { EventLogProducer, TopicAdmin } from '@pulse/kafka';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { schemaOf } from './event-store.repository';
import { EventStoreException } from './event-store.exception';
import { messagesByTopic } from './outbox-envelope';
import { OutboxRelayException } from './outbox-relay.exception';
import { OutboxRelayMetrics } from './outbox-relay.metrics';
import { assessPendingBatch, type PartitionEnd, type RelayCheckpoint, type RelayPosition } from './relay-checkpoint';
import { RelaySession, type RelayedEvent } from './relay-session';
import { RelayWakeup } from './relay-wakeup';

export interface OutboxRelayOptions {
  /** The data source of the event store: the relay opens its own connection to the same database and schema. */
  dataSource: DataSource;
  producer: EventLogProducer;
  /** Reads partition end offsets, to tell after a crash whether the batch in flight reached Kafka. */
  admin: Pick<TopicAdmin, 'fetchTopicOffsets'>;
  /** Stream type to topic, one topic per bounded context. Every stream type in the table must be here. */
  topics: Readonly<Record<string, string>>;
  /** Names the checkpoint row, the lock and the metrics' `relay` label; 'outbox' by default. */
  name?: string;
  /** Events per Kafka send; 200 by default. */
  batchSize?: number;
  /** The polling fallback behind LISTEN/NOTIFY, and how often a standby retries the lock; 1000 ms by default. */
  pollIntervalMs?: number;
  /** Upper bound of the back-off after a failure; 30 s by default. */
  maxBackoffMs?: number;
  registry?: Registry;
  logger?: LoggerService;
}

const FIRST_BACKOFF_MS = 250;

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Publishes the event store's committed events to Kafka, in relay order, never skipping one that
 * commits late, resuming from its checkpoint after a crash. At-least-once; without a crash, and
 * after a crash that left its batch wholly sent or wholly unsent, exactly once. See
 * docs/event-store.md for the argument.
 */
export class OutboxRelay {
  private readonly name: string;
  private readonly schema: string;
  private readonly url: string;
  private readonly applicationName: string;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly maxBackoffMs: number;
  private readonly metrics: OutboxRelayMetrics;
  private readonly logger: LoggerService;
  private wakeup = new RelayWakeup();
  private stopping = false;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: OutboxRelayOptions) {
    this.name = options.name ?? 'outbox';
    this.schema = schemaOf(options.dataSource);
    const dataSourceOptions = options.dataSource.options;
    if (dataSourceOptions.type !== 'postgres' || !dataSourceOptions.url) {
      throw new EventStoreException(
        'UNSUPPORTED_DATA_SOURCE',
        'the outbox relay needs a data source configured by url',
      );
    }
    this.url = dataSourceOptions.url;
    this.applicationName = `${dataSourceOptions.applicationName ?? 'pulse'}:outbox-relay`;
    this.batchSize = options.batchSize ?? 200;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.metrics = new OutboxRelayMetrics(options.registry ?? new Registry(), this.name);
    this.logger = options.logger ?? new Logger(OutboxRelay.name);
  }

  /** Starts publishing in the background. A second instance with the same name stands by until the first stops. */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.wakeup = new RelayWakeup();
    this.loop = this.run();
  }

  /** Finishes the batch in hand, records its checkpoint, and releases the lock. */
  async stop(): Promise<void> {
    if (!this.loop) return;
    this.stopping = true;
    this.wakeup.stop();
    await this.loop;
    this.loop = undefined;
    this.stopping = false;
  }

  /**
   * Publishes everything that is safe to publish now and returns how many events that was: for
   * tools and tests. Refused while the relay runs, or while another instance holds the lock.
   */
  async drain(): Promise<number> {
    if (this.loop) throw new OutboxRelayException('RELAY_RUNNING', `relay ${this.name} is running: stop it first`);
    const session = await this.openSession();
    try {
      if (!(await session.tryLock())) {
        throw new OutboxRelayException('RELAY_LOCKED', `another instance of relay ${this.name} holds its lock`);
      }
      return await this.publishAvailable(session);
    } finally {
      await session.close();
    }
  }

  private async run(): Promise<void> {
    let backoffMs = FIRST_BACKOFF_MS;
    while (!this.stopping) {
      try {
        await this.lead(() => (backoffMs = FIRST_BACKOFF_MS));
      } catch (error) {
        this.metrics.failed();
        this.logger.error({
          msg: 'outbox relay failed; retrying',
          relay: this.name,
          error: describe(error),
          backoffMs,
        });
        await this.wakeup.wait(backoffMs, { wakeOnNotify: false });
        backoffMs = Math.min(backoffMs * 2, this.maxBackoffMs);
      }
    }
  }

  /** One connection's life: wait for the lock, then publish until stopped or until something fails. */
  private async lead(onProgress: () => void): Promise<void> {
    const session = await this.openSession();
    try {
      while (!(await session.tryLock())) {
        if (this.stopping) return;
        await this.wakeup.wait(this.pollIntervalMs, { wakeOnNotify: false });
      }
      this.metrics.leader(true);
      while (!this.stopping) {
        await this.publishAvailable(session);
        onProgress();
        await this.wakeup.wait(this.pollIntervalMs);
      }
    } finally {
      this.metrics.leader(false);
      await session.close();
    }
  }

  private openSession(): Promise<RelaySession> {
    return RelaySession.open({
      url: this.url,
      schema: this.schema,
      relayName: this.name,
      applicationName: this.applicationName,
      onNotify: () => this.wakeup.notify(),
      onError: (error) => {
        this.logger.warn({ msg: 'outbox relay connection failed', relay: this.name, error: describe(error) });
        this.wakeup.notify();
      },
    });
  }

  private async publishAvailable(session: RelaySession): Promise<number> {
    let { position } = await this.recover(session, await session.loadCheckpoint());
    let published = 0;
    while (!this.stopping) {
      const batch = await session.nextBatch(position, this.batchSize);
      if (batch.length === 0) break;
      position = await this.publishBatch(session, batch);
      published += batch.length;
    }
    const lag = await session.lag(position);
    this.metrics.lag(lag.events, lag.seconds);
    return published;
  }

  private async publishBatch(session: RelaySession, batch: readonly RelayedEvent[]): Promise<RelayPosition> {
    const endTimer = this.metrics.startBatch();
    const last = batch[batch.length - 1];
    if (!last) throw new Error('an empty batch has nothing to publish');
    const byTopic = messagesByTopic(
      batch.map((relayed) => relayed.event),
      this.options.topics,
    );
    const offsetsBefore = await this.partitionEnds([...byTopic.keys()]);
    // Written before the send, so that a relay restarted after a crash knows what was in flight.
    await session.markPending({ until: last.position, count: batch.length, offsetsBefore });
    for (const [topic, messages] of byTopic) {
      await this.options.producer.send(topic, messages);
      this.metrics.published(topic, messages.length);
    }
    await session.advance(last.position);
    endTimer();
    return last.position;
  }

  private async recover(session: RelaySession, checkpoint: RelayCheckpoint): Promise<RelayCheckpoint> {
    const { pending } = checkpoint;
    if (!pending) return checkpoint;
    const topics = [...new Set(pending.offsetsBefore.map((end) => end.topic))];
    const fate = assessPendingBatch(pending, await this.partitionEnds(topics));
    if (fate.kind === 'all-landed') {
      await session.advance(pending.until);
      this.logger.log({ msg: 'outbox relay: the interrupted batch had reached Kafka', relay: this.name });
      return { position: pending.until, pending: undefined };
    }
    if (fate.kind === 'uncertain') {
      this.metrics.republished(pending.count);
      this.logger.warn({
        msg: 'outbox relay: part of the interrupted batch reached Kafka; sending it again (consumers dedupe by event id)',
        relay: this.name,
        batch: pending.count,
        appended: fate.appended.toString(),
      });
    }
    await session.forgetPending();
    return { position: checkpoint.position, pending: undefined };
  }

  private async partitionEnds(topics: readonly string[]): Promise<PartitionEnd[]> {
    const ends = await Promise.all(
      topics.map(async (topic) =>
        (await this.options.admin.fetchTopicOffsets(topic)).map((offsets) => ({
          topic,
          partition: offsets.partition,
          high: offsets.high,
        })),
      ),
    );
    return ends.flat();
  }
}
