import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import type { RedisConfig } from '@pulse/config';
import { bullmqConnection } from './bullmq-connection';

export interface QueueModuleOptions {
  /** Namespaces every queue's keys; tests use one prefix per file. */
  prefix?: string;
  queues?: readonly string[];
}

/**
 * BullMQ for work that must happen once and survive restarts (webhooks, rebuilds, retention,
 * exports). Queues are registered by name; processors are @Processor classes in the apps.
 */
@Module({})
export class QueueModule {
  static forRoot(config: RedisConfig, options: QueueModuleOptions = {}): DynamicModule {
    const queues = (options.queues ?? []).map((name) => BullModule.registerQueue({ name }));
    return {
      module: QueueModule,
      global: true,
      imports: [
        BullModule.forRoot({
          connection: bullmqConnection(config),
          prefix: options.prefix ?? `${config.keyPrefix}bull`,
        }),
        ...queues,
      ],
      exports: [BullModule, ...queues],
    };
  }
}
