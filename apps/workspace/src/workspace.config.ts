import { authConfig } from '@pulse/auth';
import {
  appPorts,
  httpConfig,
  kafkaConfig,
  loadConfig,
  loggingConfig,
  postgresConfig,
  type LoadedConfig,
} from '@pulse/config';

export const workspaceConfigFragments = {
  http: httpConfig(appPorts.workspace),
  logging: loggingConfig,
  kafka: kafkaConfig,
  postgres: postgresConfig,
  auth: authConfig,
};

export type WorkspaceConfig = LoadedConfig<typeof workspaceConfigFragments>;

export const loadWorkspaceConfig = (env: Record<string, string | undefined> = process.env): WorkspaceConfig =>
  loadConfig(workspaceConfigFragments, env);
