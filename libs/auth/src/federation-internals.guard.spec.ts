import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLError } from 'graphql';
import { federationInternalsGuard, selectedFederationInternals } from './federation-internals.guard';
import type { SubgraphAuthContext } from './subgraph-authenticator';

describe('selectedFederationInternals', () => {
  const internalsOf = (query: string, operationName?: string) =>
    selectedFederationInternals(parse(query), operationName);

  it('finds _entities and _service at the root, aliased or not', () => {
    expect(internalsOf('{ _service { sdl } }')).toEqual(['_service']);
    expect(internalsOf('query { anything: _entities(representations: []) { __typename } }')).toEqual(['_entities']);
    expect(internalsOf('{ _service { sdl } _entities(representations: []) { __typename } }')).toEqual([
      '_entities',
      '_service',
    ]);
  });

  it('finds them through named and inline fragments, also when fragments nest or repeat', () => {
    expect(
      internalsOf(`
        query { ...Outer }
        fragment Outer on Query { ... on Query { ...Inner } ...Inner }
        fragment Inner on Query { _service { sdl } }
      `),
    ).toEqual(['_service']);
  });

  it('looks only at the chosen operation when the name picks one', () => {
    const document = `
      query Plain { organization { id } }
      query Sneaky { _service { sdl } }
    `;
    expect(internalsOf(document, 'Plain')).toEqual([]);
    expect(internalsOf(document, 'Sneaky')).toEqual(['_service']);
  });

  it('looks at every operation when none can be singled out', () => {
    const document = 'query A { organization { id } } query B { _service { sdl } }';
    expect(internalsOf(document)).toEqual(['_service']);
    expect(internalsOf(document, 'Missing')).toEqual(['_service']);
  });

  it('ignores ordinary fields, nested fields of the same name and fragments that are never spread', () => {
    expect(internalsOf('{ organization { _service: id } }')).toEqual([]);
    expect(internalsOf('{ organization { id } } fragment Unused on Query { _service { sdl } }')).toEqual([]);
  });
});

describe('federationInternalsGuard on a subgraph', () => {
  const typeDefs = parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
    type Query { organization: Organization! }
    type Organization @key(fields: "id") { id: ID! name: String! }
  `);
  const server = new ApolloServer<SubgraphAuthContext>({
    schema: buildSubgraphSchema([
      {
        typeDefs,
        resolvers: {
          Query: { organization: () => ({ id: 'org_1', name: 'Acme' }) },
          Organization: { __resolveReference: (reference: { id: string }) => ({ ...reference, name: 'Acme' }) },
        },
      },
    ]),
    plugins: [federationInternalsGuard(), ApolloServerPluginInlineTraceDisabled()],
    stopOnTerminationSignals: false,
  });
  const caller = {
    organizationId: 'org_1',
    principal: { kind: 'secret-key', id: 'key_1' },
    projectScope: null,
  } as const;

  beforeAll(() => server.start());
  afterAll(() => server.stop());

  async function run(query: string, signedByGateway: boolean) {
    const response = await server.executeOperation(
      { query },
      { contextValue: { identity: { ...caller, principal: { ...caller.principal } }, signedByGateway } },
    );
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    const errors = (response.body.singleResult.errors ?? []) as unknown as GraphQLError[];
    return { status: response.http.status, data: response.body.singleResult.data, errors };
  }

  const entitiesQuery =
    '{ _entities(representations: [{ __typename: "Organization", id: "org_2" }]) { ... on Organization { name } } }';

  it.each([
    ['_entities', entitiesQuery],
    ['_service', '{ _service { sdl } }'],
  ])('refuses %s without the gateway signature with FORBIDDEN and HTTP 403', async (_field, query) => {
    const result = await run(query, false);
    expect(result.status).toBe(403);
    expect(result.data).toBeUndefined();
    expect(result.errors.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(result.errors[0]?.message).toContain('only requests signed by the Pulse gateway');
  });

  it('answers them when the gateway signed the request', async () => {
    const result = await run(entitiesQuery, true);
    expect(result.errors).toEqual([]);
    expect(result.data).toEqual({ _entities: [{ name: 'Acme' }] });
  });

  it('lets direct callers run ordinary operations', async () => {
    const result = await run('{ organization { id name } }', false);
    expect(result.errors).toEqual([]);
    expect(result.data).toEqual({ organization: { id: 'org_1', name: 'Acme' } });
  });
});
