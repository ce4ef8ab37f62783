import {
  appPorts,
  elasticsearchConfig,
  httpConfig,
  kafkaConfig,
  loadConfig,
  loggingConfig,
  postgresConfig,
  redisConfig,
  type LoadedConfig,
} from '@pulse/config';

export const gatewayConfigFragments = {
  http: httpConfig(appPorts.gateway),
  logging: loggingConfig,
  kafka: kafkaConfig,
  elasticsearch: elasticsearchConfig,
  postgres: postgresConfig,
  redis: redisConfig,
};

export type GatewayConfig = LoadedConfig<typeof gatewayConfigFragments>;

export const loadGatewayConfig = (env: Record<string, string | undefined> = process.env): GatewayConfig =>
  loadConfig(gatewayConfigFragments, env);
