import { z } from 'zod';

/**
 * Each fragment reads a few environment variables and turns them into one typed section of an
 * app's configuration. Apps pick the fragments they need, so an app is never asked for the
 * settings of an engine it does not use.
 */
const port = (fallback: number) => z.coerce.number().int().min(1).max(65_535).default(fallback);

const hostPort = z.string().regex(/^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/, 'expected host:port');

const urlWithScheme = (schemes: readonly string[]) =>
  z.url({ protocol: new RegExp(`^(${schemes.join('|')})$`), error: `expected a ${schemes.join(' or ')} URL` });

export const httpConfig = (defaultPort: number) =>
  z
    .object({
      PORT: port(defaultPort),
      HOST: z.string().min(1).default('127.0.0.1'),
    })
    .transform((env) => ({ port: env.PORT, host: env.HOST }));

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const loggingConfig = z
  .object({
    LOG_LEVEL: z.enum(logLevels).default('info'),
    LOG_PRETTY: z.stringbool().default(false),
  })
  .transform((env) => ({ level: env.LOG_LEVEL, pretty: env.LOG_PRETTY }));

export const kafkaConfig = z
  .object({
    KAFKA_BROKERS: z
      .string()
      .default('127.0.0.1:9092')
      .transform((value) => value.split(',').map((broker) => broker.trim()))
      .pipe(z.array(hostPort).min(1, 'expected at least one broker')),
    KAFKA_CLIENT_ID: z.string().min(1).default('pulse'),
    // Namespaces every topic and consumer group: one cluster can host several environments or tests.
    KAFKA_TOPIC_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9._-]*$/, 'expected letters, digits, ".", "_" or "-"')
      .default(''),
  })
  .transform((env) => ({
    brokers: env.KAFKA_BROKERS,
    clientId: env.KAFKA_CLIENT_ID,
    topicPrefix: env.KAFKA_TOPIC_PREFIX,
  }));

export const elasticsearchConfig = z
  .object({
    ELASTICSEARCH_URL: urlWithScheme(['http', 'https']).default('http://127.0.0.1:9200'),
    ELASTICSEARCH_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  })
  .transform((env) => ({ url: env.ELASTICSEARCH_URL, requestTimeoutMs: env.ELASTICSEARCH_REQUEST_TIMEOUT_MS }));

export const postgresConfig = z
  .object({
    DATABASE_URL: urlWithScheme(['postgres', 'postgresql']).default('postgres://pulse:pulse@127.0.0.1:5432/pulse'),
    DATABASE_SCHEMA: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'expected a lower-case SQL identifier')
      .default('public'),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  })
  .transform((env) => ({ url: env.DATABASE_URL, schema: env.DATABASE_SCHEMA, poolSize: env.DATABASE_POOL_SIZE }));

export const redisConfig = z
  .object({
    REDIS_URL: urlWithScheme(['redis', 'rediss']).default('redis://127.0.0.1:6379/0'),
    REDIS_KEY_PREFIX: z.string().default('pulse:'),
  })
  .transform((env) => ({ url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX }));

export type HttpConfig = z.output<ReturnType<typeof httpConfig>>;
export type LoggingConfig = z.output<typeof loggingConfig>;
export type KafkaConfig = z.output<typeof kafkaConfig>;
export type ElasticsearchConfig = z.output<typeof elasticsearchConfig>;
export type PostgresConfig = z.output<typeof postgresConfig>;
export type RedisConfig = z.output<typeof redisConfig>;
