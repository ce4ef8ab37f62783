import type { Kafka, KafkaMessage } from 'kafkajs';
import type {
  BatchConsumerOptions,
  BatchProgress,
  ConsumedMessage,
  EventLogConsumerFactory,
  RunningConsumer,
} from '../kafka.ports';

function headersOf(message: KafkaMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? String(value[0]) : String(value);
  }
  return headers;
}

/**
 * Batch consumption with manual commits: offsets move only after the handler resolved, so a crash
 * mid-batch means redelivery, never loss. The transport (dead letters, backpressure, checkpoints,
 * metrics) builds on this.
 */
export class KafkajsBatchConsumerFactory implements EventLogConsumerFactory {
  constructor(private readonly kafka: Kafka) {}

  async run(options: BatchConsumerOptions): Promise<RunningConsumer> {
    // A short fetch wait keeps freshness sub-second and lets a consumer stop without waiting
    // out kafkajs's default 5 s long-poll.
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: options.maxWaitTimeMs ?? 250,
      // Heartbeats go out between batches and on a timer during them, so a live member is never
      // late: 15 s (kafkajs: 30 s) halves how long a crashed member's partitions stand still.
      sessionTimeout: options.sessionTimeoutMs ?? 15_000,
      heartbeatInterval: options.heartbeatIntervalMs ?? 3_000,
      maxBytesPerPartition: options.maxBytesPerPartition ?? 1_048_576,
    });
    const { onAssignment, onCrash } = options;
    // kafkajs emits GROUP_JOIN synchronously after the sync and before the first fetch of the
    // new generation, so a listener sees every assignment before its batches.
    if (onAssignment) {
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) =>
        onAssignment(Object.entries(payload.memberAssignment).map(([topic, partitions]) => ({ topic, partitions }))),
      );
    }
    if (onCrash) consumer.on(consumer.events.CRASH, ({ payload }) => onCrash(payload.error, payload.restart));
    await consumer.connect();
    await consumer.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
      eachBatch: async ({ batch, heartbeat, pause, resolveOffset, commitOffsetsIfNecessary, isRunning, isStale }) => {
        if (!isRunning() || isStale() || batch.messages.length === 0) return;
        const messages: ConsumedMessage[] = batch.messages.map((message) => ({
          topic: batch.topic,
          partition: batch.partition,
          offset: message.offset,
          key: message.key ? message.key.toString('utf8') : null,
          value: message.value,
          headers: headersOf(message),
          timestamp: Number(message.timestamp),
        }));
        const progress: void | BatchProgress = await options.handleBatch(
          { topic: batch.topic, partition: batch.partition, highWatermark: batch.highWatermark, messages },
          {
            heartbeat,
            pause,
            seek: (offset) => consumer.seek({ topic: batch.topic, partition: batch.partition, offset }),
          },
        );
        // A whole batch moves past kafkajs's last offset, which may lie beyond the last message
        // (transaction markers): stopping at the message would refetch the marker forever.
        const nextOffset = progress ? progress.nextOffset : (BigInt(batch.lastOffset()) + 1n).toString();
        if (nextOffset === null) return;
        resolveOffset((BigInt(nextOffset) - 1n).toString());
        // Without arguments kafkajs commits only when autoCommitInterval/Threshold is due, and with
        // autoCommit off neither is set: nothing was ever committed. Commit explicitly; the
        // committed offset is the next one to read.
        await commitOffsetsIfNecessary({
          topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: nextOffset }] }],
        });
      },
    });
    return { stop: () => consumer.disconnect() };
  }
}
