import { localDevelopmentSecrets, Secret, signCallerToken } from '@pulse/auth';
import { startApp, testEngines, testNamespace, type RunningApp } from '@pulse/testing';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

jest.setTimeout(120_000);

const ns = testNamespace(__filename);
const root = join(__dirname, '../../..');
const workspaceEnv = {
  DATABASE_URL: testEngines.postgres.url,
  DATABASE_SCHEMA: ns.schema,
  KAFKA_BROKERS: testEngines.kafka.brokers.join(','),
  KAFKA_TOPIC_PREFIX: `${ns.id}.`,
  LOG_LEVEL: 'warn',
};

interface GraphqlAnswer {
  status: number;
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

let workspace: RunningApp;
let gateway: RunningApp;
const tenants: Record<'a' | 'b', { organizationId: string; secretKey: string }> = {
  a: { organizationId: '', secretKey: '' },
  b: { organizationId: '', secretKey: '' },
};

async function createOrganization(name: string): Promise<{ organizationId: string; secretKey: string }> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--disable-warning=TimeoutNegativeWarning',
      join(root, 'dist/apps/workspace/src/admin/main.js'),
      'create-organization',
      '--name',
      name,
      '--json',
    ],
    { env: { PATH: process.env.PATH ?? '', ...workspaceEnv } },
  );
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { organizationId: string; secretKey: string };
}

async function graphql(
  url: string,
  credential: string | null,
  query: string,
  variables: object = {},
  headers: Record<string, string> = {},
): Promise<GraphqlAnswer> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(credential ? { authorization: `Bearer ${credential}` } : {}),
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as Omit<GraphqlAnswer, 'status'>) };
}

const asTenant = (tenant: 'a' | 'b', query: string, variables: object = {}) =>
  graphql(gateway.url, tenants[tenant].secretKey, query, variables);

function dataOf<T>(answer: GraphqlAnswer, field: string): T {
  if (answer.errors?.length) throw new Error(`unexpected errors: ${JSON.stringify(answer.errors)}`);
  return answer.data?.[field] as T;
}

const codeOf = (answer: GraphqlAnswer) => answer.errors?.[0]?.extensions?.code;

const CREATE_PROJECT = `mutation($name: String!) {
  createProject(input: { name: $name, currency: "EUR", timeZone: "Europe/Paris", domains: ["shop.example.com"] }) { id name version }
}`;

beforeAll(async () => {
  tenants.a = await createOrganization('Tenant A');
  tenants.b = await createOrganization('Tenant B');
  workspace = await startApp('workspace', workspaceEnv);
  gateway = await startApp('gateway', {
    REDIS_URL: testEngines.redis.url,
    WORKSPACE_SUBGRAPH_URL: `${workspace.url}/graphql`,
    WORKSPACE_INTERNAL_URL: workspace.url,
    LOG_LEVEL: 'warn',
  });
});

