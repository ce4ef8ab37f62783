import type {
  BatchConsumerOptions,
  ConsumedMessage,
  EventLogConsumerFactory,
  EventLogProducer,
  OutgoingMessage,
  PartitionOffsets,
  RunningConsumer,
  SentRecord,
  TopicAdmin,
  TopicSpec,
} from '../src/kafka.ports';
import type { CheckpointStore, PartitionCheckpoint } from '../src/transport/checkpoint-store.port';
import { CheckpointConflictException } from '../src/transport/checkpoint-conflict.exception';

/** A promise that anyone can settle, to wake a waiting pump. */
function signal(): { promise: Promise<void>; fire: () => void } {
  let fire!: () => void;
  const promise = new Promise<void>((resolve) => (fire = resolve));
  return { promise, fire };
}

const keyOf = (topic: string, partition: number) => `${topic}|${partition}`;

/**
 * Our Kafka port in memory, with kafkajs's consumer semantics where the transport relies on
 * them: a batch handled without progress is fetched again, a paused partition is not fetched, a
 * seek moves the next fetch, committed offsets survive the consumer. One member per group; a
 * batch holds at most `batchSize` messages. For unit tests of the transport core.
 */
export class InMemoryLog implements EventLogConsumerFactory, EventLogProducer, TopicAdmin {
  readonly topics = new Map<string, ConsumedMessage[][]>();
  readonly committed = new Map<string, string>();
  readonly pauses: string[] = [];
  private appended = signal();

  constructor(private readonly batchSize = 10) {}

  async ensureTopics(topics: readonly TopicSpec[]): Promise<void> {
    for (const topic of topics) {
      if (!this.topics.has(topic.name)) {
        this.topics.set(
          topic.name,
          Array.from({ length: topic.partitions }, () => []),
        );
      }
    }
  }

  async listTopics(): Promise<string[]> {
    return [...this.topics.keys()];
  }

  async deleteTopics(names: readonly string[]): Promise<void> {
    for (const name of names) this.topics.delete(name);
  }

  async fetchTopicOffsets(topic: string): Promise<PartitionOffsets[]> {
    return this.partitionsOf(topic).map((messages, partition) => ({
      partition,
      low: '0',
      high: String(messages.length),
    }));
  }

  /** Appends to the partition given by `key` as `p<n>`, else to partition 0. */
  async send(topic: string, messages: readonly OutgoingMessage[]): Promise<SentRecord[]> {
    const records: SentRecord[] = [];
    for (const message of messages) {
      const partition = Number(/^p(\d+)/.exec(message.key ?? '')?.[1] ?? 0);
      const log = this.partitionsOf(topic)[partition];
      if (!log) throw new Error(`${topic} has no partition ${partition}`);
      const value = message.value === null ? null : Buffer.from(message.value);
      log.push({
        topic,
        partition,
        offset: String(log.length),
        key: message.key,
        value,
        headers: message.headers ?? {},
        timestamp: message.timestamp ?? Date.now(),
      });
      records.push({ topic, partition, baseOffset: String(log.length - 1) });
    }
    const { fire } = this.appended;
    this.appended = signal();
    fire();
    return records;
  }

  async disconnect(): Promise<void> {}

  messagesOf(topic: string): ConsumedMessage[] {
    return this.partitionsOf(topic).flat();
  }

  async run(options: BatchConsumerOptions): Promise<RunningConsumer> {
    let running = true;
    const stopped = signal();
    const paused = new Map<string, ReturnType<typeof signal>>();
    const positions = new Map<string, string>();
    const assignment = options.topics.map((topic) => ({
      topic,
      partitions: this.partitionsOf(topic).map((_, partition) => partition),
    }));
    options.onAssignment?.(assignment);

    const pump = async (topic: string, partition: number): Promise<void> => {
      const key = keyOf(topic, partition);
      while (running) {
        const pause = paused.get(key);
        if (pause) {
          await Promise.race([pause.promise, stopped.promise]);
          continue;
        }
        const log = this.partitionsOf(topic)[partition] ?? [];
        const from = Number(positions.get(key) ?? this.committed.get(`${options.groupId}|${key}`) ?? 0);
        const messages = log.slice(from, from + this.batchSize);
        if (messages.length === 0) {
          await Promise.race([this.appended.promise, stopped.promise]);
          continue;
        }
        let sought: string | undefined;
        const progress = await options.handleBatch(
          { topic, partition, highWatermark: String(log.length), messages },
          {
            heartbeat: async () => undefined,
            pause: () => {
              this.pauses.push(key);
              const wake = signal();
              paused.set(key, wake);
              return () => {
                paused.delete(key);
                wake.fire();
              };
            },
            seek: (offset) => (sought = offset),
          },
        );
        const next = progress ? progress.nextOffset : String(from + messages.length);
        if (next !== null) {
          positions.set(key, next);
          this.committed.set(`${options.groupId}|${key}`, next);
        }
        if (sought !== undefined) positions.set(key, sought);
        // Let timers and the test run between batches, as network round trips do with Kafka.
        await new Promise((resolve) => setImmediate(resolve));
      }
    };

    const pumps = assignment.flatMap(({ topic, partitions }) => partitions.map((p) => pump(topic, p)));
    return {
      stop: async () => {
        running = false;
        stopped.fire();
        await Promise.all(pumps);
      },
    };
  }

  private partitionsOf(topic: string): ConsumedMessage[][] {
    const partitions = this.topics.get(topic);
    if (!partitions) throw new Error(`no topic ${topic}`);
    return partitions;
  }
}

/** CheckpointStore in memory, with the PostgreSQL store's compare-and-set. */
export class InMemoryCheckpointStore implements CheckpointStore {
  readonly offsets = new Map<string, string>();

  async load(groupId: string, topic: string, partitions: readonly number[]): Promise<Map<number, string>> {
    const found = new Map<number, string>();
    for (const partition of partitions) {
      const offset = this.offsets.get(`${groupId}|${keyOf(topic, partition)}`);
      if (offset !== undefined) found.set(partition, offset);
    }
    return found;
  }

  async advance(checkpoint: PartitionCheckpoint): Promise<void> {
    this.save(checkpoint);
  }

  /** What a sink does in its transaction. */
  save(checkpoint: PartitionCheckpoint): void {
    const key = `${checkpoint.groupId}|${keyOf(checkpoint.topic, checkpoint.partition)}`;
    const stored = this.offsets.get(key) ?? null;
    if (stored !== checkpoint.expectedOffset) throw new CheckpointConflictException(checkpoint, stored);
    this.offsets.set(key, checkpoint.nextOffset);
  }
}
