import {
  authenticateCredential,
  CredentialVerificationUnavailableException,
  signGatewayIdentity,
  type AuthConfig,
  type CredentialVerifier,
  type GatewayIdentity,
} from '@pulse/auth';
import { GraphQLError } from 'graphql';
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The context of one GraphQL request at the gateway. */
export interface GatewayContext {
  identity: GatewayIdentity;
  /** The identity signed once for this request, sent to every subgraph the plan calls. */
  signedIdentity: string;
  /** The caller's x-correlation-id when it is sane, else a new one: every event of the request carries it. */
  correlationId: string;
}

export const CORRELATION_ID_HEADER = 'x-correlation-id';
const SANE_CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function correlationIdOf(headers: IncomingHttpHeaders): string {
  const given = headers[CORRELATION_ID_HEADER];
  const value = Array.isArray(given) ? given[0] : given;
  return value && SANE_CORRELATION_ID.test(value) ? value : randomUUID();
}

/**
 * Authenticates the caller of a gateway request from its Authorization header and signs the
 * identity the subgraphs will receive. The caller's own credential never leaves the gateway.
 */
export class CallerAuthenticator {
  constructor(
    private readonly auth: AuthConfig,
    private readonly verifier: CredentialVerifier,
  ) {}

  async contextFor(headers: IncomingHttpHeaders): Promise<GatewayContext> {
    let identity: GatewayIdentity;
    try {
      identity = await authenticateCredential(headers.authorization, {
        verifier: this.verifier,
        tokenSecret: this.auth.tokenSecret,
      });
    } catch (error) {
      // The workspace being down says nothing about the key: answer 503, not 401, so that
      // clients retry instead of discarding a good credential.
      if (error instanceof CredentialVerificationUnavailableException)
        throw new GraphQLError('credentials cannot be verified right now; retry shortly', {
          extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503, headers: new Map([['retry-after', '1']]) } },
          originalError: error,
        });
      throw error;
    }
    return {
      identity,
      signedIdentity: await signGatewayIdentity(identity, this.auth.gatewaySigningSecret),
      correlationId: correlationIdOf(headers),
    };
  }
}
