/**
 * Our port to the log. Everything outside this library talks to Kafka through these interfaces,
 * so the client underneath (kafkajs today) can be swapped per side without touching callers.
 */
export interface OutgoingMessage {
  key: string | null;
  value: Buffer | string;
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

export interface BatchControl {
  /** Call during long batches so the group coordinator does not consider the member dead. */
  heartbeat(): Promise<void>;
}

export interface BatchConsumerOptions {
  groupId: string;
  topics: readonly string[];
  fromBeginning?: boolean;
  /** How long the broker may hold a fetch waiting for data (ms). */
  maxWaitTimeMs?: number;
  /** Resolving commits the batch's offsets; throwing leaves them uncommitted for redelivery. */
  handleBatch(batch: ConsumedBatch, control: BatchControl): Promise<void>;
}

export interface RunningConsumer {
  stop(): Promise<void>;
}

export interface EventLogConsumerFactory {
  run(options: BatchConsumerOptions): Promise<RunningConsumer>;
}

export const EVENT_LOG_PRODUCER = Symbol('EVENT_LOG_PRODUCER');
export const TOPIC_ADMIN = Symbol('TOPIC_ADMIN');
export const EVENT_LOG_CONSUMER_FACTORY = Symbol('EVENT_LOG_CONSUMER_FACTORY');
