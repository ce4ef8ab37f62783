import { Logger } from '@nestjs/common';
import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { KafkaConfig } from '@pulse/config';

const nestLevel: Record<number, 'error' | 'warn' | 'log' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'log',
  [logLevel.DEBUG]: 'debug',
};

export interface KafkajsClientOptions {
  /** Connection attempts before giving up; probes use 0 so that a dead broker is reported at once. */
  retries?: number;
  connectionTimeoutMs?: number;
  quiet?: boolean;
}

/** kafkajs logs through Nest's logger, which apps route to structured JSON. */
export function createKafkajsClient(config: KafkaConfig, options: KafkajsClientOptions = {}): Kafka {
  const logger = new Logger('Kafka');
  return new Kafka({
    clientId: config.clientId,
    brokers: config.brokers,
    connectionTimeout: options.connectionTimeoutMs ?? 3_000,
    retry: { retries: options.retries ?? 8, initialRetryTime: 200, maxRetryTime: 5_000 },
    logLevel: options.quiet ? logLevel.NOTHING : logLevel.WARN,
    logCreator:
      () =>
      ({ namespace, level, log }: LogEntry) => {
        const { message, ...extra } = log;
        logger[nestLevel[level] ?? 'log']({ namespace, ...extra, msg: message });
      },
  });
}
