import type { ElasticsearchConfig, KafkaConfig, PostgresConfig, RedisConfig } from '@pulse/config';
import { probeElasticsearch } from '@pulse/elasticsearch';
import { probeKafka } from '@pulse/kafka';
import { probePostgres } from '@pulse/database';
import { probeRedis } from '@pulse/redis';
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

export function engineChecks(targets: EngineTargets, timeoutMs = 2_000): EngineCheck[] {
  const checks: EngineCheck[] = [];
  const { kafka, elasticsearch, postgres, redis } = targets;
  if (kafka)
    checks.push({ engine: 'kafka', target: kafka.brokers.join(','), probe: () => probeKafka(kafka, timeoutMs) });
  if (elasticsearch)
    checks.push({
      engine: 'elasticsearch',
      target: elasticsearch.url,
      probe: () => probeElasticsearch(elasticsearch, timeoutMs),
    });
  if (postgres)
    checks.push({
      engine: 'postgres',
      target: withoutCredentials(postgres.url),
      probe: () => probePostgres(postgres, timeoutMs),
    });
  if (redis)
    checks.push({ engine: 'redis', target: withoutCredentials(redis.url), probe: () => probeRedis(redis, timeoutMs) });
  return checks;
}
