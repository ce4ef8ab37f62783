import { z } from 'zod';

export type ConfigFragments = Record<string, z.ZodType<unknown, Record<string, unknown>>>;
export type LoadedConfig<F extends ConfigFragments> = { readonly [K in keyof F]: z.output<F[K]> };

/** A variable whose value must never reach a log line or an error message. */
const SECRET_NAME = /(PASSWORD|SECRET|TOKEN|KEY)(_|$)/;

export interface ConfigProblem {
  variable: string;
  message: string;
}

export class InvalidConfigurationException extends Error {
  readonly code = 'INVALID_CONFIGURATION';

  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((problem) => `  - ${problem.variable}: ${problem.message}`).join('\n'),
    );
    this.name = 'InvalidConfigurationException';
  }
}

/** Shows what was received without leaking secrets: URL credentials are masked, secret names hidden. */
export function describeReceivedValue(variable: string, value: string | undefined): string {
  if (value === undefined) return 'not set';
  if (SECRET_NAME.test(variable)) return 'value hidden';
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    if (url.protocol && url.host) return `got "${url.toString()}"`;
  } catch {
    // not a URL: shown as it is
  }
  return `got "${value.length > 80 ? `${value.slice(0, 77)}...` : value}"`;
}

/**
 * Validates every fragment against the environment at once and reports every bad variable in one
 * error, so that an operator fixes a deployment in one round instead of one variable per restart.
 */
export function loadConfig<F extends ConfigFragments>(
  fragments: F,
  env: Record<string, string | undefined> = process.env,
): LoadedConfig<F> {
  const problems: ConfigProblem[] = [];
  const config: Record<string, unknown> = {};
  for (const [section, fragment] of Object.entries(fragments)) {
    const result = fragment.safeParse(env);
    if (result.success) {
      config[section] = result.data;
      continue;
    }
    for (const issue of result.error.issues) {
      const variable = String(issue.path[0] ?? section);
      problems.push({ variable, message: `${issue.message} (${describeReceivedValue(variable, env[variable])})` });
    }
  }
  if (problems.length > 0) throw new InvalidConfigurationException(problems);
  return config as LoadedConfig<F>;
}
