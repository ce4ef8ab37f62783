import type { CredentialVerifier } from './credential-verifier.port';
import {
  GATEWAY_IDENTITY_HEADER,
  GATEWAY_IDENTITY_TTL_SECONDS,
  signGatewayIdentity,
  type GatewayIdentity,
} from './gateway-identity';
import { VERIFY_CREDENTIAL_PATH, verifyCredentialResponseSchema } from './internal-credentials.contract';
import type { Secret } from './secret';

/** The workspace could not answer: the caller is not refused, the request fails as unavailable. */
export class CredentialVerificationUnavailableException extends Error {
  constructor(message: string, options?: { cause: unknown }) {
    super(message, options);
    this.name = 'CredentialVerificationUnavailableException';
  }
}

/** Node's fetch says only "fetch failed"; the reason (ECONNREFUSED, a timeout) is in its cause. */
function describeFetchFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
}

export interface HttpCredentialVerifierOptions {
  /** The workspace's base URL, e.g. http://127.0.0.1:4001. */
  baseUrl: string;
  gatewaySigningSecret: Secret;
  /** Who calls, as the service identity's id (e.g. "gateway"). */
  serviceId: string;
  timeoutMs: number;
}

/**
 * Verifies secret keys over the workspace's internal endpoint. No answer is cached, so a revoked
 * key is refused on its next request; the price is one loopback or in-cluster call per request
 * made with a secret key.
 */
export class HttpCredentialVerifier implements CredentialVerifier {
  private readonly endpoint: string;
  private signed: { value: string; renewAt: number } | undefined;

  constructor(private readonly options: HttpCredentialVerifierOptions) {
    this.endpoint = new URL(VERIFY_CREDENTIAL_PATH, options.baseUrl).toString();
  }

  /**
   * The gateway's own identity for the verify call. It names no caller, so it is reused for half
   * its lifetime instead of costing a signature per request.
   */
  private async serviceToken(): Promise<string> {
    const now = Date.now();
    if (!this.signed || now >= this.signed.renewAt) {
      const value = await signGatewayIdentity(
        { principal: { kind: 'gateway', id: this.options.serviceId } },
        this.options.gatewaySigningSecret,
        new Date(now),
      );
      this.signed = { value, renewAt: now + (GATEWAY_IDENTITY_TTL_SECONDS * 1000) / 2 };
    }
    return this.signed.value;
  }

  async verifySecretKey(keyHash: string): Promise<GatewayIdentity | null> {
    const signed = await this.serviceToken();
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [GATEWAY_IDENTITY_HEADER]: signed },
        body: JSON.stringify({ keyHash }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      throw new CredentialVerificationUnavailableException(
        `credential verification at ${this.endpoint} failed: ${describeFetchFailure(error)}`,
        { cause: error },
      );
    }
    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new CredentialVerificationUnavailableException(
        `credential verification at ${this.endpoint} answered HTTP ${response.status}`,
      );
    }
    const parsed = verifyCredentialResponseSchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success)
      throw new CredentialVerificationUnavailableException(
        `credential verification at ${this.endpoint} answered an unexpected body`,
      );
    return parsed.data.identity;
  }
}
