import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { AuthErrorCode } from './auth-errors';
import { KEY_HASH_PATTERN } from './api-key';
import type { CredentialVerifier } from './credential-verifier.port';
import {
  GATEWAY_IDENTITY_HEADER,
  InvalidGatewayIdentityException,
  verifyGatewayServiceIdentity,
  type GatewayIdentity,
} from './gateway-identity';
import type { Secret } from './secret';

/**
 * The workspace's internal endpoint through which the gateway (and any other subgraph) verifies a
 * secret key: docs/auth.md states the contract; this file is its single implementation, shared by
 * the server side (the workspace) and the client side (HttpCredentialVerifier).
 */
export const VERIFY_CREDENTIAL_PATH = '/internal/credentials/verify';

export const verifyCredentialRequestSchema = z.object({
  keyHash: z.string().regex(KEY_HASH_PATTERN, 'expected the sha256 of the key, 64 lower-case hex characters'),
});

const id = z.string().min(1).max(200);

export const verifyCredentialResponseSchema = z.object({
  identity: z.object({
    organizationId: id,
    principal: z.object({ kind: z.literal('secret-key'), id }),
    projectScope: z.array(id).nullable(),
  }),
});

export type VerifyCredentialRequest = z.infer<typeof verifyCredentialRequestSchema>;
export type VerifyCredentialResponse = z.infer<typeof verifyCredentialResponseSchema>;

export interface InternalErrorBody {
  error: { code: string; message: string };
}

export type VerifyCredentialAnswer =
  { status: 200; body: VerifyCredentialResponse } | { status: 400 | 401 | 404; body: InternalErrorBody };

const refusal = <S extends 400 | 401 | 404>(status: S, code: string, message: string) => ({
  status,
  body: { error: { code, message } },
});

/**
 * The server side, framework-free: checks that the gateway signed the call for itself (a
 * service identity), validates the body and asks the verifier. Unknown, revoked and write keys
 * all answer 404: the caller learns nothing about which.
 */
export async function answerVerifyCredential(
  request: { headers: IncomingHttpHeaders; body: unknown },
  dependencies: { gatewaySigningSecret: Secret; verifier: CredentialVerifier },
): Promise<VerifyCredentialAnswer> {
  const signed = request.headers[GATEWAY_IDENTITY_HEADER];
  if (typeof signed !== 'string')
    return refusal(401, AuthErrorCode.UNAUTHENTICATED, `missing ${GATEWAY_IDENTITY_HEADER} header`);
  try {
    await verifyGatewayServiceIdentity(signed, dependencies.gatewaySigningSecret);
  } catch (error) {
    if (error instanceof InvalidGatewayIdentityException)
      return refusal(401, AuthErrorCode.UNAUTHENTICATED, `invalid ${GATEWAY_IDENTITY_HEADER} header: ${error.reason}`);
    throw error;
  }
  const parsed = verifyCredentialRequestSchema.safeParse(request.body);
  if (!parsed.success)
    return refusal(400, 'BAD_REQUEST', `expected {"keyHash": "<sha256 hex>"}: ${parsed.error.issues[0]?.message}`);
  const identity: GatewayIdentity | null = await dependencies.verifier.verifySecretKey(parsed.data.keyHash);
  if (identity?.principal.kind !== 'secret-key') return refusal(404, 'NOT_FOUND', 'no active secret key has this hash');
  return { status: 200, body: verifyCredentialResponseSchema.parse({ identity }) };
}
