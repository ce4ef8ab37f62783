import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import type { EventLogProducer, OutgoingMessage, SentRecord } from '../kafka.ports';

/**
 * Idempotent and acks=all: a retried send after a lost acknowledgement cannot write a message
 * twice, and an acknowledged message survives the loss of the leader.
 */
export class KafkajsEventLogProducer implements EventLogProducer {
  private readonly producer: Producer;
  private connecting: Promise<void> | undefined;

  constructor(kafka: Kafka) {
    // The Java client's murmur2 partitioner: every producer of a topic must place a key on the
    // same partition, or per-visitor order breaks.
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  async send(topic: string, messages: readonly OutgoingMessage[]): Promise<SentRecord[]> {
    await this.connect();
    const metadata = await this.producer.send({
      topic,
      acks: -1,
      messages: messages.map((message) => ({
        key: message.key,
        value: message.value,
        headers: message.headers,
        timestamp: message.timestamp === undefined ? undefined : String(message.timestamp),
      })),
    });
    return metadata.map((record) => ({
      topic: record.topicName,
      partition: record.partition,
      baseOffset: record.baseOffset ?? '-1',
    }));
  }

  async disconnect(): Promise<void> {
    if (this.connecting) await this.producer.disconnect();
    this.connecting = undefined;
  }

  private connect(): Promise<void> {
    this.connecting ??= this.producer.connect().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }
}
