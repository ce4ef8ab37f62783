import { Client } from '@elastic/elasticsearch';
import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { ElasticsearchConfig } from '@pulse/config';
import { createElasticsearchClient } from './elasticsearch-client.factory';
import { IndexAdministration } from './index-administration';

export const ELASTICSEARCH_CONFIG = Symbol('ELASTICSEARCH_CONFIG');

@Module({})
export class ElasticsearchModule implements OnApplicationShutdown {
  constructor(@Inject(Client) private readonly client: Client) {}

  static forRoot(config: ElasticsearchConfig): DynamicModule {
    return {
      module: ElasticsearchModule,
      global: true,
      providers: [
        { provide: ELASTICSEARCH_CONFIG, useValue: config },
        { provide: Client, useFactory: () => createElasticsearchClient(config) },
        {
          provide: IndexAdministration,
          useFactory: (client: Client) => new IndexAdministration(client),
          inject: [Client],
        },
      ],
      exports: [ELASTICSEARCH_CONFIG, Client, IndexAdministration],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
