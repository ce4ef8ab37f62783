import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@pulse/config';
import { HealthModule } from '@pulse/health';
import { LoggingModule } from '@pulse/logging';
import { MetricsModule } from '@pulse/metrics';
import type { GatewayConfig } from './gateway.config';

/**
 * The gateway will serve the federated supergraph and graphql-ws. Until the subgraphs exist it
 * proves the wiring: configuration, JSON logs, metrics, and readiness across every engine.
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
        HealthModule.forRoot({
          kafka: config.kafka,
          elasticsearch: config.elasticsearch,
          postgres: config.postgres,
          redis: config.redis,
        }),
      ],
    };
  }
}
