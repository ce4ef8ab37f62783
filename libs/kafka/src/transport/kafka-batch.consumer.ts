import { Logger, type LoggerService } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { KafkaPorts } from '../kafka-ports.factory';
import type {
  BatchControl,
  BatchProgress,
  ConsumedBatch,
  ConsumedMessage,
  RunningConsumer,
  TopicPartitions,
} from '../kafka.ports';
import type { CheckpointStore } from './checkpoint-store.port';
import { KafkaConsumerMetrics, type RetryReason } from './consumer.metrics';
import { deadLetterOf } from './dead-letter.headers';
import { classifyFailure, retryAfterOf, type FailureKind } from './failure-classifier';
import type { KafkaBatch, KafkaBatchHandler } from './kafka-batch.types';
import { isolatePoison } from './poison-isolation';
import { RetryPolicy, type RetryOptions } from './retry.policy';

/**
 * - kafka: offsets are committed to the group once the handler resolved. At-least-once: a crash
 *   between the sink's commit and Kafka's replays the batch, so the sink must be idempotent.
 * - sink: the handler saves `batch.checkpoint` in its own transaction; the transport reads it
 *   back before consuming a partition and seeks there. Exactly-once effect on PostgreSQL.
 */
export type CommitSettings = { commitMode?: 'kafka' } | { commitMode: 'sink'; checkpoints: CheckpointStore };

export interface DeadLetterSettings {
  /** The dead-letter topic of a source topic; `<topic>.dlq` by default. */
  topicOf?(topic: string): string;
  /** Partitions of dead-letter topics the transport creates; 1 by default. */
  partitions?: number;
}

export type KafkaBatchSettings = CommitSettings & {
  groupId: string;
  /** Where a group without committed offsets starts; true (the log is replayed) by default. */
  fromBeginning?: boolean;
  retry?: Partial<RetryOptions>;
  deadLetter?: DeadLetterSettings;
  /** Marks more errors as transient than the built-in rules (see failure-classifier). */
  isTransient?(error: unknown): boolean;
  /** Where the `pulse_kafka_consumer_*` metrics go; a private registry when omitted. */
  registry?: Registry;
  /** close() waits this long for the batch in hand before it gives up (ms); 20 s by default. */
  shutdownTimeoutMs?: number;
  maxWaitTimeMs?: number;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  maxBytesPerPartition?: number;
  partitionsConsumedConcurrently?: number;
  logger?: LoggerService;
};

export type KafkaBatchConsumerOptions = KafkaBatchSettings & {
  topics: readonly string[];
  handleBatch: KafkaBatchHandler;
};

/** What one member knows about one of its partitions, for the current assignment. */
interface PartitionState {
  readonly topic: string;
  readonly partition: number;
  /** The next offset in the checkpoint store, as far as this member knows. */
  stored: string | null;
  /** Whether `stored` was read from the store since the partition was assigned. */
  loaded: boolean;
  /** Poison failures of the batch starting at `failingOffset`. */
  failures: number;
  failingOffset: string | null;
  transientFailures: number;
  backOffMs: number;
}

const NOTHING_DONE: BatchProgress = { nextOffset: null };
const DEFAULT_HEARTBEAT_INTERVAL_MS = 3_000;

function offsetAfter(message: ConsumedMessage): string {
  return (BigInt(message.offset) + 1n).toString();
}

