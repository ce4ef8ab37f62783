import {
  Inject,
  Injectable,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
  type Provider,
} from '@nestjs/common';
import { EVENT_LOG_PRODUCER, TOPIC_ADMIN, type EventLogProducer, type TopicAdmin } from '@pulse/kafka';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { EventStore } from './event-store.repository';
import { OutboxRelay, type OutboxRelayOptions } from './outbox.relay';

export interface EventStoreModuleOptions {
  /** Runs the outbox relay in this app; omit it in apps that only append. */
  relay?: Omit<OutboxRelayOptions, 'dataSource' | 'producer' | 'admin' | 'registry' | 'logger'>;
}

/**
 * Starts the relay once the app is up and stops it before the Kafka and database modules close
 * their clients (onApplicationShutdown), so the batch in hand is finished and checkpointed.
 */
@Injectable()
export class OutboxRelayHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(OutboxRelay) private readonly relay: OutboxRelay) {}

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}

/**
 * Provides EventStore over the app's DataSource (DatabaseModule) and, with `relay`, an
 * OutboxRelay over the Kafka ports (KafkaModule) and the app's metrics Registry when there is one.
 * The app adds `eventStoreMigrations` to its migrations.
 */
@Module({})
export class EventStoreModule {
  static forRoot(options: EventStoreModuleOptions = {}): DynamicModule {
    const providers: Provider[] = [
      { provide: EventStore, useFactory: (dataSource: DataSource) => new EventStore(dataSource), inject: [DataSource] },
    ];
    const { relay } = options;
    if (relay) {
      providers.push(
        {
          provide: OutboxRelay,
          useFactory: (
            dataSource: DataSource,
            producer: EventLogProducer,
            admin: TopicAdmin,
            registry: Registry | undefined,
          ) => new OutboxRelay({ ...relay, dataSource, producer, admin, registry }),
          inject: [DataSource, EVENT_LOG_PRODUCER, TOPIC_ADMIN, { token: Registry, optional: true }],
        },
        OutboxRelayHost,
      );
    }
    return { module: EventStoreModule, providers, exports: relay ? [EventStore, OutboxRelay] : [EventStore] };
  }
}
