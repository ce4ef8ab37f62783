import type { KafkaConfig } from '@pulse/config';
import type { EventLogConsumerFactory, EventLogProducer, TopicAdmin } from './kafka.ports';
import { KafkajsBatchConsumerFactory } from './kafkajs/kafkajs-batch-consumer';
import { createKafkajsClient, type KafkajsClientOptions } from './kafkajs/kafkajs-client.factory';
import { KafkajsEventLogProducer } from './kafkajs/kafkajs-event-log-producer';
import { KafkajsTopicAdmin } from './kafkajs/kafkajs-topic-admin';

export interface KafkaPorts {
  producer: EventLogProducer;
  admin: TopicAdmin;
  consumers: EventLogConsumerFactory;
}

/** The ports without Nest, for scripts, benchmarks and tests. */
export function createKafkaPorts(config: KafkaConfig, options: KafkajsClientOptions = {}): KafkaPorts {
  const kafka = createKafkajsClient(config, options);
  return {
    producer: new KafkajsEventLogProducer(kafka),
    admin: new KafkajsTopicAdmin(kafka),
    consumers: new KafkajsBatchConsumerFactory(kafka),
  };
}
