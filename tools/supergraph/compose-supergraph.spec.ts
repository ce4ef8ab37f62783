import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SUPERGRAPH_FILE, subgraphRegistry } from '../../apps/gateway/src/supergraph/subgraph-registry';
import {
  composeSubgraphs,
  CompositionFailedException,
  RECOMPOSE_COMMAND,
  renderSupergraph,
} from './compose-supergraph';

const root = join(__dirname, '../..');

describe('the checked-in supergraph', () => {
  it('is what the subgraphs compose to today', async () => {
    const checkedIn = readFileSync(join(root, SUPERGRAPH_FILE), 'utf8');
    const recomposed = await renderSupergraph(root, subgraphRegistry);
    if (checkedIn !== recomposed)
      throw new Error(
        `${SUPERGRAPH_FILE} has drifted from the subgraphs' SDL (${subgraphRegistry.map((s) => s.sdlPath).join(', ')}). ` +
          `Regenerate it with "${RECOMPOSE_COMMAND}" and commit the result.`,
      );
  });

  it('records every registered subgraph with its default URL', () => {
    const checkedIn = readFileSync(join(root, SUPERGRAPH_FILE), 'utf8');
    for (const subgraph of subgraphRegistry)
      expect(checkedIn).toContain(`@join__graph(name: "${subgraph.name}", url: "${subgraph.defaultUrl}")`);
  });
});

describe('composeSubgraphs', () => {
  const accounts = {
    name: 'accounts',
    url: 'http://accounts/graphql',
    sdl: `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
      type Query { me: User }
      type User @key(fields: "id") { id: ID! name: String! }`,
  };

  it('composes subgraphs that agree', () => {
    const reviews = {
      name: 'reviews',
      url: 'http://reviews/graphql',
      sdl: `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
        type User @key(fields: "id") { id: ID! reviews: [String!]! }`,
    };
    const supergraph = composeSubgraphs([accounts, reviews]);
    expect(supergraph).toContain('ACCOUNTS @join__graph(name: "accounts", url: "http://accounts/graphql")');
    expect(supergraph).toContain('reviews: [String!]! @join__field(graph: REVIEWS)');
  });

  it('fails with every composition error, each with its code', () => {
    const conflicting = {
      name: 'billing',
      url: 'http://billing/graphql',
      sdl: `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
        type User @key(fields: "id") { id: ID! name: Int! }`,
    };
    let failure: unknown;
    try {
      composeSubgraphs([accounts, conflicting]);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(CompositionFailedException);
    const { errors, message } = failure as CompositionFailedException;
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(/\[(INVALID_FIELD_SHARING|FIELD_TYPE_MISMATCH)\] .*"User\.name"/);
    expect(message).toContain('composition failed with');
  });
});
