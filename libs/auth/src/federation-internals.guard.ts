import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { forbidden } from './auth-errors';
import type { SubgraphAuthContext } from './subgraph-authenticator';

/** The root fields federation adds to a subgraph for the gateway's use only. */
export const FEDERATION_INTERNAL_FIELDS: ReadonlySet<string> = new Set(['_entities', '_service']);

/**
 * The federation internals an operation selects at its root, by field name (an alias does not hide
 * one), through named and inline fragments. When the document's operation cannot be singled out
 * (several operations and no or a wrong name), every operation counts: better a false refusal
 * than a way around the check.
 */
export function selectedFederationInternals(document: DocumentNode, operationName?: string | null): string[] {
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  const fragments = new Map(
    document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
  const named = operations.filter((operation) => operation.name?.value === operationName);
  const chosen = named.length === 1 ? named : operations;

  const found = new Set<string>();
  const visitedFragments = new Set<string>();
  const visit = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (FEDERATION_INTERNAL_FIELDS.has(selection.name.value)) found.add(selection.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (fragment && !visitedFragments.has(name)) {
          visitedFragments.add(name);
          visit(fragment.selectionSet);
        }
      }
    }
  };
  for (const operation of chosen) visit(operation.selectionSet);
  return [...found].sort();
}

/**
 * An Apollo Server plugin for subgraphs: refuses, with FORBIDDEN (HTTP 403), any operation that
 * selects `_entities` or `_service` unless the gateway signed the request. Integrators may call a
 * subgraph directly with their own credential, but cannot resolve arbitrary entities by key or
 * read the federation SDL through it.
 */
export function federationInternalsGuard<C extends BaseContext & SubgraphAuthContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operationName, contextValue }) {
          if (contextValue.signedByGateway) return;
          const internals = selectedFederationInternals(document, operationName);
          if (internals.length > 0)
            throw forbidden(
              `${internals.join(' and ')} ${internals.length === 1 ? 'answers' : 'answer'} only requests signed by the Pulse gateway`,
            );
        },
      };
    },
  };
}
