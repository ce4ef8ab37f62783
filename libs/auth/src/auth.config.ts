import { z } from 'zod';
import { Secret } from './secret';

/** HS256 wants at least as many bytes of key as the hash has: 32. */
export const MIN_SECRET_LENGTH = 32;

/**
 * Fixed, public, development-only secrets, so that `./pulse start` and the tests need no setup.
 * They are refused when NODE_ENV is "production": a deployment must bring its own.
 */
export const localDevelopmentSecrets = {
  GATEWAY_SIGNING_SECRET: 'pulse-local-development-gateway-signing-secret',
  PULSE_TOKEN_SECRET: 'pulse-local-development-caller-token-secret',
} as const;

type SecretVariable = keyof typeof localDevelopmentSecrets;
const secretVariables = Object.keys(localDevelopmentSecrets) as SecretVariable[];

/**
 * GATEWAY_SIGNING_SECRET signs the identity the gateway forwards to subgraphs; PULSE_TOKEN_SECRET
 * verifies the signed tokens callers present. Both the gateway and every subgraph need both: a
 * subgraph also accepts callers that come to it directly. They must differ, so that a token of
 * one kind can never pass as the other.
 */
export const authConfig = z
  .object({
    NODE_ENV: z.string().optional(),
    GATEWAY_SIGNING_SECRET: z.string().optional(),
    PULSE_TOKEN_SECRET: z.string().optional(),
  })
  .superRefine((env, context) => {
    const production = env.NODE_ENV === 'production';
    for (const variable of secretVariables) {
      const value = env[variable];
      if (value === undefined) {
        if (production) context.addIssue({ code: 'custom', path: [variable], message: 'required in production' });
        continue;
      }
      if (value.length < MIN_SECRET_LENGTH)
        context.addIssue({
          code: 'custom',
          path: [variable],
          message: `must be at least ${MIN_SECRET_LENGTH} characters`,
        });
      else if (production && value === localDevelopmentSecrets[variable])
        context.addIssue({
          code: 'custom',
          path: [variable],
          message: 'the local development value is public; set a secret of your own',
        });
    }
    const gateway = env.GATEWAY_SIGNING_SECRET ?? localDevelopmentSecrets.GATEWAY_SIGNING_SECRET;
    if (gateway === (env.PULSE_TOKEN_SECRET ?? localDevelopmentSecrets.PULSE_TOKEN_SECRET))
      context.addIssue({
        code: 'custom',
        path: ['PULSE_TOKEN_SECRET'],
        message: 'must differ from GATEWAY_SIGNING_SECRET',
      });
  })
  .transform((env) => ({
    gatewaySigningSecret: new Secret(env.GATEWAY_SIGNING_SECRET ?? localDevelopmentSecrets.GATEWAY_SIGNING_SECRET),
    tokenSecret: new Secret(env.PULSE_TOKEN_SECRET ?? localDevelopmentSecrets.PULSE_TOKEN_SECRET),
    /** True when a local development secret is in use: the app says so at start-up. */
    usesLocalSecrets: env.GATEWAY_SIGNING_SECRET === undefined || env.PULSE_TOKEN_SECRET === undefined,
  }));

export type AuthConfig = z.output<typeof authConfig>;
