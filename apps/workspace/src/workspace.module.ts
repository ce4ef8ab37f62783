import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloFederationDriver, type ApolloFederationDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { GraphQLModule } from '@nestjs/graphql';
import { federationInternalsGuard, SubgraphAuthenticator, SubgraphAuthModule } from '@pulse/auth';
import { ConfigModule } from '@pulse/config';
import { checkpointMigrations, DatabaseModule, platformMigrations } from '@pulse/database';
import { EventStoreModule, eventStoreMigrations } from '@pulse/event-store';
import { HealthModule } from '@pulse/health';
import { KafkaModule } from '@pulse/kafka';
import { LoggingModule } from '@pulse/logging';
import { MetricsModule } from '@pulse/metrics';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { AggregateCommandExecutor } from './commands/shared/aggregate-command.executor';
import { ExistingAggregateChanges } from './commands/shared/existing-aggregate.changes';
import { PostgresWorkspaceEventStore } from './commands/shared/workspace-event-store.adapter';
import { WORKSPACE_EVENT_STORE } from './commands/shared/workspace-event-store.port';
import { workspaceCommandHandlers } from './commands/workspace-command-handlers';
import { WORKSPACE_EVENTS_TOPIC, type WorkspaceStreamType } from './events/workspace-event';
import { callerOf, type WorkspaceGraphqlContext } from './graphql/graphql-context';
import { DomainRuleFilter } from './graphql/domain-rule.filter';
import { formatWorkspaceError } from './graphql/workspace-error.formatter';
import { workspaceResolvers } from './graphql/workspace.resolvers';
import { CreateWorkspaceReadModel1763900100000 } from './migrations/1763900100000-create-workspace-read-model.migration';
import { WorkspaceReadModelHandler } from './projections/workspace-read-model/workspace-read-model.handler';
import { WorkspaceReadModelModule } from './queries/shared/workspace-read-model.module';
import { ReadModelCredentialVerifier } from './queries/verify-secret-key/read-model-credential.verifier';
import type { WorkspaceConfig } from './workspace.config';
import { WorkspaceTopicsInitializer } from './workspace-topics.initializer';

export const workspaceMigrations = [
  ...platformMigrations,
  ...eventStoreMigrations,
  ...checkpointMigrations,
  CreateWorkspaceReadModel1763900100000,
];

/** Every workspace aggregate publishes to the one topic of the bounded context, keyed by its id. */
export function workspaceRelayTopics(topicPrefix: string): Record<WorkspaceStreamType, string> {
  const topic = `${topicPrefix}${WORKSPACE_EVENTS_TOPIC}`;
  return { organization: topic, project: topic, store: topic, 'api-key': topic };
}

/**
 * The workspace bounded context: organizations, projects (shops), stores and API keys as
 * event-sourced aggregates; their events reach Kafka through the outbox relay, and the read model
 * the subgraph serves is built back from Kafka.
 */
@Module({})
export class WorkspaceModule {
  static forRoot(config: WorkspaceConfig): DynamicModule {
    const authModule = SubgraphAuthModule.forRoot({
      auth: config.auth,
      verifier: ReadModelCredentialVerifier,
      imports: [WorkspaceReadModelModule],
      serveVerifyEndpoint: true,
    });
    return {
      module: WorkspaceModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config.logging, 'workspace'),
        MetricsModule.forRoot('workspace'),
        HealthModule.forRoot({ kafka: config.kafka, postgres: config.postgres }),
        KafkaModule.forRoot(config.kafka),
        DatabaseModule.forRoot(config.postgres, { migrations: workspaceMigrations, migrateOnStart: true }),
        EventStoreModule.forRoot({
          relay: { topics: workspaceRelayTopics(config.kafka.topicPrefix), name: 'workspace' },
        }),
        CqrsModule.forRoot(),
        WorkspaceReadModelModule,
        authModule,
        GraphQLModule.forRootAsync<ApolloFederationDriverConfig>({
          driver: ApolloFederationDriver,
          imports: [authModule],
          inject: [SubgraphAuthenticator],
          useFactory: (authenticator: SubgraphAuthenticator) => ({
            typePaths: [join(__dirname, 'graphql', '*.graphql')],
            path: '/graphql',
            graphiql: false,
            includeStacktraceInErrorResponses: false,
            context: async ({ req }: { req: IncomingMessage }): Promise<WorkspaceGraphqlContext> => {
              const correlation = req.headers['x-correlation-id'];
              const auth = await authenticator.authenticate(req.headers);
              return {
                ...auth,
                caller: callerOf(auth, Array.isArray(correlation) ? correlation[0] : correlation),
              };
            },
            plugins: [federationInternalsGuard<WorkspaceGraphqlContext>(), ApolloServerPluginInlineTraceDisabled()],
            formatError: formatWorkspaceError,
          }),
        }),
      ],
      controllers: [WorkspaceReadModelHandler],
      providers: [
        { provide: APP_FILTER, useClass: DomainRuleFilter },
        WorkspaceTopicsInitializer,
        AggregateCommandExecutor,
        ExistingAggregateChanges,
        { provide: WORKSPACE_EVENT_STORE, useClass: PostgresWorkspaceEventStore },
        ...workspaceCommandHandlers,
        ...workspaceResolvers,
      ],
    };
  }
}
