import { Body, Controller, Headers, HttpCode, HttpException, Inject, Post } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { AUTH_CONFIG } from './auth.tokens';
import type { AuthConfig } from './auth.config';
import { CREDENTIAL_VERIFIER, type CredentialVerifier } from './credential-verifier.port';
import {
  answerVerifyCredential,
  VERIFY_CREDENTIAL_PATH,
  type VerifyCredentialResponse,
} from './internal-credentials.contract';

/** Serves the verify endpoint in the app that owns the keys (the workspace), over its CredentialVerifier. */
@Controller()
export class InternalCredentialsController {
  constructor(
    @Inject(AUTH_CONFIG) private readonly auth: AuthConfig,
    @Inject(CREDENTIAL_VERIFIER) private readonly verifier: CredentialVerifier,
  ) {}

  @Post(VERIFY_CREDENTIAL_PATH)
  @HttpCode(200)
  async verify(@Headers() headers: IncomingHttpHeaders, @Body() body: unknown): Promise<VerifyCredentialResponse> {
    const answer = await answerVerifyCredential(
      { headers, body },
      { gatewaySigningSecret: this.auth.gatewaySigningSecret, verifier: this.verifier },
    );
    if (answer.status !== 200) throw new HttpException(answer.body, answer.status);
    return answer.body;
  }
}
