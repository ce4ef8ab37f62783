import { setTimeout as delay } from 'node:timers/promises';
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
    await this.waitUntilServed(missing.map((topic) => topic.name));
  }

  /**
   * createTopics returns once the controller elected leaders, but a broker may answer "does not
   * host this topic-partition" a moment longer: a producer or consumer started right away would
   * then fail. Wait until every new partition answers for its offsets.
   */
  private async waitUntilServed(topics: readonly string[], timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (const topic of topics) {
      for (;;) {
        try {
          await this.admin.fetchTopicOffsets(topic);
          break;
        } catch (error) {
          if (Date.now() > deadline) throw error;
          await delay(100);
        }
      }
    }
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
