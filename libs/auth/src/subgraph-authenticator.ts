import type { IncomingHttpHeaders } from 'node:http';
import { unauthenticated } from './auth-errors';
import type { AuthConfig } from './auth.config';
import { authenticateCredential } from './authenticate-credential';
import type { CredentialVerifier } from './credential-verifier.port';
import {
  GATEWAY_IDENTITY_HEADER,
  InvalidGatewayIdentityException,
  verifyGatewayIdentity,
  type GatewayIdentity,
} from './gateway-identity';

/** What every subgraph resolver gets in its GraphQL context. */
export interface SubgraphAuthContext {
  /** The caller; its organization is the tenant of every read and write. */
  identity: GatewayIdentity;
  /** True when the gateway signed the identity: only then are `_entities` and `_service` answered. */
  signedByGateway: boolean;
}

function singleHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Authenticates a request that reaches a subgraph, from the gateway or straight from an
 * integrator. A gateway identity header, when present, is the only thing considered: a bad one is
 * refused rather than falling back to the Authorization header, so that a misconfigured secret
 * shows up at once instead of as a puzzling downgrade.
 */
export class SubgraphAuthenticator {
  constructor(
    private readonly auth: AuthConfig,
    private readonly verifier: CredentialVerifier,
  ) {}

  async authenticate(headers: IncomingHttpHeaders): Promise<SubgraphAuthContext> {
    const signed = singleHeader(headers, GATEWAY_IDENTITY_HEADER);
    if (signed !== undefined) {
      try {
        return { identity: await verifyGatewayIdentity(signed, this.auth.gatewaySigningSecret), signedByGateway: true };
      } catch (error) {
        if (error instanceof InvalidGatewayIdentityException)
          throw unauthenticated(`invalid ${GATEWAY_IDENTITY_HEADER} header: ${error.reason}`);
        throw error;
      }
    }
    const identity = await authenticateCredential(singleHeader(headers, 'authorization'), {
      verifier: this.verifier,
      tokenSecret: this.auth.tokenSecret,
    });
    return { identity, signedByGateway: false };
  }
}
