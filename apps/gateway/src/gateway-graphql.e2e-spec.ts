import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  answerVerifyCredential,
  federationInternalsGuard,
  GATEWAY_IDENTITY_HEADER,
  generateApiKey,
  hashApiKey,
  localDevelopmentSecrets,
  Secret,
  signCallerToken,
  SubgraphAuthenticator,
  verifyGatewayIdentity,
  VERIFY_CREDENTIAL_PATH,
  type AuthConfig,
  type GatewayIdentity,
  type SubgraphAuthContext,
} from '@pulse/auth';
import { expectEventually, freePort, startApp, testEngines, type RunningApp } from '@pulse/testing';
import { GraphQLError, parse } from 'graphql';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import { join } from 'node:path';
import { SignJWT } from 'jose';

// One gateway process per describe block, each ~1 s to start on two busy cores.
jest.setTimeout(30_000);

const auth: AuthConfig = {
  gatewaySigningSecret: new Secret('e2e-gateway-signing-secret-0123456789abcdef'),
  tokenSecret: new Secret('e2e-caller-token-secret-0123456789abcdef0123'),
  usesLocalSecrets: false,
};

const workspaceSdl = readFileSync(join(__dirname, '../../workspace/src/graphql/workspace.graphql'), 'utf8');

/**
 * The workspace as the gateway sees it, in this test process: the real workspace SDL with stub
 * resolvers, authenticated by the real SubgraphAuthenticator and guarded by the real
 * federationInternalsGuard, plus the internal verify endpoint over an in-memory key table.
 */
class FakeWorkspace {
  /** keyHash -> identity: the read model of secret keys. Deleting one revokes the key. */
  readonly keys = new Map<string, GatewayIdentity>();
  /** The headers of every GraphQL request that reached the subgraph. */
  readonly graphqlRequests: IncomingHttpHeaders[] = [];
  private readonly authenticator = new SubgraphAuthenticator(auth, {
    verifySecretKey: async (keyHash) => this.keys.get(keyHash) ?? null,
  });
  private readonly apollo = new ApolloServer<SubgraphAuthContext>({
    schema: buildSubgraphSchema([
      {
        typeDefs: parse(workspaceSdl),
        resolvers: {
          Query: {
            organization: (_root: unknown, _args: unknown, { identity }: SubgraphAuthContext) => ({
              id: identity.organizationId,
              name: `Organization ${identity.organizationId}`,
              version: 1,
              createdAt: '2026-11-23T00:00:00.000Z',
              projects: [],
              apiKeys: [],
            }),
          },
          Mutation: {
            renameOrganization: () => {
              throw new GraphQLError('expected version 1, found 2', { extensions: { code: 'CONFLICT' } });
            },
          },
          Organization: {
            __resolveReference: (reference: { id: string }) => ({ ...reference, name: 'somebody else' }),
          },
        },
      },
    ]),
    plugins: [federationInternalsGuard(), ApolloServerPluginInlineTraceDisabled()],
    stopOnTerminationSignals: false,
  });
  private readonly server: Server = createServer((request, response) => {
    this.route(request).then(
      ({ status, headers, body }) => {
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(body);
      },
      (error: unknown) => {
        response.writeHead(500).end(String(error));
      },
    );
  });
  url = '';

  async start(): Promise<void> {
    await this.apollo.start();
    const port = await freePort();
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
    await this.apollo.stop();
  }

  revoke(key: string): void {
    this.keys.delete(hashApiKey(key));
  }

  issueSecretKey(identity: Omit<GatewayIdentity, 'principal'>): string {
    const { key, keyHash } = generateApiKey('secret');
    this.keys.set(keyHash, { ...identity, principal: { kind: 'secret-key', id: `key_${this.keys.size + 1}` } });
    return key;
  }

  private async route(request: IncomingMessage): Promise<{ status: number; headers?: object; body: string }> {
    const path = new URL(request.url ?? '/', this.url).pathname;
    if (path === '/health/live') return { status: 200, body: '{"status":"ok"}' };
    const text = await new Promise<string>((resolve) => {
      let data = '';
      request.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
      request.on('end', () => resolve(data));
    });
    if (request.method === 'POST' && path === VERIFY_CREDENTIAL_PATH) {
      const answer = await answerVerifyCredential(
        { headers: request.headers, body: JSON.parse(text) },
        {
          gatewaySigningSecret: auth.gatewaySigningSecret,
          verifier: { verifySecretKey: async (hash) => this.keys.get(hash) ?? null },
        },
      );
      return { status: answer.status, body: JSON.stringify(answer.body) };
    }
    if (path !== '/graphql') return { status: 404, body: '{}' };
    this.graphqlRequests.push(request.headers);
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(request.headers))
      if (typeof value === 'string') headers.set(name, value);
    const result = await this.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: request.method ?? 'POST', headers, search: '', body: JSON.parse(text || '{}') },
      context: () => this.authenticator.authenticate(request.headers),
    });
    if (result.body.kind !== 'complete') throw new Error('the fake workspace answers complete bodies only');
    return { status: result.status ?? 200, headers: Object.fromEntries(result.headers), body: result.body.string };
  }
}

