import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import {
  type DynamicModule,
  Inject,
  Logger,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { HttpCredentialVerifier } from '@pulse/auth';
import { Registry } from '@pulse/metrics';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayConfig, SubgraphTarget } from '../gateway.config';
import { apolloLogger } from './apollo-logger';
import { CallerAuthenticator, type GatewayContext } from './gateway-context';
import { graphqlBodyErrorHandler } from './graphql-http-errors';
import { graphqlMetricsPlugin } from './graphql-metrics.plugin';
import { queryLimits } from './query-limits';
import { SubgraphDataSource } from './subgraph.data-source';

export const GRAPHQL_PATH = '/graphql';
const APOLLO_SERVER = Symbol('APOLLO_SERVER');
const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

type Next = (error?: unknown) => void;
/** The two express methods the gateway needs; Nest's adapter hands out the instance untyped. */
interface ExpressApp {
  all(path: string, handler: (request: IncomingMessage, response: ServerResponse, next: Next) => void): void;
  use(
    path: string,
    handler: (error: unknown, request: IncomingMessage, response: ServerResponse, next: Next) => void,
  ): void;
}

function urlOf(subgraphs: readonly SubgraphTarget[], name: string): string {
  const target = subgraphs.find((subgraph) => subgraph.name === name);
  if (!target)
    throw new Error(
      `the supergraph routes to a subgraph "${name}" that the gateway has no URL for: add it to subgraph-registry.ts`,
    );
  return target.url;
}

async function startApolloServer(config: GatewayConfig, registry: Registry): Promise<ApolloServer<GatewayContext>> {
  const subgraphLogger = new Logger('Subgraph');
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(config.supergraph.path, 'utf8'),
    buildService: ({ name }) =>
      new SubgraphDataSource(name, urlOf(config.subgraphs, name), config.limits.subgraphTimeoutMs, subgraphLogger),
    logger: apolloLogger('ApolloGateway'),
  });
  const limits = queryLimits(config.limits);
  const server = new ApolloServer<GatewayContext>({
    gateway,
    logger: apolloLogger('ApolloServer'),
    // runApp owns SIGTERM; Apollo's own handler would re-raise the signal and hide a clean exit.
    stopOnTerminationSignals: false,
    introspection: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    formatError: limits.formatError,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      graphqlMetricsPlugin(registry),
    ],
  });
  await server.start();
  return server;
}

/**
 * Serves the federated supergraph at /graphql on the gateway's own HTTP server: Apollo Gateway
 * plans each operation over the checked-in supergraph, Apollo Server 5 runs it, and the express 5
 * integration mounts it on Nest's express instance (docs/gateway.md says why not @nestjs/apollo).
 */
@Module({})
export class FederatedGraphqlModule implements OnModuleInit, OnApplicationShutdown {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: FederatedGraphqlModule,
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        {
          provide: APOLLO_SERVER,
          inject: [Registry],
          useFactory: (registry: Registry) => startApolloServer(config, registry),
        },
        {
          provide: CallerAuthenticator,
          useFactory: () =>
            new CallerAuthenticator(
              config.auth,
              new HttpCredentialVerifier({
                baseUrl: config.credentials.workspaceUrl,
                gatewaySigningSecret: config.auth.gatewaySigningSecret,
                serviceId: 'gateway',
                timeoutMs: config.credentials.timeoutMs,
              }),
            ),
        },
      ],
    };
  }

  constructor(
    @Inject(APOLLO_SERVER) private readonly server: ApolloServer<GatewayContext>,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly authenticator: CallerAuthenticator,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /**
   * Runs after Nest registered its body parser, middleware and routes, so that Apollo sees parsed
   * bodies and pino's request logging, and the body error handler sits right after the parser.
   */
  onModuleInit(): void {
    const app = this.adapterHost.httpAdapter.getInstance<ExpressApp>();
    const graphql: (request: IncomingMessage, response: ServerResponse, next: Next) => void = expressMiddleware(
      this.server,
      { context: ({ req }: { req: IncomingMessage }) => this.authenticator.contextFor(req.headers) },
    );
    app.all(GRAPHQL_PATH, graphql);
    app.use(GRAPHQL_PATH, graphqlBodyErrorHandler);
    if (this.config.auth.usesLocalSecrets)
      new Logger('Auth').warn(
        'using the public local development secrets: set GATEWAY_SIGNING_SECRET and PULSE_TOKEN_SECRET outside a laptop',
      );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server.stop();
  }
}
