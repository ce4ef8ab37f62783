import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { KafkaConfig } from '@pulse/config';
import { createKafkaPorts } from './kafka-ports.factory';
import {
  EVENT_LOG_CONSUMER_FACTORY,
  EVENT_LOG_PRODUCER,
  TOPIC_ADMIN,
  type EventLogProducer,
  type TopicAdmin,
} from './kafka.ports';

export const KAFKA_CONFIG = Symbol('KAFKA_CONFIG');

@Module({})
export class KafkaModule implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_LOG_PRODUCER) private readonly producer: EventLogProducer,
    @Inject(TOPIC_ADMIN) private readonly admin: TopicAdmin,
  ) {}

  static forRoot(config: KafkaConfig): DynamicModule {
    const ports = createKafkaPorts(config);
    return {
      module: KafkaModule,
      global: true,
      providers: [
        { provide: KAFKA_CONFIG, useValue: config },
        { provide: EVENT_LOG_PRODUCER, useValue: ports.producer },
        { provide: TOPIC_ADMIN, useValue: ports.admin },
        { provide: EVENT_LOG_CONSUMER_FACTORY, useValue: ports.consumers },
      ],
      exports: [KAFKA_CONFIG, EVENT_LOG_PRODUCER, TOPIC_ADMIN, EVENT_LOG_CONSUMER_FACTORY],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
  }
}