interface GraphqlAnswer {
  status: number;
  data?: Record<string, unknown> | null;
  errors: { message: string; extensions?: { code?: string; serviceName?: string } }[];
}

async function graphql(url: string, query: string, headers: Record<string, string> = {}): Promise<GraphqlAnswer> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as Omit<GraphqlAnswer, 'status'>;
  return { status: response.status, data: body.data, errors: body.errors ?? [] };
}

const codesOf = (answer: GraphqlAnswer) => answer.errors.map((error) => error.extensions?.code);
const bearer = (credential: string) => ({ authorization: `Bearer ${credential}` });

const workspace = new FakeWorkspace();
const gatewayEnv = () => ({
  REDIS_URL: testEngines.redis.url,
  GATEWAY_SIGNING_SECRET: auth.gatewaySigningSecret.reveal(),
  PULSE_TOKEN_SECRET: auth.tokenSecret.reveal(),
  WORKSPACE_SUBGRAPH_URL: `${workspace.url}/graphql`,
  WORKSPACE_INTERNAL_URL: workspace.url,
  GRAPHQL_MAX_ALIASES: '3',
  GRAPHQL_MAX_COST: '100',
  GRAPHQL_MAX_TOKENS: '400',
});

let gateway: RunningApp;

beforeAll(async () => {
  await workspace.start();
  gateway = await startApp('gateway', gatewayEnv());
});

afterAll(async () => {
  await gateway?.stop();
  await workspace.stop();
});

describe('authentication at the gateway', () => {
  it('carries a secret key caller to the subgraph as a signed identity, never as the key', async () => {
    const key = workspace.issueSecretKey({ organizationId: 'org_a', projectScope: ['prj_1'] });
    const seen = workspace.graphqlRequests.length;

    const answer = await graphql(gateway.url, '{ organization { id name } }', bearer(key));

    expect(answer).toEqual({
      status: 200,
      data: { organization: { id: 'org_a', name: 'Organization org_a' } },
      errors: [],
    });
    const [forwarded] = workspace.graphqlRequests.slice(seen);
    expect(forwarded?.authorization).toBeUndefined();
    expect(JSON.stringify(forwarded)).not.toContain(key);
    const signed = forwarded?.[GATEWAY_IDENTITY_HEADER];
    if (typeof signed !== 'string') throw new Error(`no ${GATEWAY_IDENTITY_HEADER} header reached the subgraph`);
    expect(await verifyGatewayIdentity(signed, auth.gatewaySigningSecret)).toEqual({
      organizationId: 'org_a',
      principal: { kind: 'secret-key', id: expect.stringMatching(/^key_/) },
      projectScope: ['prj_1'],
    });
  });

  it('takes the tenant of a signed token from its org claim', async () => {
    const token = await signCallerToken({ org: 'org_b', sub: 'user_1' }, auth.tokenSecret, '5m');
    const answer = await graphql(gateway.url, '{ organization { id } }', bearer(token));
    expect(answer.data).toEqual({ organization: { id: 'org_b' } });
  });

  it('refuses a revoked key on its next request', async () => {
    const key = workspace.issueSecretKey({ organizationId: 'org_c', projectScope: null });
    expect((await graphql(gateway.url, '{ organization { id } }', bearer(key))).status).toBe(200);
    workspace.revoke(key);
    const answer = await graphql(gateway.url, '{ organization { id } }', bearer(key));
    expect(answer.status).toBe(401);
    expect(answer.errors).toEqual([
      { message: 'unknown or revoked secret key', extensions: { code: 'UNAUTHENTICATED' } },
    ]);
  });

  it.each([
    ['no credential', async () => ({}), 'missing credential'],
    ['an unknown secret key', async () => bearer(generateApiKey('secret').key), 'unknown or revoked secret key'],
    ['a malformed credential', async () => bearer('sk_live_tooshort'), 'malformed credential'],
    ['a write key', async () => bearer(generateApiKey('write').key), 'write keys (pk_live_...) only send events'],
    [
      'an expired token',
      async () => {
        const expiredAt = Math.floor(Date.now() / 1000) - 60;
        const token = await new SignJWT({ org: 'org_a' })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('user_1')
          .setExpirationTime(expiredAt)
          .sign(auth.tokenSecret.keyBytes());
        return bearer(token);
      },
      'invalid token: expired',
    ],
    [
      'a token signed with the public local secret',
      async () =>
        bearer(
          await signCallerToken(
            { org: 'org_a', sub: 'user_1' },
            new Secret(localDevelopmentSecrets.PULSE_TOKEN_SECRET),
            '5m',
          ),
        ),
      'invalid token: bad signature',
    ],
  ])('refuses %s with UNAUTHENTICATED and HTTP 401', async (_case, headers, message) => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await headers()) },
      body: JSON.stringify({ query: '{ organization { id } }' }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="pulse"');
    const body = (await response.json()) as Omit<GraphqlAnswer, 'status'>;
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(body.errors[0]?.message).toContain(message);
  });
});

