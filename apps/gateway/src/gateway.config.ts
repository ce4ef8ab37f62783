import { authConfig } from '@pulse/auth';
import { appPorts, httpConfig, loadConfig, loggingConfig, redisConfig, type LoadedConfig } from '@pulse/config';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { subgraphRegistry } from './supergraph/subgraph-registry';

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http or https URL' });

/**
 * The checked-in supergraph sits beside src/ in the sources and, copied by the build, in dist/:
 * the same relative path finds it in both, and in the container image.
 */
const defaultSupergraphPath = join(__dirname, '../supergraph.graphql');

/** Where each registered subgraph runs: `<NAME>_SUBGRAPH_URL`, defaulting to the local stack. */
export const subgraphsConfig = z
  .object(Object.fromEntries(subgraphRegistry.map((subgraph) => [subgraph.urlVariable, httpUrl.optional()])))
  .transform((env) =>
    subgraphRegistry.map((subgraph) => ({
      name: subgraph.name,
      url: env[subgraph.urlVariable] ?? subgraph.defaultUrl,
    })),
  );

export const supergraphConfig = z
  .object({
    SUPERGRAPH_PATH: z
      .string()
      .default(defaultSupergraphPath)
      .transform((path) => resolve(path))
      .refine((path) => existsSync(path), 'no supergraph file there: run the composition script or fix the path'),
  })
  .transform((env) => ({ path: env.SUPERGRAPH_PATH }));

/** Refusal thresholds for incoming operations and the wait for a subgraph; docs/gateway.md explains each. */
export const graphqlLimitsConfig = z
  .object({
    GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(1).max(100).default(10),
    GRAPHQL_MAX_COST: z.coerce.number().int().min(1).default(1_000),
    GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(0).max(1_000).default(15),
    GRAPHQL_MAX_DIRECTIVES: z.coerce.number().int().min(0).max(1_000).default(50),
    GRAPHQL_MAX_TOKENS: z.coerce.number().int().min(1).default(2_000),
    GRAPHQL_SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
  })
  .transform((env) => ({
    maxDepth: env.GRAPHQL_MAX_DEPTH,
    maxCost: env.GRAPHQL_MAX_COST,
    maxAliases: env.GRAPHQL_MAX_ALIASES,
    maxDirectives: env.GRAPHQL_MAX_DIRECTIVES,
    maxTokens: env.GRAPHQL_MAX_TOKENS,
    subgraphTimeoutMs: env.GRAPHQL_SUBGRAPH_TIMEOUT_MS,
  }));

/** The workspace's internal base URL, where secret keys are verified (docs/auth.md). */
export const credentialVerificationConfig = z
  .object({
    WORKSPACE_INTERNAL_URL: httpUrl.default(`http://127.0.0.1:${appPorts.workspace}`),
    CREDENTIAL_VERIFY_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(2_000),
  })
  .transform((env) => ({ workspaceUrl: env.WORKSPACE_INTERNAL_URL, timeoutMs: env.CREDENTIAL_VERIFY_TIMEOUT_MS }));

/**
 * The gateway talks to subgraphs and the workspace, and to Redis for subscriptions (next); it
 * reads no engine itself, so Kafka, Elasticsearch and PostgreSQL are not part of its configuration.
 */
export const gatewayConfigFragments = {
  http: httpConfig(appPorts.gateway),
  logging: loggingConfig,
  redis: redisConfig,
  auth: authConfig,
  subgraphs: subgraphsConfig,
  supergraph: supergraphConfig,
  limits: graphqlLimitsConfig,
  credentials: credentialVerificationConfig,
};

export type GatewayConfig = LoadedConfig<typeof gatewayConfigFragments>;
export type GraphqlLimits = GatewayConfig['limits'];
export type SubgraphTarget = GatewayConfig['subgraphs'][number];

export const loadGatewayConfig = (env: Record<string, string | undefined> = process.env): GatewayConfig =>
  loadConfig(gatewayConfigFragments, env);
