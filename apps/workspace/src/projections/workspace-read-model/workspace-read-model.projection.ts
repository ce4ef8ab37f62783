import type { PublishedWorkspaceEvent } from '../../events/workspace-event';

/** TypeORM's QueryRunner and EntityManager both fit: the projection runs inside the caller's transaction. */
export interface SqlExecutor {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * Applies one workspace event to the read model. Idempotent by construction: creations insert
 * only when absent, and changes apply only over an older version, so a redelivered or replayed
 * event changes nothing.
 */
export async function applyWorkspaceEvent(sql: SqlExecutor, event: PublishedWorkspaceEvent): Promise<void> {
  const { streamVersion: version, recordedAt: at } = event;
  switch (event.type) {
    case 'OrganizationCreated':
      await sql.query(
        `INSERT INTO organizations (id, name, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
         ON CONFLICT (id) DO NOTHING`,
        [event.data.organizationId, event.data.name, version, at],
      );
      return;
    case 'OrganizationRenamed':
      await update(sql, 'organizations', event.data.organizationId, version, at, { name: event.data.name });
      return;
    case 'ProjectCreated': {
      const { projectId, organizationId, name, domains, currency, timeZone } = event.data;
      await sql.query(
        `INSERT INTO projects (id, organization_id, name, domains, currency, time_zone, version, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (id) DO NOTHING`,
        [projectId, organizationId, name, domains, currency, timeZone, version, at],
      );
      return;
    }
    case 'ProjectRenamed':
      await update(sql, 'projects', event.data.projectId, version, at, { name: event.data.name });
      return;
    case 'ProjectSettingsChanged':
      await update(sql, 'projects', event.data.projectId, version, at, {
        domains: event.data.domains,
        currency: event.data.currency,
        time_zone: event.data.timeZone,
      });
      return;
    case 'ProjectArchived':
      await update(sql, 'projects', event.data.projectId, version, at, { archived: true });
      return;
    case 'StoreCreated': {
      const { storeId, organizationId, projectId, name } = event.data;
      await sql.query(
        `INSERT INTO stores (id, organization_id, project_id, name, version, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (id) DO NOTHING`,
        [storeId, organizationId, projectId, name, version, at],
      );
      return;
    }
    case 'StoreRenamed':
      await update(sql, 'stores', event.data.storeId, version, at, { name: event.data.name });
      return;
    case 'StoreRemoved':
      await update(sql, 'stores', event.data.storeId, version, at, { removed: true });
      return;
    case 'WriteKeyIssued': {
      const { keyId, organizationId, projectId, name, allowedOrigins, keyHash, keyPrefix } = event.data;
      await sql.query(
        `INSERT INTO api_keys (id, organization_id, kind, project_id, name, key_hash, key_prefix, allowed_origins,
           version, created_at, updated_at)
         VALUES ($1, $2, 'write', $3, $4, $5, $6, $7, $8, $9, $9) ON CONFLICT (id) DO NOTHING`,
        [keyId, organizationId, projectId, name, keyHash, keyPrefix, allowedOrigins, version, at],
      );
      return;
    }
    case 'SecretKeyIssued': {
      const { keyId, organizationId, name, projectScope, keyHash, keyPrefix } = event.data;
      await sql.query(
        `INSERT INTO api_keys (id, organization_id, kind, project_scope, name, key_hash, key_prefix, version,
           created_at, updated_at)
         VALUES ($1, $2, 'secret', $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (id) DO NOTHING`,
        [keyId, organizationId, projectScope, name, keyHash, keyPrefix, version, at],
      );
      return;
    }
    case 'WriteKeyRotated':
      await update(sql, 'api_keys', event.data.keyId, version, at, {
        key_hash: event.data.keyHash,
        key_prefix: event.data.keyPrefix,
      });
      return;
    case 'WriteKeyOriginsChanged':
      await update(sql, 'api_keys', event.data.keyId, version, at, { allowed_origins: event.data.allowedOrigins });
      return;
    case 'ApiKeyRevoked':
      await update(sql, 'api_keys', event.data.keyId, version, at, { revoked: true });
      return;
  }
}

type Table = 'organizations' | 'projects' | 'stores' | 'api_keys';

async function update(
  sql: SqlExecutor,
  table: Table,
  id: string,
  version: number,
  at: string,
  columns: Record<string, unknown>,
): Promise<void> {
  const names = Object.keys(columns);
  const assignments = names.map((name, index) => `${name} = $${index + 4}`).join(', ');
  await sql.query(`UPDATE ${table} SET ${assignments}, version = $2, updated_at = $3 WHERE id = $1 AND version < $2`, [
    id,
    version,
    at,
    ...names.map((name) => columns[name]),
  ]);
}