describe('operations through the gateway', () => {
  let key: string;

  beforeAll(() => {
    key = workspace.issueSecretKey({ organizationId: 'org_ops', projectScope: null });
  });

  it('passes a subgraph error code through unchanged', async () => {
    const answer = await graphql(
      gateway.url,
      'mutation { renameOrganization(input: { name: "New", expectedVersion: 1 }) { id } }',
      bearer(key),
    );
    expect(answer.status).toBe(200);
    expect(answer.errors.map((error) => [error.message, error.extensions?.code])).toEqual([
      ['expected version 1, found 2', 'CONFLICT'],
    ]);
  });

  const deepQuery = `{ organization { projects { stores { project { stores { project { stores { project {
    stores { project { id } } } } } } } } } } }`;

  it.each([
    ['deeper than 10 levels', deepQuery, 'QUERY_TOO_DEEP', 'Query depth limit of 10 exceeded'],
    [
      'with more than 3 aliases',
      '{ a: organization { id } b: organization { id } c: organization { id } d: organization { id } }',
      'TOO_MANY_ALIASES',
      'Aliases limit of 3 exceeded',
    ],
    [
      'costing more than 100',
      `{ organization { projects { stores { project { stores { project { id name domains currency timeZone archived version createdAt } } } } } } }`,
      'QUERY_TOO_COMPLEX',
      'Query Cost limit of 100 exceeded',
    ],
    [
      'longer than 400 tokens',
      `{ organization { ${'id '.repeat(400)} } }`,
      'QUERY_TOO_LARGE',
      'the query has more than 400 tokens',
    ],
  ])('refuses a query %s with its code and HTTP 400', async (_case, query, code, message) => {
    const answer = await graphql(gateway.url, query, bearer(key));
    expect(answer.status).toBe(400);
    expect(answer.data).toBeUndefined();
    expect(codesOf(answer)).toContain(code);
    expect(answer.errors.find((error) => error.extensions?.code === code)?.message).toContain(message);
  });

  it('answers malformed JSON with a GraphQL error and HTTP 400', async () => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(key) },
      body: '{"query": "{ organization { id } }"',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as Omit<GraphqlAnswer, 'status'>;
    expect(body.errors).toEqual([
      { message: expect.stringContaining('malformed JSON body'), extensions: { code: 'BAD_REQUEST' } },
    ]);
  });

  it('answers a body over 100 kB with PAYLOAD_TOO_LARGE and HTTP 413', async () => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(key) },
      body: JSON.stringify({ query: `# ${'x'.repeat(110_000)}\n{ organization { id } }` }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      errors: [{ message: 'request body too large', extensions: { code: 'PAYLOAD_TOO_LARGE' } }],
    });
  });

  it('answers a request without a query with HTTP 400', async () => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(key) },
      body: JSON.stringify({ variables: {} }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as Omit<GraphqlAnswer, 'status'>;
    expect(body.errors.map((error) => error.extensions?.code)).toEqual(['BAD_REQUEST']);
  });

  it('answers an unknown field with a validation error and HTTP 400', async () => {
    const answer = await graphql(gateway.url, '{ organization { id secretSauce } }', bearer(key));
    expect(answer.status).toBe(400);
    expect(answer.errors).toEqual([
      {
        message: 'Cannot query field "secretSauce" on type "Organization".',
        locations: [{ line: 1, column: 21 }],
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      },
    ]);
  });

  it('does not let callers reach federation internals through the gateway', async () => {
    const answer = await graphql(gateway.url, '{ _service { sdl } }', bearer(key));
    expect(answer.status).toBe(400);
    expect(codesOf(answer)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('counts GraphQL requests in its metrics', async () => {
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).toMatch(
      /pulse_graphql_request_duration_seconds_count\{[^}]*operation="query"[^}]*status="200"[^}]*\} [1-9]/,
    );
    expect(metrics).toMatch(/pulse_graphql_request_duration_seconds_count\{[^}]*status="400"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/pulse_graphql_authentication_failures_total\{[^}]*code="UNAUTHENTICATED"[^}]*\} [1-9]/);
  });

  it('logs neither credentials nor signed identities', () => {
    expect(gateway.output()).not.toContain(key);
    expect(gateway.output()).not.toContain(auth.gatewaySigningSecret.reveal());
    expect(gateway.output()).not.toMatch(/eyJ[A-Za-z0-9_-]+\.eyJ/);
  });
});

