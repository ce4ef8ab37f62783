import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@pulse/config';
import { HealthModule } from '@pulse/health';
import { LoggingModule } from '@pulse/logging';
import { MetricsModule } from '@pulse/metrics';
import type { GatewayConfig } from './gateway.config';
import { FederatedGraphqlModule } from './graphql/federated-graphql.module';
import { subgraphCheck } from './health/subgraph-check';

/**
 * The gateway: the federated supergraph at /graphql with authentication and limits, readiness
 * over Redis and every subgraph, metrics and JSON logs. graphql-ws subscriptions come next.
 */
@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config.logging, 'gateway'),
        MetricsModule.forRoot('gateway'),
        HealthModule.forRoot({ redis: config.redis }, config.subgraphs.map(subgraphCheck)),
        FederatedGraphqlModule.forRoot(config),
      ],
    };
  }
}
