import { execFile } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface DemoTenant {
  organizationId: string;
  secretKey: string;
  projectId: string;
  storeId: string;
  writeKey: string;
}

const root = join(__dirname, '../../..');

async function graphql<T>(gatewayUrl: string, secretKey: string, query: string, variables: object = {}): Promise<T> {
  const response = await fetch(`${gatewayUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secretKey}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data)
    throw new Error(body.errors?.map((error) => error.message).join('; ') ?? 'no data');
  return body.data;
}

/**
 * The demo shop `./pulse start` prints: made once through the first-run command and the public
 * API, then reused while its key still works, so restarts do not pile up tenants.
 */
export async function ensureDemoTenant(
  stateDir: string,
  gatewayUrl: string,
  env: NodeJS.ProcessEnv,
): Promise<DemoTenant> {
  const file = join(stateDir, 'demo-tenant.json');
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as DemoTenant;
    const stillValid = await graphql(gatewayUrl, saved.secretKey, '{ organization { id } }').then(
      () => true,
      () => false,
    );
    if (stillValid) return saved;
  }
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      join(root, 'dist/apps/workspace/src/admin/main.js'),
      'create-organization',
      '--name',
      'Demo organization',
      '--json',
    ],
    { env },
  );
  const { organizationId, secretKey } = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as DemoTenant;
  const { createProject } = await graphql<{ createProject: { id: string } }>(
    gatewayUrl,
    secretKey,
    `
      mutation {
        createProject(input: { name: "Demo shop", currency: "EUR", timeZone: "Europe/Paris", domains: ["localhost"] }) {
          id
        }
      }
    `,
  );
  const { createStore } = await graphql<{ createStore: { id: string } }>(
    gatewayUrl,
    secretKey,
    'mutation($p: ID!) { createStore(input: { projectId: $p, name: "Main store" }) { id } }',
    { p: createProject.id },
  );
  const { issueWriteKey } = await graphql<{ issueWriteKey: { key: string } }>(
    gatewayUrl,
    secretKey,
    'mutation($p: ID!) { issueWriteKey(input: { projectId: $p, name: "Demo storefront", allowedOrigins: ["http://localhost:5173"] }) { key } }',
    { p: createProject.id },
  );
  const tenant: DemoTenant = {
    organizationId,
    secretKey,
    projectId: createProject.id,
    storeId: createStore.id,
    writeKey: issueWriteKey.key,
  };
  writeFileSync(file, `${JSON.stringify(tenant, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return tenant;
}
