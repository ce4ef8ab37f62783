import type { ElasticsearchConfig, KafkaConfig, PostgresConfig, RedisConfig } from '@pulse/config';
import { engineChecks, describeError, type EngineName } from '@pulse/health';

/** The shared local stack; tests use their own database, never the machine's `test`. */
export const testEngines = {
  kafka: {
    brokers: [process.env.PULSE_TEST_KAFKA_BROKERS ?? '127.0.0.1:9092'],
    clientId: 'pulse-test',
    topicPrefix: '',
  } satisfies KafkaConfig,
  elasticsearch: {
    url: process.env.PULSE_TEST_ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200',
    requestTimeoutMs: 30_000,
  } satisfies ElasticsearchConfig,
  postgres: {
    url: process.env.PULSE_TEST_DATABASE_URL ?? 'postgres://pulse:pulse@127.0.0.1:5432/pulse_test',
    schema: 'public',
    poolSize: 4,
  } satisfies PostgresConfig,
  redis: {
    url: process.env.PULSE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0',
    keyPrefix: 'pulse:test:',
  } satisfies RedisConfig,
};

const engineTitles: Record<EngineName, string> = {
  kafka: 'Kafka',
  elasticsearch: 'Elasticsearch',
  postgres: 'PostgreSQL',
  redis: 'Redis',
};

/**
 * Call in beforeAll: when the engine is down the file fails at once with a message that names
 * it and says how to start it, instead of a pile of timeouts.
 */
export async function requireEngine(engine: EngineName): Promise<void> {
  const [check] = engineChecks({ [engine]: testEngines[engine] });
  if (!check) throw new Error(`no check for ${engine}`);
  try {
    await check.probe();
  } catch (error) {
    throw new Error(
      `${engineTitles[engine]} is not reachable at ${check.target} (${describeError(error)}). ` +
        'Start the local stack with "./pulse stack up" and read "./pulse stack status".',
      { cause: error },
    );
  }
}
