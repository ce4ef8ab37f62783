import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from '@pulse/database';
import { setTimeout as delay } from 'node:timers/promises';
import type { ApiKeyView, OrganizationView, ProjectView, StoreView } from './workspace-views';

type Row = Record<string, unknown>;

const text = (row: Row, column: string) => String(row[column]);
const iso = (row: Row, column: string) => new Date(row[column] as string | Date).toISOString();
const list = (row: Row, column: string) => (Array.isArray(row[column]) ? (row[column] as unknown[]).map(String) : []);

function toOrganization(row: Row): OrganizationView {
  return {
    id: text(row, 'id'),
    name: text(row, 'name'),
    version: Number(row.version),
    createdAt: iso(row, 'created_at'),
  };
}

function toProject(row: Row): ProjectView {
  return {
    id: text(row, 'id'),
    organizationId: text(row, 'organization_id'),
    name: text(row, 'name'),
    domains: list(row, 'domains'),
    currency: text(row, 'currency'),
    timeZone: text(row, 'time_zone'),
    archived: Boolean(row.archived),
    version: Number(row.version),
    createdAt: iso(row, 'created_at'),
  };
}

function toStore(row: Row): StoreView {
  return {
    id: text(row, 'id'),
    organizationId: text(row, 'organization_id'),
    projectId: text(row, 'project_id'),
    name: text(row, 'name'),
    removed: Boolean(row.removed),
    version: Number(row.version),
    createdAt: iso(row, 'created_at'),
  };
}

function toApiKey(row: Row): ApiKeyView {
  return {
    id: text(row, 'id'),
    organizationId: text(row, 'organization_id'),
    kind: row.kind === 'write' ? 'WRITE' : 'SECRET',
    projectId: row.project_id ? text(row, 'project_id') : null,
    name: text(row, 'name'),
    prefix: text(row, 'key_prefix'),
    allowedOrigins: list(row, 'allowed_origins'),
    projectScope: row.project_scope === null ? null : list(row, 'project_scope'),
    revoked: Boolean(row.revoked),
    version: Number(row.version),
    createdAt: iso(row, 'created_at'),
  };
}

/** How long a mutation waits for its own write to reach the read model before giving up. */
const READ_YOUR_WRITES_TIMEOUT_MS = 10_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every query filters by the caller's organization in SQL: another tenant's ids answer as if
 * they did not exist, and nothing relies on filtering results afterwards.
 */
@Injectable()
export class WorkspaceReadModel {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  private async rows(sql: string, parameters: unknown[]): Promise<Row[]> {
    return (await this.dataSource.query(sql, parameters)) as Row[];
  }

  /** Ids are UUIDs: anything else cannot exist, and must not reach PostgreSQL as a type error. */
  private static ids(...ids: string[]): boolean {
    return ids.every((id) => UUID.test(id));
  }

  async organization(organizationId: string): Promise<OrganizationView | null> {
    if (!WorkspaceReadModel.ids(organizationId)) return null;
    const [row] = await this.rows('SELECT * FROM organizations WHERE id = $1', [organizationId]);
    return row ? toOrganization(row) : null;
  }

  async project(organizationId: string, projectId: string): Promise<ProjectView | null> {
    if (!WorkspaceReadModel.ids(organizationId, projectId)) return null;
    const [row] = await this.rows('SELECT * FROM projects WHERE organization_id = $1 AND id = $2', [
      organizationId,
      projectId,
    ]);
    return row ? toProject(row) : null;
  }

  async projects(
    organizationId: string,
    options: { includeArchived: boolean; scope: string[] | null },
  ): Promise<ProjectView[]> {
    const rows = await this.rows(
      `SELECT * FROM projects WHERE organization_id = $1 AND ($2 OR NOT archived)
         AND ($3::uuid[] IS NULL OR id = ANY($3::uuid[])) ORDER BY created_at, id`,
      [organizationId, options.includeArchived, options.scope?.filter((id) => UUID.test(id)) ?? null],
    );
    return rows.map(toProject);
  }

  async store(organizationId: string, storeId: string): Promise<StoreView | null> {
    if (!WorkspaceReadModel.ids(organizationId, storeId)) return null;
    const [row] = await this.rows('SELECT * FROM stores WHERE organization_id = $1 AND id = $2', [
      organizationId,
      storeId,
    ]);
    return row ? toStore(row) : null;
  }

  async stores(organizationId: string, projectId: string, includeRemoved: boolean): Promise<StoreView[]> {
    if (!WorkspaceReadModel.ids(organizationId, projectId)) return [];
    const rows = await this.rows(
      'SELECT * FROM stores WHERE organization_id = $1 AND project_id = $2 AND ($3 OR NOT removed) ORDER BY created_at, id',
      [organizationId, projectId, includeRemoved],
    );
    return rows.map(toStore);
  }

  async apiKey(organizationId: string, keyId: string): Promise<ApiKeyView | null> {
    if (!WorkspaceReadModel.ids(organizationId, keyId)) return null;
    const [row] = await this.rows('SELECT * FROM api_keys WHERE organization_id = $1 AND id = $2', [
      organizationId,
      keyId,
    ]);
    return row ? toApiKey(row) : null;
  }

  async apiKeys(
    organizationId: string,
    options: { projectId?: string; includeRevoked: boolean },
  ): Promise<ApiKeyView[]> {
    const rows = await this.rows(
      `SELECT * FROM api_keys WHERE organization_id = $1 AND ($2::uuid IS NULL OR project_id = $2::uuid)
         AND ($3 OR NOT revoked) ORDER BY created_at, id`,
      [organizationId, options.projectId ?? null, options.includeRevoked],
    );
    return rows.map(toApiKey);
  }

  /** Credentials are looked up by hash only; a revoked or unknown key finds nothing. */
  async activeKeyByHash(keyHash: string): Promise<ApiKeyView | null> {
    const [row] = await this.rows('SELECT * FROM api_keys WHERE key_hash = $1 AND NOT revoked', [keyHash]);
    return row ? toApiKey(row) : null;
  }

  /**
   * Read-your-writes: a mutation returns only once the projection has applied its events, so the
   * caller's next request (a query, or a revoked key's next use) sees them.
   */
  async awaitVersion(
    table: 'organizations' | 'projects' | 'stores' | 'api_keys',
    id: string,
    version: number,
  ): Promise<void> {
    const deadline = Date.now() + READ_YOUR_WRITES_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const [row] = await this.rows(`SELECT version FROM ${table} WHERE id = $1`, [id]);
      if (row && Number(row.version) >= version) return;
      await delay(25);
    }
    throw new ReadModelLaggingException(table, id, version);
  }
}

export class ReadModelLaggingException extends Error {
  readonly code = 'READ_MODEL_LAGGING';

  constructor(table: string, id: string, version: number) {
    super(`the change was recorded but ${table} ${id} has not reached version ${version} yet; read it again shortly`);
    this.name = 'ReadModelLaggingException';
  }
}
