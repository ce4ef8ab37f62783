import { GraphQLError } from 'graphql';
import { generateApiKey } from './api-key';
import { localDevelopmentSecrets, type AuthConfig } from './auth.config';
import { signCallerToken } from './caller-token';
import type { CredentialVerifier } from './credential-verifier.port';
import { GATEWAY_IDENTITY_HEADER, signGatewayIdentity, type GatewayIdentity } from './gateway-identity';
import { Secret } from './secret';
import { SubgraphAuthenticator } from './subgraph-authenticator';

const auth: AuthConfig = {
  gatewaySigningSecret: new Secret(localDevelopmentSecrets.GATEWAY_SIGNING_SECRET),
  tokenSecret: new Secret(localDevelopmentSecrets.PULSE_TOKEN_SECRET),
  usesLocalSecrets: true,
};

const activeKey = generateApiKey('secret');
const keyIdentity: GatewayIdentity = {
  organizationId: 'org_1',
  principal: { kind: 'secret-key', id: 'key_1' },
  projectScope: null,
};

/** The workspace's read model, reduced to a map; a revoked key is simply absent. */
class MapVerifier implements CredentialVerifier {
  readonly keys = new Map([[activeKey.keyHash, keyIdentity]]);
  lookups = 0;

  async verifySecretKey(keyHash: string): Promise<GatewayIdentity | null> {
    this.lookups += 1;
    return this.keys.get(keyHash) ?? null;
  }
}

async function refusal(attempt: Promise<unknown>): Promise<{ code: unknown; status: unknown; message: string }> {
  try {
    await attempt;
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    const http = error.extensions.http as { status?: number } | undefined;
    return { code: error.extensions.code, status: http?.status, message: error.message };
  }
  throw new Error('expected the request to be refused');
}

describe('SubgraphAuthenticator', () => {
  let verifier: MapVerifier;
  let authenticator: SubgraphAuthenticator;

  beforeEach(() => {
    verifier = new MapVerifier();
    authenticator = new SubgraphAuthenticator(auth, verifier);
  });

  it('trusts the gateway signature without looking the caller up again', async () => {
    const signed = await signGatewayIdentity(keyIdentity, auth.gatewaySigningSecret);
    expect(await authenticator.authenticate({ [GATEWAY_IDENTITY_HEADER]: signed })).toEqual({
      identity: keyIdentity,
      signedByGateway: true,
    });
    expect(verifier.lookups).toBe(0);
  });

  it('accepts a direct caller with a secret key, unsigned', async () => {
    expect(await authenticator.authenticate({ authorization: `Bearer ${activeKey.key}` })).toEqual({
      identity: keyIdentity,
      signedByGateway: false,
    });
  });

  it('accepts a direct caller with a token', async () => {
    const token = await signCallerToken({ org: 'org_7', sub: 'user_7' }, auth.tokenSecret, '5m');
    expect(await authenticator.authenticate({ authorization: `bearer ${token}` })).toEqual({
      identity: { organizationId: 'org_7', principal: { kind: 'token', id: 'user_7' }, projectScope: null },
      signedByGateway: false,
    });
  });

  it('refuses a revoked key on its next request', async () => {
    const headers = { authorization: `Bearer ${activeKey.key}` };
    await authenticator.authenticate(headers);
    verifier.keys.delete(activeKey.keyHash);
    expect(await refusal(authenticator.authenticate(headers))).toMatchObject({
      code: 'UNAUTHENTICATED',
      status: 401,
      message: 'unknown or revoked secret key',
    });
  });

  it.each([
    ['no credential', {}, 'missing credential'],
    ['another scheme', { authorization: `Basic ${activeKey.key}` }, 'malformed credential'],
    ['an unknown key', { authorization: `Bearer ${generateApiKey('secret').key}` }, 'unknown or revoked secret key'],
    ['a write key', { authorization: `Bearer ${generateApiKey('write').key}` }, 'write keys (pk_live_...) only send'],
    ['a truncated key', { authorization: `Bearer ${activeKey.key.slice(0, 30)}` }, 'malformed credential'],
    ['a token with a bad signature', { authorization: 'Bearer aGVhZA.Ym9keQ.c2ln' }, 'invalid token'],
  ])('refuses %s with UNAUTHENTICATED and HTTP 401', async (_case, headers, message) => {
    const result = await refusal(authenticator.authenticate(headers));
    expect(result).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect(result.message).toContain(message);
  });

  it('refuses a bad gateway signature instead of falling back to the Authorization header', async () => {
    const forged = await signGatewayIdentity(keyIdentity, new Secret('not-the-gateway-secret-but-long-enough'));
    const result = await refusal(
      authenticator.authenticate({ [GATEWAY_IDENTITY_HEADER]: forged, authorization: `Bearer ${activeKey.key}` }),
    );
    expect(result).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect(result.message).toBe(`invalid ${GATEWAY_IDENTITY_HEADER} header: bad signature`);
  });

  it('refuses the gateway service identity as a caller', async () => {
    const service = await signGatewayIdentity(
      { principal: { kind: 'gateway', id: 'gateway' } },
      auth.gatewaySigningSecret,
    );
    expect(await refusal(authenticator.authenticate({ [GATEWAY_IDENTITY_HEADER]: service }))).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });

  it('never echoes the credential it refuses', async () => {
    const unknown = generateApiKey('secret').key;
    const result = await refusal(authenticator.authenticate({ authorization: `Bearer ${unknown}` }));
    expect(result.message).not.toContain(unknown);
  });
});
