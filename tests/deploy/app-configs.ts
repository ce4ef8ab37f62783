import { gatewayConfigFragments } from '../../apps/gateway/src/gateway.config';
import { workspaceConfigFragments } from '../../apps/workspace/src/workspace.config';
import { loadConfig, type ConfigFragments } from '../../libs/config/src/load-config';
import type { AppName } from '../../libs/config/src/app-ports';

/**
 * Each app's configuration fragments, as its main.ts loads them: docker/ and k8s/ are checked
 * against what the apps actually validate, not against a copy of their rules. A new app in
 * appPorts does not type-check until it is added here.
 */
export const appConfigFragments: Record<AppName, ConfigFragments> = {
  gateway: gatewayConfigFragments,
  workspace: workspaceConfigFragments,
};

/** Variables that matter at run time but belong to no fragment (docs/architecture.md, "Configuration"). */
export const runtimeVariables: ReadonlySet<string> = new Set([
  'PULSE_APP',
  'APOLLO_TELEMETRY_DISABLED',
  'NODE_ENV',
  'NODE_OPTIONS',
]);

interface SchemaLike {
  shape?: Record<string, unknown>;
  in?: unknown;
}

/** The environment variables a fragment reads: the keys of its zod object, behind any transform. */
function variablesOfSchema(schema: unknown): string[] {
  const node = schema as SchemaLike | undefined;
  if (node?.shape !== undefined && typeof node.shape === 'object') return Object.keys(node.shape);
  if (node?.in !== undefined) return variablesOfSchema(node.in);
  return [];
}

/** Every variable an app's configuration reads. Throws when a fragment's shape cannot be read. */
export function variablesReadBy(app: AppName): Set<string> {
  const variables = new Set<string>();
  for (const [section, fragment] of Object.entries(appConfigFragments[app])) {
    const found = variablesOfSchema(fragment);
    if (found.length === 0) throw new Error(`${app}: cannot tell which variables the "${section}" fragment reads`);
    for (const variable of found) variables.add(variable);
  }
  return variables;
}

/** The app's own validation of this environment: [] when it would start, else "VARIABLE: problem" lines. */
export function configurationProblems(app: AppName, env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(appConfigFragments[app], env);
    return [];
  } catch (error) {
    const problems = (error as { problems?: readonly { variable: string; message: string }[] }).problems;
    if (problems === undefined) throw error;
    return problems.map(({ variable, message }) => `${variable}: ${message}`);
  }
}

export function isAppName(name: string, apps: Readonly<Record<string, unknown>>): name is AppName {
  return Object.hasOwn(apps, name);
}
