import { InvalidConfigurationException, loadConfig } from '@pulse/config';
import { inspect } from 'node:util';
import { authConfig, localDevelopmentSecrets } from './auth.config';

const fragments = { auth: authConfig };
const strong = {
  GATEWAY_SIGNING_SECRET: 'gateway-secret-0123456789abcdef0123456789',
  PULSE_TOKEN_SECRET: 'token-secret-0123456789abcdef0123456789abcd',
};

function problemsOf(env: Record<string, string>): InvalidConfigurationException {
  try {
    loadConfig(fragments, env);
  } catch (error) {
    if (error instanceof InvalidConfigurationException) return error;
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('auth configuration', () => {
  it('falls back to the public local secrets outside production, and says so', () => {
    const { auth } = loadConfig(fragments, {});
    expect(auth.gatewaySigningSecret.reveal()).toBe(localDevelopmentSecrets.GATEWAY_SIGNING_SECRET);
    expect(auth.tokenSecret.reveal()).toBe(localDevelopmentSecrets.PULSE_TOKEN_SECRET);
    expect(auth.usesLocalSecrets).toBe(true);
  });

  it('takes both secrets from the environment', () => {
    const { auth } = loadConfig(fragments, { NODE_ENV: 'production', ...strong });
    expect(auth.gatewaySigningSecret.reveal()).toBe(strong.GATEWAY_SIGNING_SECRET);
    expect(auth.tokenSecret.reveal()).toBe(strong.PULSE_TOKEN_SECRET);
    expect(auth.usesLocalSecrets).toBe(false);
  });

  it('requires both secrets in production, and refuses the public local ones there', () => {
    expect(problemsOf({ NODE_ENV: 'production' }).problems.map((problem) => problem.variable)).toEqual([
      'GATEWAY_SIGNING_SECRET',
      'PULSE_TOKEN_SECRET',
    ]);
    const reused = problemsOf({ NODE_ENV: 'production', ...localDevelopmentSecrets });
    expect(reused.message).toContain('GATEWAY_SIGNING_SECRET: the local development value is public');
  });

  it('refuses short secrets and one secret used for both, without printing them', () => {
    const short = problemsOf({ GATEWAY_SIGNING_SECRET: 'hunter2' });
    expect(short.message).toContain('GATEWAY_SIGNING_SECRET: must be at least 32 characters');
    expect(short.message).not.toContain('hunter2');
    const same = problemsOf({ ...strong, PULSE_TOKEN_SECRET: strong.GATEWAY_SIGNING_SECRET });
    expect(same.message).toContain('PULSE_TOKEN_SECRET: must differ from GATEWAY_SIGNING_SECRET');
    expect(same.message).not.toContain(strong.GATEWAY_SIGNING_SECRET);
  });

  it('never shows a secret when the configuration is printed or serialised', () => {
    const config = loadConfig(fragments, strong);
    for (const printed of [JSON.stringify(config), inspect(config, { depth: 5 }), `${config.auth.tokenSecret}`]) {
      expect(printed).not.toContain(strong.GATEWAY_SIGNING_SECRET);
      expect(printed).not.toContain(strong.PULSE_TOKEN_SECRET);
    }
  });
});
