import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@pulse/config';
import { HealthModule } from '@pulse/health';
import { LoggingModule } from '@pulse/logging';
import { MetricsModule } from '@pulse/metrics';
import type { WorkspaceConfig } from './workspace.config';

/**
 * The workspace bounded context: organizations, projects (shops), stores and API keys, each an
 * event-sourced aggregate (domain/). Its subgraph, command handlers and read model build on
 * the event store and the Kafka transport.
 */
@Module({})
export class WorkspaceModule {
  static forRoot(config: WorkspaceConfig): DynamicModule {
    return {
      module: WorkspaceModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config.logging, 'workspace'),
        MetricsModule.forRoot('workspace'),
        HealthModule.forRoot({ kafka: config.kafka, postgres: config.postgres }),
      ],
    };
  }
}
