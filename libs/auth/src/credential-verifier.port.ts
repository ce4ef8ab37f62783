import type { GatewayIdentity } from './gateway-identity';

/**
 * Looks a secret key up by its hash. The workspace implements it over its read model; the gateway
 * over the workspace's internal verify endpoint. It answers null for a key that is unknown,
 * revoked or not a secret key, and must not cache a positive answer beyond one request: a revoked
 * key is refused on its next use.
 */
export interface CredentialVerifier {
  verifySecretKey(keyHash: string): Promise<GatewayIdentity | null>;
}

export const CREDENTIAL_VERIFIER = Symbol('CREDENTIAL_VERIFIER');
