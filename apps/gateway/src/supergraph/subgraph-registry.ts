import { appPorts } from '@pulse/config';

/** One subgraph the gateway composes and routes to. */
export interface SubgraphRegistration {
  /** Its name in the supergraph; query plans and logs use it. */
  name: string;
  /** Its SDL, relative to the repository root: what tools/supergraph composes. */
  sdlPath: string;
  /** The variable that tells the gateway where the subgraph runs. */
  urlVariable: string;
  /** Where it runs on the local stack; also the URL recorded in the checked-in supergraph. */
  defaultUrl: string;
}

/**
 * Every subgraph of the supergraph. The composition script and the gateway both read this list,
 * so a subgraph is added in one place (docs/gateway.md, "Adding a subgraph").
 */
export const subgraphRegistry: readonly SubgraphRegistration[] = [
  {
    name: 'workspace',
    sdlPath: 'apps/workspace/src/graphql/workspace.graphql',
    urlVariable: 'WORKSPACE_SUBGRAPH_URL',
    defaultUrl: `http://127.0.0.1:${appPorts.workspace}/graphql`,
  },
];

/** The composed supergraph, checked in, relative to the repository root. */
export const SUPERGRAPH_FILE = 'apps/gateway/supergraph.graphql';
