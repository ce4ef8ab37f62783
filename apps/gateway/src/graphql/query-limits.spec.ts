import { ApolloServer } from '@apollo/server';
import { buildSchema, getIntrospectionQuery } from 'graphql';
import { queryLimits } from './query-limits';

const schema = buildSchema(`
  type Query { node: Node }
  type Node { id: ID! name: String child: Node }
`);

const limits = queryLimits({
  maxDepth: 3,
  maxCost: 20,
  maxAliases: 2,
  maxDirectives: 2,
  maxTokens: 200,
  subgraphTimeoutMs: 1_000,
});
const server = new ApolloServer({
  schema,
  validationRules: limits.validationRules,
  parseOptions: limits.parseOptions,
  formatError: limits.formatError,
  stopOnTerminationSignals: false,
});

async function run(query: string) {
  const response = await server.executeOperation({ query });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  const errors = response.body.singleResult.errors ?? [];
  return { status: response.http.status, errors: errors.map((error) => [error.extensions?.code, error.message]) };
}

describe('query limits', () => {
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  it('lets an ordinary query through', async () => {
    expect(await run('{ node { id child { id } } }')).toEqual({ status: undefined, errors: [] });
  });

  it.each([
    ['depth', '{ node { child { child { child { id } } } } }', 'QUERY_TOO_DEEP', 'Query depth limit of 3 exceeded'],
    ['cost', '{ node { id name child { id name child { id name } } } }', 'QUERY_TOO_COMPLEX', 'Query Cost limit of 20'],
    ['aliases', '{ a: node { id } b: node { id } c: node { id } }', 'TOO_MANY_ALIASES', 'Aliases limit of 2 exceeded'],
    [
      'directives',
      '{ node @skip(if: false) @skip(if: false) @skip(if: false) { id } }',
      'TOO_MANY_DIRECTIVES',
      'Directives limit of 2',
    ],
    ['tokens', `{ node { ${'id '.repeat(200)} } }`, 'QUERY_TOO_LARGE', 'the query has more than 200 tokens'],
  ])('refuses a query over the %s limit with its own code and HTTP 400', async (_limit, query, code, message) => {
    const result = await run(query);
    expect(result.status).toBe(400);
    const refusal = result.errors.find(([errorCode]) => errorCode === code);
    expect(refusal?.[1]).toContain(message);
    expect(refusal?.[1]).not.toContain('Syntax Error');
  });

  it('lets the standard introspection query through, deep as it is', async () => {
    expect((await run(getIntrospectionQuery())).errors).toEqual([]);
  });

  it('keeps other validation errors as they are, suggestions included', async () => {
    expect((await run('{ node { nome } }')).errors).toEqual([
      ['GRAPHQL_VALIDATION_FAILED', 'Cannot query field "nome" on type "Node". Did you mean "name"?'],
    ]);
  });
});
