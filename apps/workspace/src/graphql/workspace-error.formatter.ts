import { unwrapResolverError } from '@apollo/server/errors';
import { DomainRuleException } from '@pulse/domain';
import type { GraphQLFormattedError } from 'graphql';
import { ReadModelLaggingException } from '../queries/shared/workspace-read-model.repository';

/**
 * Known refusals keep their stable code and message; anything else is an internal error whose
 * details stay in the logs, never in the answer.
 */
export function formatWorkspaceError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof DomainRuleException) {
    return {
      message: original.message,
      path: formatted.path,
      extensions: { code: original.code, ...(original.field ? { field: original.field } : {}) },
    };
  }
  if (original instanceof ReadModelLaggingException) {
    return { message: original.message, path: formatted.path, extensions: { code: original.code } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions };
  }
  return { message: 'internal error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
