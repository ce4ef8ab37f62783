import { Injectable } from '@nestjs/common';
import { apiKeyDecider, type ApiKeyCommand } from '../../domain/api-key/api-key.decider';
import { projectDecider, type ProjectCommand } from '../../domain/project/project.decider';
import { storeDecider, type StoreCommand } from '../../domain/store/store.decider';
import { WorkspaceReadModel } from '../../queries/shared/workspace-read-model.repository';
import type { ApiKeyView, ProjectView, StoreView } from '../../queries/shared/workspace-views';
import { AggregateCommandExecutor } from './aggregate-command.executor';
import { canSeeProject, metadataOf, type Caller } from './caller';
import { found } from './found';
import { requireVisibleKey } from './visible-key';

/**
 * Changing an aggregate that exists is the same for every such command: the caller must be able
 * to see it, the version they saw must be current, and the answer is the read model once it has
 * the change. Only the command differs.
 */
@Injectable()
export class ExistingAggregateChanges {
  constructor(
    private readonly executor: AggregateCommandExecutor,
    private readonly readModel: WorkspaceReadModel,
  ) {}

  async changeProject(
    caller: Caller,
    id: string,
    expectedVersion: number,
    command: ProjectCommand,
  ): Promise<ProjectView> {
    const { version } = await this.executor.execute({
      decider: projectDecider,
      streamType: 'project',
      streamId: id,
      expectedVersion,
      command,
      metadata: metadataOf(caller),
      belongsToCaller: (state) =>
        state.status !== 'absent' && state.organizationId === caller.organizationId && canSeeProject(caller, id),
    });
    await this.readModel.awaitVersion('projects', id, version);
    return found(await this.readModel.project(caller.organizationId, id), 'project');
  }

  async changeStore(caller: Caller, id: string, expectedVersion: number, command: StoreCommand): Promise<StoreView> {
    const { version } = await this.executor.execute({
      decider: storeDecider,
      streamType: 'store',
      streamId: id,
      expectedVersion,
      command,
      metadata: metadataOf(caller),
      belongsToCaller: (state) =>
        state.status !== 'absent' &&
        state.organizationId === caller.organizationId &&
        canSeeProject(caller, state.projectId),
    });
    await this.readModel.awaitVersion('stores', id, version);
    return found(await this.readModel.store(caller.organizationId, id), 'store');
  }

  async changeApiKey(caller: Caller, id: string, expectedVersion: number, command: ApiKeyCommand): Promise<ApiKeyView> {
    await requireVisibleKey(this.readModel, caller, id);
    const { version } = await this.executor.execute({
      decider: apiKeyDecider,
      streamType: 'api-key',
      streamId: id,
      expectedVersion,
      command,
      metadata: metadataOf(caller),
      belongsToCaller: (state) => state.status !== 'absent' && state.organizationId === caller.organizationId,
    });
    await this.readModel.awaitVersion('api_keys', id, version);
    return found(await this.readModel.apiKey(caller.organizationId, id), 'key');
  }
}
