import type { SubgraphAuthContext } from '@pulse/auth';
import { randomUUID } from 'node:crypto';
import type { Caller } from '../commands/shared/caller';

/** Built per request from the authenticated identity; resolvers never read the tenant from arguments. */
export interface WorkspaceGraphqlContext extends SubgraphAuthContext {
  caller: Caller;
}

export function callerOf(auth: SubgraphAuthContext, correlationId: string | undefined): Caller {
  return {
    organizationId: auth.identity.organizationId,
    actor: auth.identity.principal,
    projectScope: auth.identity.projectScope,
    correlationId: correlationId ?? randomUUID(),
  };
}
