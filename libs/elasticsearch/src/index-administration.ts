import type { Client, estypes } from '@elastic/elasticsearch';

export interface IndexTemplateSpec {
  name: string;
  indexPatterns: string[];
  mappings: estypes.MappingTypeMapping;
  settings?: estypes.IndicesIndexSettings;
  /** Higher wins where patterns overlap. */
  priority?: number;
}

/**
 * Time-based indices behind aliases, with explicit templates. The distribution we run locally has
 * no ILM, ingest pipelines or reindex, so retention drops whole indices and rebuilds swap aliases;
 * both are plain core features that work the same on a full cluster.
 */
export class IndexAdministration {
  constructor(private readonly client: Client) {}

  async putIndexTemplate(spec: IndexTemplateSpec): Promise<void> {
    await this.client.indices.putIndexTemplate({
      name: spec.name,
      index_patterns: spec.indexPatterns,
      priority: spec.priority ?? 100,
      template: { mappings: spec.mappings, settings: spec.settings ?? {} },
    });
  }

  /** Creates the index unless it exists and makes sure the alias points at it (among others). */
  async ensureIndexWithAlias(index: string, alias: string): Promise<void> {
    const exists = await this.client.indices.exists({ index });
    if (!exists) {
      try {
        await this.client.indices.create({ index, aliases: { [alias]: {} } });
        return;
      } catch (error) {
        if (!isResourceAlreadyExists(error)) throw error;
      }
    }
    await this.client.indices.putAlias({ index, name: alias });
  }

  /** Moves an alias from every index it covers to `index`, atomically. */
  async swapAlias(alias: string, index: string): Promise<void> {
    const current = await this.indicesBehind(alias);
    await this.client.indices.updateAliases({
      actions: [
        ...current.filter((name) => name !== index).map((name) => ({ remove: { index: name, alias } })),
        { add: { index, alias } },
      ],
    });
  }

  async indicesBehind(alias: string): Promise<string[]> {
    const exists = await this.client.indices.existsAlias({ name: alias });
    if (!exists) return [];
    const response = await this.client.indices.getAlias({ name: alias });
    return Object.keys(response).sort();
  }

  async listIndices(pattern: string): Promise<string[]> {
    const rows = await this.client.cat.indices({ index: pattern, format: 'json', h: 'index' });
    return rows.map((row) => String(row.index)).sort();
  }

  async deleteIndices(names: readonly string[]): Promise<void> {
    if (names.length === 0) return;
    await this.client.indices.delete({ index: [...names], ignore_unavailable: true });
  }

  async deleteIndexTemplate(name: string): Promise<void> {
    await this.client.indices.deleteIndexTemplate({ name }, { ignore: [404] });
  }
}

function isResourceAlreadyExists(error: unknown): boolean {
  const body = (error as { meta?: { body?: { error?: { type?: string } } } }).meta?.body;
  return body?.error?.type === 'resource_already_exists_exception';
}
