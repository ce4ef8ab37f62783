import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, Histogram, type Registry } from '@pulse/metrics';
import { GraphQLError } from 'graphql';

/**
 * GraphQL requests go through Apollo's middleware, not a Nest route, so the HTTP histogram never
 * sees them. The histogram labels by operation type and status only: operation names come from
 * clients and would let any caller multiply the series. Requests refused while building the
 * context (authentication) never start Apollo's request pipeline, so a counter of their codes
 * stands in for them: a climbing UNAUTHENTICATED rate is what credential stuffing looks like.
 */
export function graphqlMetricsPlugin(registry: Registry): ApolloServerPlugin {
  const duration = new Histogram({
    name: 'pulse_graphql_request_duration_seconds',
    help: 'GraphQL request handling time at the gateway by operation type and HTTP status.',
    labelNames: ['operation', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const refused = new Counter({
    name: 'pulse_graphql_authentication_failures_total',
    help: 'GraphQL requests refused before execution because the caller could not be authenticated, by error code.',
    labelNames: ['code'],
    registers: [registry],
  });
  return {
    async contextCreationDidFail({ error }) {
      const code = error instanceof GraphQLError ? error.extensions.code : undefined;
      refused.inc({ code: typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR' });
    },
    async requestDidStart() {
      const stop = duration.startTimer();
      return {
        async willSendResponse({ operation, response }) {
          stop({ operation: operation?.operation ?? 'none', status: String(response.http.status ?? 200) });
        },
      };
    },
  };
}
