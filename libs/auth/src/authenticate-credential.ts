import { apiKeyKindOf, hashApiKey } from './api-key';
import { unauthenticated } from './auth-errors';
import { InvalidCallerTokenException, looksLikeJwt, verifyCallerToken } from './caller-token';
import type { CredentialVerifier } from './credential-verifier.port';
import type { GatewayIdentity } from './gateway-identity';
import type { Secret } from './secret';

export interface CredentialCheck {
  verifier: CredentialVerifier;
  tokenSecret: Secret;
}

/** Authorization header values longer than this are refused before any parsing. */
const MAX_AUTHORIZATION_LENGTH = 8_192;

/**
 * Turns a caller's `Authorization: Bearer <secret key | JWT>` into an identity, or throws a
 * GraphQL UNAUTHENTICATED error (HTTP 401) saying what is wrong but never echoing the credential.
 * The gateway and every subgraph authenticate callers with this one function.
 */
export async function authenticateCredential(
  authorization: string | undefined,
  check: CredentialCheck,
): Promise<GatewayIdentity> {
  if (authorization === undefined || authorization.trim() === '')
    throw unauthenticated('missing credential: send "Authorization: Bearer <secret key or token>"');
  if (authorization.length > MAX_AUTHORIZATION_LENGTH) throw unauthenticated('malformed credential: too long');
  const match = /^Bearer +(\S+)$/i.exec(authorization.trim());
  if (!match?.[1]) throw unauthenticated('malformed credential: expected "Bearer <secret key or token>"');
  const credential = match[1];

  const keyKind = apiKeyKindOf(credential);
  if (keyKind === 'write')
    throw unauthenticated('write keys (pk_live_...) only send events: use a secret key (sk_live_...) or a token');
  if (keyKind === 'secret') {
    const identity = await check.verifier.verifySecretKey(hashApiKey(credential));
    if (!identity) throw unauthenticated('unknown or revoked secret key');
    return identity;
  }
  if (looksLikeJwt(credential)) {
    try {
      return await verifyCallerToken(credential, check.tokenSecret);
    } catch (error) {
      if (error instanceof InvalidCallerTokenException) throw unauthenticated(`invalid token: ${error.reason}`);
      throw error;
    }
  }
  throw unauthenticated('malformed credential: neither a secret key (sk_live_...) nor a token');
}