function keyOf({ topic, partition }: { topic: string; partition: number }): string {
  return `${topic}|${partition}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * The transport's core, without Nest: batches from the port go to one handler, failures are
 * retried with backoff or isolated and dead-lettered, transient failures pause the partition,
 * and offsets move only once the sink has what they cover. Usable from scripts and tests;
 * KafkaBatchTransport adapts it to @nestjs/microservices.
 */
export class KafkaBatchConsumer {
  private readonly logger: LoggerService;
  private readonly metrics: KafkaConsumerMetrics;
  private readonly retry: RetryPolicy;
  private readonly checkpoints: CheckpointStore | null;
  private readonly partitions = new Map<string, PartitionState>();
  private readonly resumeTimers = new Map<string, NodeJS.Timeout>();
  private assigned: readonly TopicPartitions[] = [];
  private running: RunningConsumer | undefined;
  private closing = false;

  constructor(
    private readonly ports: Pick<KafkaPorts, 'consumers' | 'producer' | 'admin'>,
    private readonly options: KafkaBatchConsumerOptions,
  ) {
    this.logger = options.logger ?? new Logger(KafkaBatchConsumer.name);
    this.metrics = KafkaConsumerMetrics.of(options.registry ?? new Registry());
    this.retry = new RetryPolicy(options.retry);
    this.checkpoints = options.commitMode === 'sink' ? options.checkpoints : null;
  }

  get groupId(): string {
    return this.options.groupId;
  }

  /** Creates the dead-letter topics, joins the group and starts consuming. */
  async start(): Promise<void> {
    if (this.running || this.closing) throw new Error(`consumer ${this.groupId} was already started`);
    const { topics } = this.options;
    await this.ports.admin.ensureTopics(
      topics.map((topic) => ({
        name: this.deadLetterTopicOf(topic),
        partitions: this.options.deadLetter?.partitions ?? 1,
      })),
    );
    this.running = await this.ports.consumers.run({
      groupId: this.groupId,
      topics,
      fromBeginning: this.options.fromBeginning ?? true,
      maxWaitTimeMs: this.options.maxWaitTimeMs,
      sessionTimeoutMs: this.options.sessionTimeoutMs,
      heartbeatIntervalMs: this.options.heartbeatIntervalMs,
      maxBytesPerPartition: this.options.maxBytesPerPartition,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently,
      handleBatch: (batch, control) => this.onBatch(batch, control),
      onAssignment: (assignment) => this.onAssignment(assignment),
      onCrash: (error, restarting) =>
        this.logger.error({ msg: 'Kafka consumer crashed', groupId: this.groupId, restarting, error: describe(error) }),
    });
  }

  /**
   * Stops fetching, lets the batch in hand finish and commit, then leaves the group. Bounded by
   * shutdownTimeoutMs: a handler stuck past it is abandoned, and its batch is redelivered.
   */
  async close(): Promise<void> {
    this.closing = true;
    for (const timer of this.resumeTimers.values()) clearTimeout(timer);
    this.resumeTimers.clear();
    const running = this.running;
    this.running = undefined;
    if (!running) return;
    let timer: NodeJS.Timeout | undefined;
    const timeoutMs = this.options.shutdownTimeoutMs ?? 20_000;
    const timedOut = new Promise<'timed-out'>((resolve) => (timer = setTimeout(() => resolve('timed-out'), timeoutMs)));
    const outcome = await Promise.race([running.stop().then(() => 'stopped' as const), timedOut]);
    clearTimeout(timer);
    if (outcome === 'timed-out') {
      this.logger.warn({
        msg: 'the batch in hand did not finish in time; leaving it',
        groupId: this.groupId,
        timeoutMs,
      });
    }
  }

  /** The partitions this member holds since its last join. */
  assignment(): readonly TopicPartitions[] {
    return this.assigned;
  }

  private deadLetterTopicOf(topic: string): string {
    return this.options.deadLetter?.topicOf?.(topic) ?? `${topic}.dlq`;
  }

  private onAssignment(assignment: readonly TopicPartitions[]): void {
    const held = new Set(
      assignment.flatMap(({ topic, partitions }) => partitions.map((partition) => keyOf({ topic, partition }))),
    );
    const revoked = this.assigned.map(({ topic, partitions }) => ({
      topic,
      partitions: partitions.filter((partition) => !held.has(keyOf({ topic, partition }))),
    }));
    this.metrics.forgetLag(this.groupId, revoked);
    this.assigned = assignment;
    // Another member may have applied any of these partitions since this one last held them:
    // checkpoints are read again, and failure counts start over.
    this.partitions.clear();
  }

  private stateOf(topic: string, partition: number): PartitionState {
    const key = keyOf({ topic, partition });
    let state = this.partitions.get(key);
    if (!state) {
      state = {
        topic,
        partition,
        stored: null,
        loaded: false,
        failures: 0,
        failingOffset: null,
        transientFailures: 0,
        backOffMs: 0,
      };
      this.partitions.set(key, state);
    }
    return state;
  }

  private async onBatch(batch: ConsumedBatch, control: BatchControl): Promise<void | BatchProgress> {
    if (this.closing) return NOTHING_DONE;
    const state = this.stateOf(batch.topic, batch.partition);
    const messages = this.checkpoints ? await this.position(this.checkpoints, state, batch, control) : batch.messages;
    if (messages === null) return NOTHING_DONE;
    // Everything in it was applied before (the group's offsets lag the sink's): move past it.
    if (messages.length === 0) return;

    this.metrics.batchSize.observe(this.labels(batch), messages.length);
    const heartbeats = setInterval(() => void this.heartbeat(control), this.heartbeatIntervalMs());
    try {
      const progress = await this.process(state, batch, messages, control);
      // A retry's pause, already set, outranks a backOff asked for before the failure.
      if (state.backOffMs > 0 && !this.resumeTimers.has(keyOf(state))) this.pauseFor(state, control, state.backOffMs);
      state.backOffMs = 0;
      const next = progress ? progress.nextOffset : offsetAfter(messages[messages.length - 1] as ConsumedMessage);
      this.reportLag(batch, next ?? (messages[0] as ConsumedMessage).offset);
      return progress;
    } finally {
      clearInterval(heartbeats);
    }
  }

  /**
   * In sink mode, the checkpoint store decides where a partition resumes. On the first batch
   * after an assignment its checkpoint is read; a batch that does not start there is dropped
   * and the partition sought to it (once: a compacted or truncated log may legitimately start
   * later). Messages before the checkpoint were applied already and are filtered out.
   */
  private async position(
    checkpoints: CheckpointStore,
    state: PartitionState,
    batch: ConsumedBatch,
    control: BatchControl,
  ): Promise<readonly ConsumedMessage[] | null> {
    if (!state.loaded) {
      try {
        const stored = await checkpoints.load(this.groupId, batch.topic, [batch.partition]);
        state.stored = stored.get(batch.partition) ?? null;
        state.loaded = true;
      } catch (error) {
        this.retryLater(state, control, error, 'transient');
        return null;
      }
      const first = (batch.messages[0] as ConsumedMessage).offset;
      if (state.stored !== null && BigInt(state.stored) !== BigInt(first)) {
        this.logger.log({
          msg: 'resuming from the sink checkpoint',
          groupId: this.groupId,
          topic: batch.topic,
          partition: batch.partition,
          fetchedFrom: first,
          checkpoint: state.stored,
        });
        control.seek(state.stored);
        return null;
      }
    }
    const stored = state.stored;
    return stored === null
      ? batch.messages
      : batch.messages.filter((message) => BigInt(message.offset) >= BigInt(stored));
  }

  private async process(
    state: PartitionState,
    batch: ConsumedBatch,
    messages: readonly ConsumedMessage[],
    control: BatchControl,
  ): Promise<void | BatchProgress> {
    try {
      await this.apply(state, batch, messages, control);
      state.failures = 0;
      state.failingOffset = null;
      state.transientFailures = 0;
      return;
    } catch (error) {
      const kind = this.classify(error);
      if (kind === 'stale') return this.reload(state, error);
      if (kind === 'transient') return this.retryLater(state, control, error, 'transient');

      const first = (messages[0] as ConsumedMessage).offset;
      state.failures = state.failingOffset === first ? state.failures + 1 : 1;
      state.failingOffset = first;
      if (!this.retry.exhausted(state.failures)) return this.retryLater(state, control, error, 'poison');
      state.failures = 0;
      state.failingOffset = null;
      if (this.closing) return NOTHING_DONE;
      return this.isolate(state, batch, messages, control, error);
    }
  }

  private async isolate(
    state: PartitionState,
    batch: ConsumedBatch,
    messages: readonly ConsumedMessage[],
    control: BatchControl,
    error: unknown,
  ): Promise<void | BatchProgress> {
    this.logger.warn({
      msg: 'batch still failing after its retries: isolating the poison',
      groupId: this.groupId,
      topic: batch.topic,
      partition: batch.partition,
      fromOffset: (messages[0] as ConsumedMessage).offset,
      messages: messages.length,
      error: describe(error),
    });
    const result = await isolatePoison(messages, error, {
      run: (part) => this.apply(state, batch, part, control),
      classify: (failure) => this.classify(failure),
      deadLetter: (message, failure) => this.deadLetter(state, message, failure),
      stopping: () => this.closing,
    });
    if (!result.stop) return;
    const settled = messages[result.settled - 1];
    const progress: BatchProgress = { nextOffset: settled ? offsetAfter(settled) : null };
    if (result.stop.kind === 'transient') this.retryLater(state, control, result.stop.error, 'transient');
    if (result.stop.kind === 'stale') this.reload(state, result.stop.error);
    return progress;
  }

  /** One handler call; in sink mode a success means the sink stored `checkpoint`. */
  private async apply(
    state: PartitionState,
    batch: ConsumedBatch,
    messages: readonly ConsumedMessage[],
    control: BatchControl,
  ): Promise<void> {
    const labels = this.labels(batch);
    const kafkaBatch: KafkaBatch = {
      topic: batch.topic,
      partition: batch.partition,
      highWatermark: batch.highWatermark,
      messages,
      checkpoint: {
        groupId: this.groupId,
        topic: batch.topic,
        partition: batch.partition,
        expectedOffset: state.stored,
        nextOffset: offsetAfter(messages[messages.length - 1] as ConsumedMessage),
      },
      context: {
        heartbeat: () => this.heartbeat(control),
        backOff: (ms) => {
          state.backOffMs = Math.max(state.backOffMs, ms);
        },
      },
    };
    const stopTimer = this.metrics.handlerDuration.startTimer(labels);
    try {
      await this.options.handleBatch(kafkaBatch);
    } catch (error) {
      stopTimer({ outcome: this.classify(error) });
      throw error;
    }
    stopTimer({ outcome: 'ok' });
    state.stored = kafkaBatch.checkpoint.nextOffset;
    this.metrics.messages.inc(labels, messages.length);
  }

  private async deadLetter(state: PartitionState, message: ConsumedMessage, error: unknown): Promise<void> {
    const topic = this.deadLetterTopicOf(message.topic);
    await this.ports.producer.send(topic, [deadLetterOf(message, error, this.groupId, new Date())]);
    const nextOffset = offsetAfter(message);
    // The sink never saw this message, so its checkpoint has to be moved past it here; a crash
    // between the send and this line sends the dead letter again (at least once).
    await this.checkpoints?.advance({
      groupId: this.groupId,
      topic: message.topic,
      partition: message.partition,
      expectedOffset: state.stored,
      nextOffset,
    });
    state.stored = nextOffset;
    this.metrics.deadLetters.inc(this.labels(message));
    this.logger.error({
      msg: 'poison message sent to the dead-letter topic',
      groupId: this.groupId,
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      deadLetterTopic: topic,
      error: describe(error),
    });
  }

  /** Pauses the partition and lets the same messages come again after a backoff. */
  private retryLater(state: PartitionState, control: BatchControl, error: unknown, reason: RetryReason): BatchProgress {
    const delayMs =
      reason === 'transient'
        ? (retryAfterOf(error) ?? this.retry.delayMs((state.transientFailures += 1)))
        : this.retry.delayMs(state.failures);
    this.metrics.retries.inc({ consumer_group: this.groupId, topic: state.topic, reason });
    this.logger.warn({
      msg: reason === 'transient' ? 'sink unavailable: pausing the partition' : 'batch failed: retrying it',
      groupId: this.groupId,
      topic: state.topic,
      partition: state.partition,
      attempt: reason === 'transient' ? state.transientFailures : state.failures,
      delayMs,
      error: describe(error),
    });
    this.pauseFor(state, control, delayMs);
    return NOTHING_DONE;
  }

  /** Someone else moved the checkpoint: read it again before the next batch of this partition. */
  private reload(state: PartitionState, error: unknown): BatchProgress {
    this.logger.warn({
      msg: 'checkpoint moved under this member: reloading it',
      groupId: this.groupId,
      topic: state.topic,
      partition: state.partition,
      error: describe(error),
    });
    state.loaded = false;
    return NOTHING_DONE;
  }

  private pauseFor(state: PartitionState, control: BatchControl, ms: number): void {
    if (this.closing) return;
    const key = keyOf(state);
    clearTimeout(this.resumeTimers.get(key));
    const resume = control.pause();
    this.resumeTimers.set(
      key,
      setTimeout(() => {
        this.resumeTimers.delete(key);
        resume();
      }, ms),
    );
  }

  private async heartbeat(control: BatchControl): Promise<void> {
    // A rebalance makes the heartbeat fail; the batch in hand still finishes (a sink checkpoint
    // fences it if the partition moved) and kafkajs rejoins right after it.
    await control.heartbeat().catch(() => undefined);
  }

  private heartbeatIntervalMs(): number {
    return this.options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS;
  }

  private classify(error: unknown): FailureKind {
    return classifyFailure(error, this.options.isTransient);
  }

  private reportLag(batch: ConsumedBatch, nextOffset: string): void {
    const lag = BigInt(batch.highWatermark) - BigInt(nextOffset);
    this.metrics.lag.set(
      { consumer_group: this.groupId, topic: batch.topic, partition: String(batch.partition) },
      Number(lag > 0n ? lag : 0n),
    );
  }

  private labels({ topic }: { topic: string }): { consumer_group: string; topic: string } {
    return { consumer_group: this.groupId, topic };
  }
}
