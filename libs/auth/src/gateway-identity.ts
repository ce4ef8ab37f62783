import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import type { Secret } from './secret';

/** The header in which the gateway forwards the caller's identity to a subgraph. */
export const GATEWAY_IDENTITY_HEADER = 'x-pulse-gateway-identity';

export const GATEWAY_IDENTITY_ISSUER = 'pulse-gateway';
export const GATEWAY_IDENTITY_AUDIENCE = 'pulse-subgraph';
/** A distinct JOSE `typ`, so that no other JWT signed with the same secret could pass for an identity. */
export const GATEWAY_IDENTITY_TYPE = 'pulse-gateway-identity+jwt';
/** Long enough for a slow query plan, short enough that a leaked header is soon worthless. */
export const GATEWAY_IDENTITY_TTL_SECONDS = 60;
/** Allowed clock skew between the gateway and a subgraph on another machine. */
const CLOCK_TOLERANCE_SECONDS = 5;

/** Who the caller is: a secret key or a signed token, for one organization. */
export interface GatewayIdentity {
  organizationId: string;
  principal: { kind: 'secret-key' | 'token'; id: string };
  /** The projects the credential may act on; null for every project of the organization. */
  projectScope: string[] | null;
}

/** The gateway acting for itself, for no organization: only the internal endpoints accept it. */
export interface GatewayServiceIdentity {
  principal: { kind: 'gateway'; id: string };
}

export type SignedIdentity = GatewayIdentity | GatewayServiceIdentity;

export function isServiceIdentity(identity: SignedIdentity): identity is GatewayServiceIdentity {
  return identity.principal.kind === 'gateway';
}

export class InvalidGatewayIdentityException extends Error {
  constructor(readonly reason: string) {
    super(`the gateway identity is not valid: ${reason}`);
    this.name = 'InvalidGatewayIdentityException';
  }
}

const id = z.string().min(1).max(200);

/** The claims as they travel: `sub` is the principal id, `pk` its kind, `org` and `projects` the tenancy. */
const identityClaims = z.discriminatedUnion('pk', [
  z.object({
    pk: z.enum(['secret-key', 'token']),
    sub: id,
    org: id,
    projects: z.array(id).nullable(),
  }),
  z.object({ pk: z.literal('gateway'), sub: id }),
]);

export async function signGatewayIdentity(
  identity: SignedIdentity,
  secret: Secret,
  now: Date = new Date(),
): Promise<string> {
  const claims = isServiceIdentity(identity)
    ? { pk: identity.principal.kind }
    : { pk: identity.principal.kind, org: identity.organizationId, projects: identity.projectScope };
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: GATEWAY_IDENTITY_TYPE })
    .setIssuer(GATEWAY_IDENTITY_ISSUER)
    .setAudience(GATEWAY_IDENTITY_AUDIENCE)
    .setSubject(identity.principal.id)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + GATEWAY_IDENTITY_TTL_SECONDS)
    .sign(secret.keyBytes());
}

async function verifySignedIdentity(token: string, secret: Secret, now: Date): Promise<SignedIdentity> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, secret.keyBytes(), {
      algorithms: ['HS256'],
      typ: GATEWAY_IDENTITY_TYPE,
      issuer: GATEWAY_IDENTITY_ISSUER,
      audience: GATEWAY_IDENTITY_AUDIENCE,
      requiredClaims: ['exp', 'iat', 'sub'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: now,
    }));
  } catch (error) {
    throw new InvalidGatewayIdentityException(describeJoseError(error));
  }
  const claims = identityClaims.safeParse(payload);
  if (!claims.success) throw new InvalidGatewayIdentityException('unexpected claims');
  const { data } = claims;
  if (data.pk === 'gateway') return { principal: { kind: 'gateway', id: data.sub } };
  return { organizationId: data.org, principal: { kind: data.pk, id: data.sub }, projectScope: data.projects };
}

/** A caller's identity as the gateway signed it; a service identity is refused here. */
export async function verifyGatewayIdentity(
  token: string,
  secret: Secret,
  now: Date = new Date(),
): Promise<GatewayIdentity> {
  const identity = await verifySignedIdentity(token, secret, now);
  if (isServiceIdentity(identity)) throw new InvalidGatewayIdentityException('a service identity carries no caller');
  return identity;
}

/** The gateway itself, as on the internal endpoints; a caller's identity is refused here. */
export async function verifyGatewayServiceIdentity(
  token: string,
  secret: Secret,
  now: Date = new Date(),
): Promise<GatewayServiceIdentity> {
  const identity = await verifySignedIdentity(token, secret, now);
  if (!isServiceIdentity(identity)) throw new InvalidGatewayIdentityException('a caller identity is not the gateway');
  return identity;
}

/** Says what failed without echoing the token. */
export function describeJoseError(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `claim "${error.claim}" ${error.reason}`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad signature';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm not allowed';
  if (error instanceof errors.JOSEError) return 'malformed';
  throw error;
}
