import type { Caller } from '../commands/shared/caller';

/** Built per request by the authentication layer; resolvers never read the tenant from arguments. */
export interface WorkspaceGraphqlContext {
  caller: Caller | null;
}

export function requireCaller(context: WorkspaceGraphqlContext): Caller {
  if (!context.caller) throw new UnauthenticatedException();
  return context.caller;
}

export class UnauthenticatedException extends Error {
  readonly code = 'UNAUTHENTICATED';

  constructor() {
    super('a valid credential is required (Authorization: Bearer <secret key or token>)');
    this.name = 'UnauthenticatedException';
  }
}
