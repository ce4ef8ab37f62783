import { base64url, SignJWT } from 'jose';
import {
  GATEWAY_IDENTITY_AUDIENCE,
  GATEWAY_IDENTITY_ISSUER,
  GATEWAY_IDENTITY_TYPE,
  InvalidGatewayIdentityException,
  signGatewayIdentity,
  verifyGatewayIdentity,
  verifyGatewayServiceIdentity,
  type GatewayIdentity,
} from './gateway-identity';
import { Secret } from './secret';

const secret = new Secret('a-gateway-signing-secret-of-32-characters-or-more');
const otherSecret = new Secret('another-gateway-signing-secret-of-32-characters');
const caller: GatewayIdentity = {
  organizationId: 'org_1',
  principal: { kind: 'secret-key', id: 'key_1' },
  projectScope: ['prj_1', 'prj_2'],
};

async function refusal(verification: Promise<unknown>): Promise<string> {
  try {
    await verification;
  } catch (error) {
    if (error instanceof InvalidGatewayIdentityException) return error.reason;
    throw error;
  }
  throw new Error('expected the identity to be refused');
}

/** A token built by hand, to produce what signGatewayIdentity never would. */
function forged(claims: Record<string, unknown>, overrides: { iss?: string; aud?: string; typ?: string } = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ pk: 'secret-key', org: 'org_1', projects: null, ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: overrides.typ ?? GATEWAY_IDENTITY_TYPE })
    .setIssuer(overrides.iss ?? GATEWAY_IDENTITY_ISSUER)
    .setAudience(overrides.aud ?? GATEWAY_IDENTITY_AUDIENCE)
    .setSubject('key_1')
    .setIssuedAt(now)
    .setExpirationTime(now + 60)
    .sign(secret.keyBytes());
}

describe('gateway identity', () => {
  it('round-trips a caller identity through a compact HS256 JWS', async () => {
    const token = await signGatewayIdentity(caller, secret);
    expect(token.split('.')).toHaveLength(3);
    expect(await verifyGatewayIdentity(token, secret)).toEqual(caller);
  });

  it('round-trips a token principal with the whole organization in scope', async () => {
    const identity: GatewayIdentity = {
      organizationId: 'org_2',
      principal: { kind: 'token', id: 'user_9' },
      projectScope: null,
    };
    expect(await verifyGatewayIdentity(await signGatewayIdentity(identity, secret), secret)).toEqual(identity);
  });

  it('expires about a minute after signing', async () => {
    const signedAt = new Date('2026-11-23T10:00:00Z');
    const token = await signGatewayIdentity(caller, secret, signedAt);
    expect(await verifyGatewayIdentity(token, secret, new Date('2026-11-23T10:01:00Z'))).toEqual(caller);
    expect(await refusal(verifyGatewayIdentity(token, secret, new Date('2026-11-23T10:01:06Z')))).toBe('expired');
  });

  it('refuses a token signed with another secret', async () => {
    const token = await signGatewayIdentity(caller, otherSecret);
    expect(await refusal(verifyGatewayIdentity(token, secret))).toBe('bad signature');
  });

  it('refuses a tampered payload', async () => {
    const [header, payload, signature] = (await signGatewayIdentity(caller, secret)).split('.');
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload ?? ''))) as Record<string, unknown>;
    const tampered = base64url.encode(JSON.stringify({ ...claims, org: 'org_victim' }));
    expect(await refusal(verifyGatewayIdentity(`${header}.${tampered}.${signature}`, secret))).toBe('bad signature');
  });

  it.each([
    ['issuer', { iss: 'someone-else' }, 'claim "iss" check_failed'],
    ['audience', { aud: 'pulse-collector' }, 'claim "aud" check_failed'],
    ['type', { typ: 'JWT' }, 'claim "typ" check_failed'],
  ])('refuses a wrong %s', async (_name, overrides, reason) => {
    expect(await refusal(verifyGatewayIdentity(await forged({}, overrides), secret))).toBe(reason);
  });

  it('refuses claims of the wrong shape', async () => {
    expect(await refusal(verifyGatewayIdentity(await forged({ org: 42 }), secret))).toBe('unexpected claims');
    expect(await refusal(verifyGatewayIdentity(await forged({ pk: 'admin' }), secret))).toBe('unexpected claims');
  });

  it('refuses an unsigned (alg none) token, and garbage', async () => {
    const [header, payload] = (await signGatewayIdentity(caller, secret)).split('.');
    const none = base64url.encode(JSON.stringify({ alg: 'none', typ: GATEWAY_IDENTITY_TYPE }));
    expect(await refusal(verifyGatewayIdentity(`${none}.${payload}.`, secret))).toBe('algorithm not allowed');
    expect(await refusal(verifyGatewayIdentity(`${header}.${payload}`, secret))).toBe('malformed');
    expect(await refusal(verifyGatewayIdentity('not-a-token', secret))).toBe('malformed');
  });

  it('keeps the service identity and caller identities apart', async () => {
    const service = await signGatewayIdentity({ principal: { kind: 'gateway', id: 'gateway' } }, secret);
    expect(await verifyGatewayServiceIdentity(service, secret)).toEqual({
      principal: { kind: 'gateway', id: 'gateway' },
    });
    expect(await refusal(verifyGatewayIdentity(service, secret))).toBe('a service identity carries no caller');
    const forCaller = await signGatewayIdentity(caller, secret);
    expect(await refusal(verifyGatewayServiceIdentity(forCaller, secret))).toBe('a caller identity is not the gateway');
  });
});
