export { Client as ElasticsearchClient } from '@elastic/elasticsearch';
export type { estypes } from '@elastic/elasticsearch';
export * from './elasticsearch-client.factory';
export * from './elasticsearch-probe';
export * from './elasticsearch.module';
export * from './index-administration';
