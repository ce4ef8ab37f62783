import type { KafkaConfig } from '@pulse/config';
import { createKafkajsClient } from './kafkajs/kafkajs-client.factory';

export interface KafkaClusterState {
  brokers: number;
  controller: number | null;
}

/** Answers from cluster metadata, which only a broker that finished starting can serve. */
export async function probeKafka(config: KafkaConfig, timeoutMs = 3_000): Promise<KafkaClusterState> {
  const admin = createKafkajsClient(config, { retries: 0, connectionTimeoutMs: timeoutMs, quiet: true }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return { brokers: cluster.brokers.length, controller: cluster.controller };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