describe('the subgraph, called directly', () => {
  const entitiesQuery =
    '{ _entities(representations: [{ __typename: "Organization", id: "org_victim" }]) { ... on Organization { name } } }';

  it('serves an integrator with a secret key of their own', async () => {
    const key = workspace.issueSecretKey({ organizationId: 'org_direct', projectScope: null });
    expect(await graphql(workspace.url, '{ organization { id } }', bearer(key))).toEqual({
      status: 200,
      data: { organization: { id: 'org_direct' } },
      errors: [],
    });
  });

  it('refuses _entities and _service without the gateway signature with FORBIDDEN', async () => {
    const key = workspace.issueSecretKey({ organizationId: 'org_direct', projectScope: null });
    for (const query of [entitiesQuery, '{ _service { sdl } }']) {
      const answer = await graphql(workspace.url, query, bearer(key));
      expect(answer.status).toBe(403);
      expect(answer.data).toBeUndefined();
      expect(codesOf(answer)).toEqual(['FORBIDDEN']);
    }
  });

  it('refuses a forged gateway signature with UNAUTHENTICATED', async () => {
    const forged = await new SignJWT({ pk: 'secret-key', org: 'org_victim', projects: null })
      .setProtectedHeader({ alg: 'HS256', typ: 'pulse-gateway-identity+jwt' })
      .setIssuer('pulse-gateway')
      .setAudience('pulse-subgraph')
      .setSubject('key_x')
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(new Secret(localDevelopmentSecrets.GATEWAY_SIGNING_SECRET).keyBytes());
    const answer = await graphql(workspace.url, entitiesQuery, { [GATEWAY_IDENTITY_HEADER]: forged });
    expect(answer.status).toBe(401);
    expect(codesOf(answer)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('when the workspace fails', () => {
  async function post(url: string, headers: Record<string, string>) {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: '{ organization { id } }' }),
    });
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: (await response.json()) as object,
    };
  }

  it('answers 503 for secret keys it cannot verify and names the unreachable subgraph for tokens', async () => {
    const down = await startApp('gateway', {
      ...gatewayEnv(),
      WORKSPACE_INTERNAL_URL: 'http://127.0.0.1:1',
      WORKSPACE_SUBGRAPH_URL: 'http://127.0.0.1:1/graphql',
    });
    try {
      const key = workspace.issueSecretKey({ organizationId: 'org_a', projectScope: null });
      expect(await post(down.url, bearer(key))).toEqual({
        status: 503,
        retryAfter: '1',
        body: {
          errors: [
            {
              message: 'credentials cannot be verified right now; retry shortly',
              extensions: { code: 'SERVICE_UNAVAILABLE' },
            },
          ],
        },
      });
      const token = await signCallerToken({ org: 'org_b', sub: 'user_1' }, auth.tokenSecret, '5m');
      expect(await post(down.url, bearer(token))).toMatchObject({
        status: 200,
        body: {
          data: null,
          errors: [
            {
              message: 'the workspace service is unreachable',
              extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'workspace' },
            },
          ],
        },
      });
    } finally {
      await down.stop();
    }
  });

  it("does not blame the caller when the workspace refuses the gateway's signature", async () => {
    const misconfigured = await startApp('gateway', {
      ...gatewayEnv(),
      GATEWAY_SIGNING_SECRET: 'a-gateway-secret-the-workspace-does-not-share',
    });
    try {
      const key = workspace.issueSecretKey({ organizationId: 'org_a', projectScope: null });
      expect((await post(misconfigured.url, bearer(key))).status).toBe(503);
      const token = await signCallerToken({ org: 'org_b', sub: 'user_1' }, auth.tokenSecret, '5m');
      expect(await post(misconfigured.url, bearer(token))).toMatchObject({
        status: 200,
        body: {
          data: null,
          errors: [
            {
              message: 'the workspace service could not answer (HTTP 401)',
              extensions: { code: 'SUBGRAPH_ERROR', serviceName: 'workspace' },
            },
          ],
        },
      });
      // The app writes its log line on its own schedule: wait for it rather than read at once.
      await expectEventually(() => expect(misconfigured.output()).toContain('subgraph workspace answered HTTP 401'));
    } finally {
      await misconfigured.stop();
    }
  });
});
