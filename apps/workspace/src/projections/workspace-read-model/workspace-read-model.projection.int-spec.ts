import { createDataSource, migrate, type DataSource } from '@pulse/database';
import { requireEngine, testEngines, testNamespace } from '@pulse/testing';
import type { PublishedWorkspaceEvent, WorkspaceEvent } from '../../events/workspace-event';
import { CreateWorkspaceReadModel1763900100000 } from '../../migrations/1763900100000-create-workspace-read-model.migration';
import { applyWorkspaceEvent } from './workspace-read-model.projection';

jest.setTimeout(30_000);

const ns = testNamespace(__filename);
const ids = {
  org: '0194d7a0-0000-7000-8000-000000000001',
  project: '0194d7a0-0000-7000-8000-000000000002',
  store: '0194d7a0-0000-7000-8000-000000000003',
  writeKey: '0194d7a0-0000-7000-8000-000000000004',
  secretKey: '0194d7a0-0000-7000-8000-000000000005',
};

/** A realistic history, each aggregate's events numbered as its stream would number them. */
function history(): PublishedWorkspaceEvent[] {
  const versions = new Map<string, number>();
  let clock = Date.parse('2026-11-23T10:00:00Z');
  const publish = (streamId: string, event: WorkspaceEvent): PublishedWorkspaceEvent => {
    const streamVersion = (versions.get(streamId) ?? 0) + 1;
    versions.set(streamId, streamVersion);
    clock += 1000;
    return {
      ...event,
      id: `${streamId}-${streamVersion}`,
      streamId,
      streamVersion,
      recordedAt: new Date(clock).toISOString(),
    };
  };
  return [
    publish(ids.org, {
      type: 'OrganizationCreated',
      data: { organizationId: ids.org, name: 'Acme', createdBy: 'admin' },
    }),
    publish(ids.project, {
      type: 'ProjectCreated',
      data: {
        projectId: ids.project,
        organizationId: ids.org,
        name: 'Main',
        domains: ['shop.example.com'],
        currency: 'EUR',
        timeZone: 'Europe/Paris',
      },
    }),
    publish(ids.org, { type: 'OrganizationRenamed', data: { organizationId: ids.org, name: 'Acme Inc' } }),
    publish(ids.store, {
      type: 'StoreCreated',
      data: { storeId: ids.store, projectId: ids.project, organizationId: ids.org, name: 'France' },
    }),
    publish(ids.project, {
      type: 'ProjectSettingsChanged',
      data: {
        projectId: ids.project,
        domains: ['shop.example.com', 'shop.example.fr'],
        currency: 'EUR',
        timeZone: 'UTC',
      },
    }),
    publish(ids.writeKey, {
      type: 'WriteKeyIssued',
      data: {
        keyId: ids.writeKey,
        organizationId: ids.org,
        projectId: ids.project,
        name: 'Storefront',
        allowedOrigins: ['https://shop.example.com'],
        keyHash: 'hash-1',
        keyPrefix: 'pk_live_aaaa',
      },
    }),
    publish(ids.writeKey, {
      type: 'WriteKeyRotated',
      data: { keyId: ids.writeKey, keyHash: 'hash-2', keyPrefix: 'pk_live_bbbb', previousKeyHash: 'hash-1' },
    }),
    publish(ids.secretKey, {
      type: 'SecretKeyIssued',
      data: {
        keyId: ids.secretKey,
        organizationId: ids.org,
        name: 'Reporting',
        projectScope: [ids.project],
        keyHash: 'hash-3',
        keyPrefix: 'sk_live_cccc',
      },
    }),
    publish(ids.store, { type: 'StoreRenamed', data: { storeId: ids.store, name: 'France & Benelux' } }),
    publish(ids.secretKey, { type: 'ApiKeyRevoked', data: { keyId: ids.secretKey, revokedBy: 'admin' } }),
    publish(ids.project, { type: 'ProjectRenamed', data: { projectId: ids.project, name: 'Main shop' } }),
  ];
}

let dataSource: DataSource;

async function project(events: readonly PublishedWorkspaceEvent[]): Promise<void> {
  await dataSource.transaction(async (manager) => {
    for (const event of events) await applyWorkspaceEvent(manager, event);
  });
}

async function readModel(): Promise<Record<string, unknown[]>> {
  const tables = ['organizations', 'projects', 'stores', 'api_keys'];
  const entries = await Promise.all(
    tables.map(
      async (table) => [table, (await dataSource.query(`SELECT * FROM ${table} ORDER BY id`)) as unknown[]] as const,
    ),
  );
  return Object.fromEntries(entries);
}

async function truncate(): Promise<void> {
  await dataSource.query('TRUNCATE organizations, projects, stores, api_keys');
}

beforeAll(async () => {
  await requireEngine('postgres');
  dataSource = createDataSource(testEngines.postgres, {
    schema: ns.schema,
    migrations: [CreateWorkspaceReadModel1763900100000],
  });
  await migrate(dataSource);
});

afterAll(async () => {
  if (!dataSource?.isInitialized) return;
  await dataSource.query(`DROP SCHEMA IF EXISTS "${ns.schema}" CASCADE`);
  await dataSource.destroy();
});

describe('workspace read model projection', () => {
  it('builds the read model the history describes', async () => {
    await truncate();
    await project(history());
    const model = await readModel();
    expect(model.organizations).toEqual([expect.objectContaining({ id: ids.org, name: 'Acme Inc', version: 2 })]);
    expect(model.projects).toEqual([
      expect.objectContaining({
        name: 'Main shop',
        domains: ['shop.example.com', 'shop.example.fr'],
        time_zone: 'UTC',
        version: 3,
        archived: false,
      }),
    ]);
    expect(model.stores).toEqual([expect.objectContaining({ name: 'France & Benelux', version: 2 })]);
    expect(model.api_keys).toEqual([
      expect.objectContaining({ id: ids.writeKey, key_hash: 'hash-2', key_prefix: 'pk_live_bbbb', revoked: false }),
      expect.objectContaining({ id: ids.secretKey, revoked: true, project_scope: [ids.project] }),
    ]);
  });

  it('yields the same read model when every event is delivered twice', async () => {
    await truncate();
    await project(history());
    const once = await readModel();
    await truncate();
    await project(history().flatMap((event) => [event, event]));
    expect(await readModel()).toEqual(once);
  });

  it('yields the same read model when the whole history is replayed over it', async () => {
    await truncate();
    await project(history());
    const once = await readModel();
    await project(history());
    expect(await readModel()).toEqual(once);
  });

  it('ignores a stale redelivery that arrives after newer events of the same aggregate', async () => {
    await truncate();
    const events = history();
    await project(events);
    const once = await readModel();
    const staleRename = events.find((event) => event.type === 'OrganizationRenamed');
    if (!staleRename) throw new Error('the history has no rename');
    await project([{ ...staleRename, streamVersion: 1, data: { organizationId: ids.org, name: 'Old name' } }]);
    expect(await readModel()).toEqual(once);
  });
});
