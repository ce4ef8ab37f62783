import type { Client, estypes } from '@elastic/elasticsearch';
import { requireEngine, testEngines, testNamespace } from '@pulse/testing';
import { createElasticsearchClient } from './elasticsearch-client.factory';
import { IndexAdministration } from './index-administration';

// Index creation waits for shards; on two busy cores that can exceed Jest's default 5 s.
jest.setTimeout(30_000);

const ns = testNamespace(__filename);
const family = ns.index('events');
const templateName = `${family}-template`;
const firstIndex = `${family}-2026.11.23`;
const secondIndex = `${family}-2026.11.24`;
// Outside the template's pattern, so it can never be mistaken for an index of the family.
const alias = ns.index('search');
const BULK = 300;

interface EventDoc {
  event_id: string;
  shop_id: string;
  type: string;
  title: string;
  properties: Record<string, string>;
  occurred_at: string;
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('meta' in error)) return undefined;
  const { meta } = error;
  if (typeof meta !== 'object' || meta === null || !('statusCode' in meta)) return undefined;
  return typeof meta.statusCode === 'number' ? meta.statusCode : undefined;
}

let client: Client;
let admin: IndexAdministration;

beforeAll(async () => {
  await requireEngine('elasticsearch');
  client = createElasticsearchClient(testEngines.elasticsearch);
  admin = new IndexAdministration(client);
});

afterAll(async () => {
  // Explicit names only: the local cluster refuses wildcard deletes.
  await admin?.deleteIndices([firstIndex, secondIndex]).catch(() => undefined);
  await admin?.deleteIndexTemplate(templateName).catch(() => undefined);
  await client?.close();
});

