import type { ElasticsearchConfig } from '@pulse/config';
import { createElasticsearchClient } from './elasticsearch-client.factory';

export interface ElasticsearchClusterState {
  cluster: 'green' | 'yellow';
  nodes: number;
}

/**
 * Readiness is cluster health: the integ-test-zip distribution answers 405 to `GET /`, so the
 * client's ping() and info() fail even on a healthy node.
 */
export async function probeElasticsearch(
  config: ElasticsearchConfig,
  timeoutMs = 3_000,
): Promise<ElasticsearchClusterState> {
  const client = createElasticsearchClient({ ...config, requestTimeoutMs: timeoutMs }, { maxRetries: 0 });
  try {
    const health = await client.cluster.health({ timeout: `${Math.max(1, Math.floor(timeoutMs / 1000))}s` });
    const status = String(health.status).toLowerCase();
    if (status !== 'green' && status !== 'yellow') throw new Error(`cluster health is ${status}`);
    return { cluster: status, nodes: health.number_of_nodes };
  } finally {
    await client.close().catch(() => undefined);
  }
}
