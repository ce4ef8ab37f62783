import { type DynamicModule, Module, type ModuleMetadata, type Type } from '@nestjs/common';
import type { AuthConfig } from './auth.config';
import { AUTH_CONFIG } from './auth.tokens';
import { CREDENTIAL_VERIFIER, type CredentialVerifier } from './credential-verifier.port';
import { InternalCredentialsController } from './internal-credentials.controller';
import { SubgraphAuthenticator } from './subgraph-authenticator';

export interface SubgraphAuthOptions {
  auth: AuthConfig;
  /**
   * How this subgraph looks secret keys up: the workspace passes a class over its read model
   * (injected, with its dependencies); other subgraphs pass an HttpCredentialVerifier instance
   * that calls the workspace.
   */
  verifier: Type<CredentialVerifier> | CredentialVerifier;
  /** Modules the verifier's own dependencies come from (a database module, say). */
  imports?: ModuleMetadata['imports'];
  /** Serve POST /internal/credentials/verify: only in the app that owns the keys. */
  serveVerifyEndpoint?: boolean;
}

/**
 * Wires a subgraph's authentication: provides SubgraphAuthenticator (for the GraphQL context)
 * and, in the workspace, the internal verify endpoint. Use it with the GraphQL module:
 *
 *   GraphQLModule.forRootAsync({ driver: ApolloFederationDriver, imports: [authModule],
 *     inject: [SubgraphAuthenticator],
 *     useFactory: (auth: SubgraphAuthenticator) => ({
 *       context: ({ req }) => auth.authenticate(req.headers),
 *       plugins: [federationInternalsGuard()], ... }) })
 */
@Module({})
export class SubgraphAuthModule {
  static forRoot(options: SubgraphAuthOptions): DynamicModule {
    return {
      module: SubgraphAuthModule,
      imports: options.imports ?? [],
      controllers: options.serveVerifyEndpoint ? [InternalCredentialsController] : [],
      providers: [
        { provide: AUTH_CONFIG, useValue: options.auth },
        typeof options.verifier === 'function'
          ? { provide: CREDENTIAL_VERIFIER, useClass: options.verifier }
          : { provide: CREDENTIAL_VERIFIER, useValue: options.verifier },
        {
          provide: SubgraphAuthenticator,
          inject: [CREDENTIAL_VERIFIER],
          useFactory: (verifier: CredentialVerifier) => new SubgraphAuthenticator(options.auth, verifier),
        },
      ],
      exports: [SubgraphAuthenticator, CREDENTIAL_VERIFIER],
    };
  }
}
