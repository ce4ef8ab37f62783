import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { KafkaConfig } from '@pulse/config';
import { KAFKA_CONFIG, TOPIC_ADMIN, type TopicAdmin } from '@pulse/kafka';
import { WORKSPACE_EVENTS_TOPIC } from './events/workspace-event';

/** Brokers do not create topics on their own (auto-create is off): the owner of a topic does. */
@Injectable()
export class WorkspaceTopicsInitializer implements OnModuleInit {
  constructor(
    @Inject(TOPIC_ADMIN) private readonly admin: TopicAdmin,
    @Inject(KAFKA_CONFIG) private readonly kafka: KafkaConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.admin.ensureTopics([
      {
        name: `${this.kafka.topicPrefix}${WORKSPACE_EVENTS_TOPIC}`,
        partitions: 6,
        config: { 'cleanup.policy': 'delete', 'retention.ms': '-1' },
      },
    ]);
  }
}
