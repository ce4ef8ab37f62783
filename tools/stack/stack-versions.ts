/**
 * The one place that pins the engines Pulse runs on. The local stack, docker/ and k8s/ are
 * checked against these values by tests, so they cannot drift apart silently.
 */
export const stackVersions = {
  node: '24.21.0',
  kafka: '4.3.1',
  /** Kafka logs through slf4j 1.7; log4j's bridge for it. */
  log4j: '2.24.3',
  elasticsearch: '8.19.21',
  postgresMajor: 15,
  redisMajor: 7,
  mavenDependencyPlugin: '3.6.1',
} as const;

export const stackPorts = {
  kafka: 9092,
  kafkaController: 9093,
  elasticsearch: 9200,
  postgres: 5432,
  redis: 6379,
} as const;

export { appPorts } from '../../libs/config/src/app-ports';
