import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { TopicPartitions } from '../kafka.ports';

type GroupTopic = 'consumer_group' | 'topic';

export type RetryReason = 'transient' | 'poison';

const PREFIX = 'pulse_kafka_consumer_';

// Several consumers in one process share a registry; prom-client refuses a second metric of
// the same name, so each registry gets one set.
const metricsByRegistry = new WeakMap<Registry, KafkaConsumerMetrics>();

export class KafkaConsumerMetrics {
  readonly lag: Gauge<GroupTopic | 'partition'>;
  readonly batchSize: Histogram<GroupTopic>;
  readonly handlerDuration: Histogram<GroupTopic | 'outcome'>;
  readonly messages: Counter<GroupTopic>;
  readonly deadLetters: Counter<GroupTopic>;
  readonly retries: Counter<GroupTopic | 'reason'>;

  private constructor(registry: Registry) {
    const registers = [registry];
    this.lag = new Gauge({
      name: `${PREFIX}lag`,
      help: 'Messages in the partition after the last one this member handled (high watermark minus next offset).',
      labelNames: ['consumer_group', 'topic', 'partition'],
      registers,
    });
    this.batchSize = new Histogram({
      name: `${PREFIX}batch_size`,
      help: 'Messages per fetched batch handed to the handler.',
      labelNames: ['consumer_group', 'topic'],
      buckets: [1, 10, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000],
      registers,
    });
    this.handlerDuration = new Histogram({
      name: `${PREFIX}handler_duration_seconds`,
      help: 'Time in the batch handler per call, by outcome (ok, transient, stale, poison).',
      labelNames: ['consumer_group', 'topic', 'outcome'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.messages = new Counter({
      name: `${PREFIX}messages_total`,
      help: 'Messages the handler applied.',
      labelNames: ['consumer_group', 'topic'],
      registers,
    });
    this.deadLetters = new Counter({
      name: `${PREFIX}dead_letters_total`,
      help: 'Messages sent to the dead-letter topic.',
      labelNames: ['consumer_group', 'topic'],
      registers,
    });
    this.retries = new Counter({
      name: `${PREFIX}retries_total`,
      help: 'Batches put back for a later retry, by reason (transient sink failure or possible poison).',
      labelNames: ['consumer_group', 'topic', 'reason'],
      registers,
    });
  }

  static of(registry: Registry): KafkaConsumerMetrics {
    let metrics = metricsByRegistry.get(registry);
    if (!metrics) {
      metrics = new KafkaConsumerMetrics(registry);
      metricsByRegistry.set(registry, metrics);
    }
    return metrics;
  }

  /** A partition that moved to another member must not keep reporting its last lag from here. */
  forgetLag(groupId: string, revoked: readonly TopicPartitions[]): void {
    for (const { topic, partitions } of revoked) {
      for (const partition of partitions) {
        this.lag.remove({ consumer_group: groupId, topic, partition: String(partition) });
      }
    }
  }
}
