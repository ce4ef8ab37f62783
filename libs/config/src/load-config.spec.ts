import {
  elasticsearchConfig,
  httpConfig,
  kafkaConfig,
  loggingConfig,
  postgresConfig,
  redisConfig,
} from './config-fragments';
import { InvalidConfigurationException, loadConfig } from './load-config';

const fragments = {
  http: httpConfig(4000),
  logging: loggingConfig,
  kafka: kafkaConfig,
  elasticsearch: elasticsearchConfig,
  postgres: postgresConfig,
  redis: redisConfig,
};

function problemsOf(env: Record<string, string>): InvalidConfigurationException {
  try {
    loadConfig(fragments, env);
  } catch (error) {
    if (error instanceof InvalidConfigurationException) return error;
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('loadConfig', () => {
  it('gives local-stack defaults when nothing is set', () => {
    const config = loadConfig(fragments, {});
    expect(config.http).toEqual({ port: 4000, host: '127.0.0.1' });
    expect(config.kafka.brokers).toEqual(['127.0.0.1:9092']);
    expect(config.elasticsearch.url).toBe('http://127.0.0.1:9200');
    expect(config.postgres).toMatchObject({ schema: 'public', poolSize: 10 });
    expect(config.redis.url).toBe('redis://127.0.0.1:6379/0');
    expect(config.logging).toEqual({ level: 'info', pretty: false });
  });

  it('parses lists, numbers and booleans from strings', () => {
    const config = loadConfig(fragments, {
      PORT: '8080',
      KAFKA_BROKERS: 'a:9092, b:9093',
      LOG_PRETTY: 'true',
      DATABASE_POOL_SIZE: '3',
    });
    expect(config.http.port).toBe(8080);
    expect(config.kafka.brokers).toEqual(['a:9092', 'b:9093']);
    expect(config.logging.pretty).toBe(true);
    expect(config.postgres.poolSize).toBe(3);
  });

  it('names every bad variable in one error', () => {
    const error = problemsOf({ PORT: '70000', KAFKA_BROKERS: 'no-port', LOG_LEVEL: 'loud', REDIS_URL: 'http://x' });
    expect(error.code).toBe('INVALID_CONFIGURATION');
    expect(error.problems.map((problem) => problem.variable).sort()).toEqual([
      'KAFKA_BROKERS',
      'LOG_LEVEL',
      'PORT',
      'REDIS_URL',
    ]);
    expect(error.message).toContain('KAFKA_BROKERS: expected host:port (got "no-port")');
  });

  it('never prints a password it was given', () => {
    const error = problemsOf({ DATABASE_URL: 'mysql://admin:hunter2@db:3306/x' });
    expect(error.message).toContain('DATABASE_URL');
    expect(error.message).not.toContain('hunter2');
  });
});
