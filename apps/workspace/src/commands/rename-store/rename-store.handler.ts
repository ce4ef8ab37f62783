import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { storeDecider } from '../../domain/store/store.decider';
import { WorkspaceReadModel } from '../../queries/shared/workspace-read-model.repository';
import type { StoreView } from '../../queries/shared/workspace-views';
import { AggregateCommandExecutor } from '../shared/aggregate-command.executor';
import { canSeeProject, metadataOf } from '../shared/caller';
import { found } from '../shared/found';
import { RenameStoreCommand } from './rename-store.command';

@CommandHandler(RenameStoreCommand)
export class RenameStoreHandler implements ICommandHandler<RenameStoreCommand> {
  constructor(
    private readonly executor: AggregateCommandExecutor,
    private readonly readModel: WorkspaceReadModel,
  ) {}

  async execute(command: RenameStoreCommand): Promise<StoreView> {
    const { caller, input } = command;
    const { version } = await this.executor.execute({
      decider: storeDecider,
      streamType: 'store',
      streamId: input.id,
      expectedVersion: input.expectedVersion,
      command: { type: 'RenameStore', data: { storeId: input.id, name: input.name } },
      metadata: metadataOf(caller),
      belongsToCaller: (state) =>
        state.status !== 'absent' &&
        state.organizationId === caller.organizationId &&
        canSeeProject(caller, state.projectId),
    });
    await this.readModel.awaitVersion('stores', input.id, version);
    return found(await this.readModel.store(caller.organizationId, input.id), 'store');
  }
}
