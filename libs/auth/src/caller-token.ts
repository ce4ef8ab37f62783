import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { describeJoseError, type GatewayIdentity } from './gateway-identity';
import type { Secret } from './secret';

/** Skew allowed between whoever issued a token and us. */
const CLOCK_TOLERANCE_SECONDS = 5;

export class InvalidCallerTokenException extends Error {
  constructor(readonly reason: string) {
    super(`the token is not valid: ${reason}`);
    this.name = 'InvalidCallerTokenException';
  }
}

const id = z.string().min(1).max(200);

/** `org` names the tenant, `sub` who acts, `projects` (optional, non-empty) narrows the scope. */
const callerTokenClaims = z.object({
  org: id,
  sub: id,
  projects: z.array(id).min(1).max(1000).optional(),
});

export type CallerTokenClaims = z.infer<typeof callerTokenClaims>;

/** Three base64url segments: what a compact JWS looks like, as opposed to an API key. */
export function looksLikeJwt(candidate: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(candidate);
}

/**
 * Issues a caller token (HS256 with PULSE_TOKEN_SECRET): for a trusted back end that logs its
 * users in and lets them call Pulse, and for tests. `expiresIn` is jose's notation ("15m", "1h").
 */
export async function signCallerToken(claims: CallerTokenClaims, secret: Secret, expiresIn: string): Promise<string> {
  const { sub, ...rest } = callerTokenClaims.parse(claims);
  return new SignJWT(rest)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(secret.keyBytes());
}

/** A caller's signed token: HS256 only, an expiry required, the tenant taken from `org`. */
export async function verifyCallerToken(
  token: string,
  secret: Secret,
  now: Date = new Date(),
): Promise<GatewayIdentity> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, secret.keyBytes(), {
      algorithms: ['HS256'],
      requiredClaims: ['exp', 'sub'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: now,
    }));
  } catch (error) {
    throw new InvalidCallerTokenException(describeJoseError(error));
  }
  const claims = callerTokenClaims.safeParse(payload);
  if (!claims.success) throw new InvalidCallerTokenException(`bad claims (${claims.error.issues[0]?.path.join('.')})`);
  return {
    organizationId: claims.data.org,
    principal: { kind: 'token', id: claims.data.sub },
    projectScope: claims.data.projects ?? null,
  };
}
