import type { Admin, Kafka } from 'kafkajs';
import type { PartitionOffsets, TopicAdmin, TopicSpec } from '../kafka.ports';

export class KafkajsTopicAdmin implements TopicAdmin {
  private readonly admin: Admin;
  private connecting: Promise<void> | undefined;

  constructor(kafka: Kafka) {
    this.admin = kafka.admin();
  }

  async ensureTopics(topics: readonly TopicSpec[]): Promise<void> {
    await this.connect();
    const existing = new Set(await this.admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic.name));
    if (missing.length === 0) return;
    await this.admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({
        topic: topic.name,
        numPartitions: topic.partitions,
        replicationFactor: topic.replicationFactor ?? 1,
        configEntries: Object.entries(topic.config ?? {}).map(([name, value]) => ({ name, value })),
      })),
    });
  }

  async listTopics(): Promise<string[]> {
    await this.connect();
    return this.admin.listTopics();
  }

  async deleteTopics(names: readonly string[]): Promise<void> {
    if (names.length === 0) return;
    await this.connect();
    await this.admin.deleteTopics({ topics: [...names] });
  }

  async fetchTopicOffsets(topic: string): Promise<PartitionOffsets[]> {
    await this.connect();
    const offsets = await this.admin.fetchTopicOffsets(topic);
    return offsets
      .map((offset) => ({ partition: offset.partition, low: offset.low, high: offset.high }))
      .sort((a, b) => a.partition - b.partition);
  }

  async disconnect(): Promise<void> {
    if (this.connecting) await this.admin.disconnect();
    this.connecting = undefined;
  }

  private connect(): Promise<void> {
    this.connecting ??= this.admin.connect().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }
}