afterAll(async () => {
  await Promise.all([gateway?.stop(), workspace?.stop()]);
  const client = new Client({ connectionString: testEngines.postgres.url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${ns.schema}" CASCADE`);
  await client.end();
});

describe('workspace through the gateway', () => {
  it('creates a project, a store and keys, and reads them back', async () => {
    const project = dataOf<{ id: string; version: number }>(
      await asTenant('a', CREATE_PROJECT, { name: 'Main shop' }),
      'createProject',
    );
    expect(project.version).toBe(1);
    const store = dataOf<{ id: string }>(
      await asTenant('a', 'mutation($p: ID!) { createStore(input: { projectId: $p, name: "France" }) { id name } }', {
        p: project.id,
      }),
      'createStore',
    );
    const writeKey = dataOf<{ key: string; apiKey: { id: string; allowedOrigins: string[] } }>(
      await asTenant(
        'a',
        `mutation($p: ID!) { issueWriteKey(input: { projectId: $p, name: "Storefront", allowedOrigins: ["https://shop.example.com"] }) {
           key apiKey { id allowedOrigins } } }`,
        { p: project.id },
      ),
      'issueWriteKey',
    );
    expect(writeKey.key).toMatch(/^pk_live_/);
    const organization = dataOf<{
      name: string;
      projects: { id: string; stores: { id: string }[]; writeKeys: { id: string; prefix: string }[] }[];
    }>(
      await asTenant('a', '{ organization { name projects { id stores { id } writeKeys { id prefix } } } }'),
      'organization',
    );
    expect(organization.name).toBe('Tenant A');
    expect(organization.projects).toEqual([
      {
        id: project.id,
        stores: [{ id: store.id }],
        writeKeys: [{ id: writeKey.apiKey.id, prefix: writeKey.key.slice(0, 12) }],
      },
    ]);
  });

  it("records the caller's correlation id on the events it causes", async () => {
    const correlationId = `${ns.id}-correlation`;
    const answer = await graphql(
      gateway.url,
      tenants.a.secretKey,
      CREATE_PROJECT,
      { name: 'Traced' },
      {
        'x-correlation-id': correlationId,
      },
    );
    const project = dataOf<{ id: string }>(answer, 'createProject');
    const client = new Client({ connectionString: testEngines.postgres.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ correlation_id: string }>(
        `SELECT metadata ->> 'correlationId' AS correlation_id FROM "${ns.schema}".event_store_events WHERE stream_id = $1`,
        [project.id],
      );
      expect(rows).toEqual([{ correlation_id: correlationId }]);
    } finally {
      await client.end();
    }
  });

  it('answers a stale expected version with CONFLICT and changes nothing', async () => {
    const project = dataOf<{ id: string }>(await asTenant('a', CREATE_PROJECT, { name: 'Outlet' }), 'createProject');
    const rename =
      'mutation($id: ID!, $v: Int!, $n: String!) { renameProject(input: { id: $id, name: $n, expectedVersion: $v }) { name version } }';
    expect(dataOf(await asTenant('a', rename, { id: project.id, v: 1, n: 'Outlet 2' }), 'renameProject')).toEqual({
      name: 'Outlet 2',
      version: 2,
    });
    const stale = await asTenant('a', rename, { id: project.id, v: 1, n: 'Outlet 3' });
    expect(codeOf(stale)).toBe('CONFLICT');
    expect(
      dataOf(await asTenant('a', 'query($id: ID!) { project(id: $id) { name } }', { id: project.id }), 'project'),
    ).toEqual({ name: 'Outlet 2' });
  });

  it("answers tenant B on tenant A's ids as if they did not exist", async () => {
    const project = dataOf<{ id: string }>(await asTenant('a', CREATE_PROJECT, { name: 'Private' }), 'createProject');
    expect(
      dataOf(await asTenant('b', 'query($id: ID!) { project(id: $id) { id } }', { id: project.id }), 'project'),
    ).toBeNull();
    const rename = await asTenant(
      'b',
      'mutation($id: ID!) { renameProject(input: { id: $id, name: "Stolen", expectedVersion: 1 }) { id } }',
      { id: project.id },
    );
    expect(codeOf(rename)).toBe('NOT_FOUND');
    const store = await asTenant('b', 'mutation($p: ID!) { createStore(input: { projectId: $p, name: "X" }) { id } }', {
      p: project.id,
    });
    expect(codeOf(store)).toBe('NOT_FOUND');
    const organizationB = dataOf<{ projects: unknown[] }>(
      await asTenant('b', '{ organization { projects { id } } }'),
      'organization',
    );
    expect(organizationB.projects).toEqual([]);
  });

  it('refuses a revoked key on its very next request', async () => {
    const issued = dataOf<{ key: string; apiKey: { id: string; version: number } }>(
      await asTenant('a', 'mutation { issueSecretKey(input: { name: "Temporary" }) { key apiKey { id version } } }'),
      'issueSecretKey',
    );
    expect(dataOf(await graphql(gateway.url, issued.key, '{ organization { name } }'), 'organization')).toEqual({
      name: 'Tenant A',
    });
    dataOf(
      await asTenant(
        'a',
        'mutation($id: ID!, $v: Int!) { revokeApiKey(input: { id: $id, expectedVersion: $v }) { revoked } }',
        {
          id: issued.apiKey.id,
          v: issued.apiKey.version,
        },
      ),
      'revokeApiKey',
    );
    const refused = await graphql(gateway.url, issued.key, '{ organization { name } }');
    expect(refused.status).toBe(401);
    expect(codeOf(refused)).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['an empty name', CREATE_PROJECT, { name: '   ' }, 'VALIDATION_FAILED'],
    ['an oversized name', CREATE_PROJECT, { name: 'x'.repeat(5_000) }, 'VALIDATION_FAILED'],
    [
      'an unknown id',
      'mutation { archiveProject(input: { id: "0194d7a0-0000-7000-8000-00000000dead", expectedVersion: 1 }) { id } }',
      {},
      'NOT_FOUND',
    ],
    [
      'a malformed id',
      'mutation { archiveProject(input: { id: "not-a-uuid", expectedVersion: 1 }) { id } }',
      {},
      'NOT_FOUND',
    ],
    [
      'an unknown currency',
      'mutation { createProject(input: { name: "X", currency: "EURO", timeZone: "UTC" }) { id } }',
      {},
      'VALIDATION_FAILED',
    ],
  ])('answers %s with a stable code, never an internal error', async (_case, query, variables, code) => {
    const answer = await asTenant('a', query, variables);
    expect(codeOf(answer)).toBe(code);
    expect(answer.status).toBeLessThan(500);
  });

  it('refuses malformed and expired credentials, and queries over the depth limit', async () => {
    expect(codeOf(await graphql(gateway.url, 'sk_live_not-a-real-key', '{ organization { id } }'))).toBe(
      'UNAUTHENTICATED',
    );
    expect(codeOf(await graphql(gateway.url, 'not.a.jwt', '{ organization { id } }'))).toBe('UNAUTHENTICATED');
    const tokenSecret = new Secret(localDevelopmentSecrets.PULSE_TOKEN_SECRET);
    const valid = await signCallerToken({ org: tenants.a.organizationId, sub: 'someone' }, tokenSecret, '10m');
    expect(dataOf(await graphql(gateway.url, valid, '{ organization { name } }'), 'organization')).toEqual({
      name: 'Tenant A',
    });
    const expired = await signCallerToken(
      { org: tenants.a.organizationId, sub: 'someone' },
      tokenSecret,
      '10 minutes ago',
    );
    expect(codeOf(await graphql(gateway.url, expired, '{ organization { id } }'))).toBe('UNAUTHENTICATED');
    const nesting = Array.from({ length: 6 }, () => ['stores', 'project']).flat();
    const deep = `{ organization { projects { ${nesting.join(' { ')} { id }${' }'.repeat(nesting.length - 1)} } } }`;
    const refused = await asTenant('a', deep);
    expect(refused.status).toBe(400);
    expect(refused.errors?.map((error) => error.extensions?.code)).toContain('QUERY_TOO_DEEP');
  });

  it('lets the workspace subgraph be called directly with a key, but not its federation internals', async () => {
    const direct = await graphql(workspace.url, tenants.a.secretKey, '{ organization { name } }');
    expect(dataOf(direct, 'organization')).toEqual({ name: 'Tenant A' });
    const internals = await graphql(workspace.url, tenants.a.secretKey, '{ _service { sdl } }');
    expect(codeOf(internals)).toBe('FORBIDDEN');
  });
});
