/**
 * Our port to the log. Everything outside this library talks to Kafka through these interfaces,
 * so the client underneath (kafkajs today) can be swapped per side without touching callers.
 */
export interface OutgoingMessage {
  key: string | null;
  /** null is a tombstone; dead letters carry the original value as it was, null included. */
  value: Buffer | string | null;
  headers?: Record<string, string>;
  /** Milliseconds since the epoch; the broker's time when omitted. */
  timestamp?: number;
}

export interface SentRecord {
  topic: string;
  partition: number;
  baseOffset: string;
}

export interface EventLogProducer {
  /** Resolves only once every replica in sync acknowledged the messages (acks=all). */
  send(topic: string, messages: readonly OutgoingMessage[]): Promise<SentRecord[]>;
  disconnect(): Promise<void>;
}

export interface TopicSpec {
  name: string;
  partitions: number;
  replicationFactor?: number;
  config?: Record<string, string>;
}

export interface PartitionOffsets {
  partition: number;
  low: string;
  high: string;
}

export interface TopicAdmin {
  /** Creates the topics that do not exist yet; existing ones are left as they are. */
  ensureTopics(topics: readonly TopicSpec[]): Promise<void>;
  listTopics(): Promise<string[]>;
  deleteTopics(names: readonly string[]): Promise<void>;
  fetchTopicOffsets(topic: string): Promise<PartitionOffsets[]>;
  disconnect(): Promise<void>;
}

export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  timestamp: number;
}

export interface ConsumedBatch {
  topic: string;
  partition: number;
  highWatermark: string;
  messages: readonly ConsumedMessage[];
}

export interface TopicPartitions {
  topic: string;
  partitions: readonly number[];
}

export interface BatchControl {
  /** Call during long batches so the group coordinator does not consider the member dead. */
  heartbeat(): Promise<void>;
  /** Stops fetching this partition until the returned function is called. */
  pause(): () => void;
  /**
   * Makes this partition's next fetch start at `offset`. The rest of the batch in hand is
   * dropped: return `{ nextOffset: null }` after seeking.
   */
  seek(offset: string): void;
}

/** How far the handler got, when it did not finish the batch. */
export interface BatchProgress {
  /**
   * The offset consumption resumes from, committed to the group; null when nothing was done
   * and nothing is committed (the same messages are fetched again, unless paused or sought).
   */
  nextOffset: string | null;
}

export interface BatchConsumerOptions {
  groupId: string;
  topics: readonly string[];
  fromBeginning?: boolean;
  /** How long the broker may hold a fetch waiting for data (ms). */
  maxWaitTimeMs?: number;
  /** A member silent for this long is dropped from the group and its partitions reassigned (ms; 15 s). */
  sessionTimeoutMs?: number;
  /** How often the member tells the coordinator it is alive; well under the session timeout (ms; 3 s). */
  heartbeatIntervalMs?: number;
  /** Caps a batch: a fetch returns at most this many bytes per partition (1 MiB). */
  maxBytesPerPartition?: number;
  /** How many partitions are handled at the same time (1); each partition stays in order. */
  partitionsConsumedConcurrently?: number;
  /**
   * Resolving without a result commits the whole batch; a `BatchProgress` commits up to its
   * offset; throwing leaves everything uncommitted for redelivery.
   */
  handleBatch(batch: ConsumedBatch, control: BatchControl): Promise<void | BatchProgress>;
  /** Called on each (re)join of the group, before any batch of the new assignment. */
  onAssignment?(assignment: readonly TopicPartitions[]): void;
  /** The client gave up on an error; `restarting` says whether it reconnects by itself. */
  onCrash?(error: Error, restarting: boolean): void;
}

export interface RunningConsumer {
  /** Stops fetching, waits for the batches in hand and leaves the group. */
  stop(): Promise<void>;
}

export interface EventLogConsumerFactory {
  run(options: BatchConsumerOptions): Promise<RunningConsumer>;
}

export const EVENT_LOG_PRODUCER = Symbol('EVENT_LOG_PRODUCER');
export const TOPIC_ADMIN = Symbol('TOPIC_ADMIN');
export const EVENT_LOG_CONSUMER_FACTORY = Symbol('EVENT_LOG_CONSUMER_FACTORY');
