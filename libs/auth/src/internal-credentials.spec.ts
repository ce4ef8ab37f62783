import { type INestApplication, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { generateApiKey } from './api-key';
import { localDevelopmentSecrets, type AuthConfig } from './auth.config';
import type { CredentialVerifier } from './credential-verifier.port';
import { GATEWAY_IDENTITY_HEADER, signGatewayIdentity, type GatewayIdentity } from './gateway-identity';
import { CredentialVerificationUnavailableException, HttpCredentialVerifier } from './http-credential-verifier';
import { VERIFY_CREDENTIAL_PATH } from './internal-credentials.contract';
import { Secret } from './secret';
import { SubgraphAuthenticator } from './subgraph-authenticator';
import { SubgraphAuthModule } from './subgraph-auth.module';

const auth: AuthConfig = {
  gatewaySigningSecret: new Secret(localDevelopmentSecrets.GATEWAY_SIGNING_SECRET),
  tokenSecret: new Secret(localDevelopmentSecrets.PULSE_TOKEN_SECRET),
  usesLocalSecrets: true,
};

const secretKey = generateApiKey('secret');
const writeKey = generateApiKey('write');
const keys = new Map<string, GatewayIdentity>([
  [
    secretKey.keyHash,
    { organizationId: 'org_1', principal: { kind: 'secret-key', id: 'key_1' }, projectScope: ['prj_1'] },
  ],
  // A verifier that wrongly answered for a write key must still not make it an API credential.
  [writeKey.keyHash, { organizationId: 'org_1', principal: { kind: 'token', id: 'key_2' }, projectScope: null }],
]);

@Injectable()
class ReadModelVerifier implements CredentialVerifier {
  async verifySecretKey(keyHash: string): Promise<GatewayIdentity | null> {
    return keys.get(keyHash) ?? null;
  }
}

describe('the internal verify endpoint, served by SubgraphAuthModule and called by HttpCredentialVerifier', () => {
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    @Module({
      imports: [SubgraphAuthModule.forRoot({ auth, verifier: ReadModelVerifier, serveVerifyEndpoint: true })],
    })
    class WorkspaceLikeModule {}
    const moduleRef = await Test.createTestingModule({ imports: [WorkspaceLikeModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });

  afterAll(() => app.close());

  const verifier = (overrides: Partial<ConstructorParameters<typeof HttpCredentialVerifier>[0]> = {}) =>
    new HttpCredentialVerifier({
      baseUrl,
      gatewaySigningSecret: auth.gatewaySigningSecret,
      serviceId: 'gateway',
      timeoutMs: 2_000,
      ...overrides,
    });

  it('answers the identity of an active secret key', async () => {
    expect(await verifier().verifySecretKey(secretKey.keyHash)).toEqual({
      organizationId: 'org_1',
      principal: { kind: 'secret-key', id: 'key_1' },
      projectScope: ['prj_1'],
    });
  });

  it('answers null (a 404) for unknown keys and for anything that is not a secret key', async () => {
    expect(await verifier().verifySecretKey(generateApiKey('secret').keyHash)).toBeNull();
    expect(await verifier().verifySecretKey(writeKey.keyHash)).toBeNull();
  });

  async function post(headers: Record<string, string>, body: string) {
    const response = await fetch(`${baseUrl}${VERIFY_CREDENTIAL_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return { status: response.status, body: (await response.json()) as { error?: { code: string; message: string } } };
  }

  it('refuses callers without the gateway service signature with 401', async () => {
    const body = JSON.stringify({ keyHash: secretKey.keyHash });
    expect(await post({}, body)).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
    const asCaller = await signGatewayIdentity(
      keys.get(secretKey.keyHash) as GatewayIdentity,
      auth.gatewaySigningSecret,
    );
    expect(await post({ [GATEWAY_IDENTITY_HEADER]: asCaller }, body)).toMatchObject({ status: 401 });
    const foreign = verifier({ gatewaySigningSecret: new Secret('somebody-else-s-secret-long-enough-to-pass') });
    await expect(foreign.verifySecretKey(secretKey.keyHash)).rejects.toThrow(
      CredentialVerificationUnavailableException,
    );
  });

  it('refuses a body without a well-formed hash with 400', async () => {
    const signed = await signGatewayIdentity(
      { principal: { kind: 'gateway', id: 'gateway' } },
      auth.gatewaySigningSecret,
    );
    const result = await post({ [GATEWAY_IDENTITY_HEADER]: signed }, JSON.stringify({ keyHash: secretKey.key }));
    expect(result).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST' } } });
  });

  it('reports an unreachable workspace as unavailable, not as an unknown key', async () => {
    await expect(verifier({ baseUrl: 'http://127.0.0.1:1' }).verifySecretKey(secretKey.keyHash)).rejects.toThrow(
      /credential verification at http:\/\/127\.0\.0\.1:1\/internal\/credentials\/verify failed/,
    );
  });

  it('lets another subgraph authenticate through the workspace with an HttpCredentialVerifier instance', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [SubgraphAuthModule.forRoot({ auth, verifier: verifier() })],
    }).compile();
    const analytics = moduleRef.get(SubgraphAuthenticator);
    expect((await analytics.authenticate({ authorization: `Bearer ${secretKey.key}` })).identity.projectScope).toEqual([
      'prj_1',
    ]);
    await moduleRef.close();
  });

  it('provides a SubgraphAuthenticator over the same verifier', async () => {
    const authenticator = app.get(SubgraphAuthenticator);
    expect(
      (await authenticator.authenticate({ authorization: `Bearer ${secretKey.key}` })).identity.organizationId,
    ).toBe('org_1');
  });
});
