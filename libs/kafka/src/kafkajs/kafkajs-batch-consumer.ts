import type { Kafka, KafkaMessage } from 'kafkajs';
import type { BatchConsumerOptions, ConsumedMessage, EventLogConsumerFactory, RunningConsumer } from '../kafka.ports';

function headersOf(message: KafkaMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? String(value[0]) : String(value);
  }
  return headers;
}

/**
 * Batch consumption with manual commits: offsets move only after the handler resolved, so a crash
 * mid-batch means redelivery, never loss. The full transport (dead letters, backpressure,
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
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, heartbeat, resolveOffset, commitOffsetsIfNecessary, isRunning, isStale }) => {
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
        await options.handleBatch(
          { topic: batch.topic, partition: batch.partition, highWatermark: batch.highWatermark, messages },
          { heartbeat },
        );
        resolveOffset(batch.lastOffset());
        // Without arguments kafkajs commits only when autoCommitInterval/Threshold is due, and with
        // autoCommit off neither is set: nothing was ever committed. Commit this batch explicitly;
        // the committed offset is the next one to read.
        await commitOffsetsIfNecessary({
          topics: [
            {
              topic: batch.topic,
              partitions: [{ partition: batch.partition, offset: (BigInt(batch.lastOffset()) + 1n).toString() }],
            },
          ],
        });
      },
    });
    return { stop: () => consumer.disconnect() };
  }
}
