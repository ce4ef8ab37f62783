import { runApp } from '@pulse/runtime';
import { loadWorkspaceConfig } from './workspace.config';
import { connectWorkspaceConsumers } from './workspace-microservices';
import { WorkspaceModule } from './workspace.module';

void runApp({
  name: 'workspace',
  loadConfig: loadWorkspaceConfig,
  module: (config) => WorkspaceModule.forRoot(config),
  connectMicroservices: connectWorkspaceConsumers,
});