describe('Elasticsearch index administration', () => {
  it('puts an index template with explicit mappings', async () => {
    await admin.putIndexTemplate({
      name: templateName,
      indexPatterns: [`${family}-*`],
      settings: { number_of_shards: 1, number_of_replicas: 0 },
      mappings: {
        dynamic: 'strict',
        properties: {
          event_id: { type: 'keyword' },
          shop_id: { type: 'keyword' },
          type: { type: 'keyword' },
          title: { type: 'text' },
          properties: { type: 'flattened' },
          occurred_at: { type: 'date' },
        },
      },
    });

    const { index_templates: templates } = await client.indices.getIndexTemplate({ name: templateName });
    expect(templates).toHaveLength(1);
    expect(templates[0]?.index_template.index_patterns).toEqual([`${family}-*`]);
  });

  it('ensureIndexWithAlias creates the daily index from the template, with the alias, idempotently', async () => {
    await admin.ensureIndexWithAlias(firstIndex, alias);
    // Second call: the index exists, the alias is re-put, nothing fails.
    await admin.ensureIndexWithAlias(firstIndex, alias);

    expect(await client.indices.exists({ index: firstIndex })).toBe(true);
    expect(await admin.indicesBehind(alias)).toEqual([firstIndex]);

    const mapping = await client.indices.getMapping({ index: firstIndex });
    const properties = mapping[firstIndex]?.mappings.properties ?? {};
    expect(properties.event_id?.type).toBe('keyword');
    expect(properties.shop_id?.type).toBe('keyword');
    expect(properties.title?.type).toBe('text');
    expect(properties.properties?.type).toBe('flattened');
    expect(properties.occurred_at?.type).toBe('date');
    expect(mapping[firstIndex]?.mappings.dynamic).toBe('strict');
  });

  it('create with a deterministic id refuses a duplicate with 409', async () => {
    const doc: EventDoc = {
      event_id: 'evt-dup',
      shop_id: 'shop-dup',
      type: 'order.placed',
      title: 'duplicate delivery',
      properties: { source: 'retry' },
      occurred_at: '2026-11-23T10:00:00Z',
    };
    const created = await client.create({ index: firstIndex, id: doc.event_id, document: doc });
    expect(created.result).toBe('created');

    // A redelivered event must not be indexed twice.
    const duplicate = await client.create({ index: firstIndex, id: doc.event_id, document: doc }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(statusOf(duplicate)).toBe(409);

    await client.indices.refresh({ index: firstIndex });
    expect((await client.count({ index: firstIndex })).count).toBe(1);
  });

  it('bulk-indexes events and finds them through the alias by keyword and full text', async () => {
    const operations: (estypes.BulkOperationContainer | EventDoc)[] = [];
    for (let i = 0; i < BULK; i += 1) {
      const doc: EventDoc = {
        event_id: `evt-${i}`,
        shop_id: `shop-${i % 3}`,
        type: i % 2 === 0 ? 'product.viewed' : 'cart.updated',
        title: i % 2 === 0 ? 'red running shoes' : 'blue winter jacket',
        properties: { color: i % 2 === 0 ? 'red' : 'blue', size: String(36 + (i % 10)) },
        occurred_at: new Date(Date.UTC(2026, 10, 23, 0, 0, i)).toISOString(),
      };
      operations.push({ create: { _index: firstIndex, _id: doc.event_id } }, doc);
    }
    const bulk = await client.bulk({ operations, refresh: true });
    expect(bulk.errors).toBe(false);
    expect(bulk.items).toHaveLength(BULK);
    expect((await client.count({ index: alias })).count).toBe(BULK + 1);

    // shop-1 and an even i: i % 6 === 4, 50 of 300.
    const found = await client.search<EventDoc>({
      index: alias,
      size: 100,
      track_total_hits: true,
      query: {
        bool: {
          filter: [{ term: { shop_id: 'shop-1' } }, { term: { 'properties.color': 'red' } }],
          must: [{ match: { title: 'shoes' } }],
        },
      },
    });
    const total = found.hits.total;
    expect(typeof total === 'number' ? total : total?.value).toBe(50);
    expect(found.hits.hits).toHaveLength(50);
    for (const hit of found.hits.hits) {
      expect(hit._index).toBe(firstIndex);
      expect(hit._source?.shop_id).toBe('shop-1');
      expect(hit._source?.title).toContain('shoes');
    }

    // Full text is analysed: a different form of the words still matches, a keyword does not.
    const analysed = await client.count({ index: alias, query: { match: { title: 'JACKET Winter' } } });
    expect(analysed.count).toBe(BULK / 2);
    const keywordIsExact = await client.count({ index: alias, query: { term: { shop_id: 'SHOP-1' } } });
    expect(keywordIsExact.count).toBe(0);
  });

  it('swapAlias moves the alias to a second index, away from every other', async () => {
    // Two instances starting together race to create the index; both must succeed. The alias
    // then covers both indices, as during a rebuild.
    await Promise.all([admin.ensureIndexWithAlias(secondIndex, alias), admin.ensureIndexWithAlias(secondIndex, alias)]);
    expect(await admin.indicesBehind(alias)).toEqual([firstIndex, secondIndex].sort());

    await admin.swapAlias(alias, secondIndex);
    expect(await admin.indicesBehind(alias)).toEqual([secondIndex]);
    // Readers now see the (empty) second index only.
    expect((await client.count({ index: alias })).count).toBe(0);
    // The template applied to the second index too.
    const mapping = await client.indices.getMapping({ index: secondIndex });
    expect(mapping[secondIndex]?.mappings.properties?.properties?.type).toBe('flattened');
  });

  it('deleteIndices removes the indices and the alias with them', async () => {
    expect(await admin.listIndices(`${family}-*`)).toEqual([firstIndex, secondIndex]);
    await admin.deleteIndices([firstIndex, secondIndex]);
    expect(await client.indices.exists({ index: firstIndex })).toBe(false);
    expect(await client.indices.exists({ index: secondIndex })).toBe(false);
    expect(await admin.indicesBehind(alias)).toEqual([]);
  });
});
