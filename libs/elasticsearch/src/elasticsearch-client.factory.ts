import { Client } from '@elastic/elasticsearch';
import type { ElasticsearchConfig } from '@pulse/config';

export function createElasticsearchClient(
  config: ElasticsearchConfig,
  overrides: { maxRetries?: number } = {},
): Client {
  return new Client({
    node: config.url,
    requestTimeout: config.requestTimeoutMs,
    maxRetries: overrides.maxRetries ?? 3,
  });
}
