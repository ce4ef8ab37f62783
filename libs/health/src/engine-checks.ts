import type { ElasticsearchConfig, KafkaConfig, PostgresConfig, RedisConfig } from '@pulse/config';
import type { EngineCheck } from './engine-health.indicators';

export interface EngineTargets {
  kafka?: KafkaConfig;
  elasticsearch?: ElasticsearchConfig;
  postgres?: PostgresConfig;
  redis?: RedisConfig;
}

/** Shows where an engine is without credentials. */
function withoutCredentials(url: string): string {
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  return parsed.toString();
}

/*
 * The engine clients load on first probe, not with this library: an app checking only Redis
 * (the gateway) does not pay for loading kafkajs, pg and the Elasticsearch client at start-up.
 */
export function engineChecks(targets: EngineTargets, timeoutMs = 2_000): EngineCheck[] {
  const checks: EngineCheck[] = [];
  const { kafka, elasticsearch, postgres, redis } = targets;
  if (kafka)
    checks.push({
      name: 'kafka',
      target: kafka.brokers.join(','),
      probe: async () => (await import('@pulse/kafka')).probeKafka(kafka, timeoutMs),
    });
  if (elasticsearch)
    checks.push({
      name: 'elasticsearch',
      target: elasticsearch.url,
      probe: async () => (await import('@pulse/elasticsearch')).probeElasticsearch(elasticsearch, timeoutMs),
    });
  if (postgres)
    checks.push({
      name: 'postgres',
      target: withoutCredentials(postgres.url),
      probe: async () => (await import('@pulse/database')).probePostgres(postgres, timeoutMs),
    });
  if (redis)
    checks.push({
      name: 'redis',
      target: withoutCredentials(redis.url),
      probe: async () => (await import('@pulse/redis')).probeRedis(redis, timeoutMs),
    });
  return checks;
}
