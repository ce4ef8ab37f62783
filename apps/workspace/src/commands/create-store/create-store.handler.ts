import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v7 as uuidv7 } from 'uuid';
import { storeDecider } from '../../domain/store/store.decider';
import { WorkspaceReadModel } from '../../queries/shared/workspace-read-model.repository';
import type { StoreView } from '../../queries/shared/workspace-views';
import { AggregateCommandExecutor } from '../shared/aggregate-command.executor';
import { requireActiveProject } from '../shared/active-project';
import { metadataOf } from '../shared/caller';
import { found } from '../shared/found';
import { CreateStoreCommand } from './create-store.command';

@CommandHandler(CreateStoreCommand)
export class CreateStoreHandler implements ICommandHandler<CreateStoreCommand> {
  constructor(
    private readonly executor: AggregateCommandExecutor,
    private readonly readModel: WorkspaceReadModel,
  ) {}

  async execute(command: CreateStoreCommand): Promise<StoreView> {
    const { caller, input } = command;
    const project = await requireActiveProject(this.readModel, caller, input.projectId);
    const storeId = uuidv7();
    const { version } = await this.executor.execute({
      decider: storeDecider,
      streamType: 'store',
      streamId: storeId,
      expectedVersion: undefined,
      command: {
        type: 'CreateStore',
        data: { storeId, projectId: project.id, organizationId: caller.organizationId, name: input.name },
      },
      metadata: metadataOf(caller),
    });
    await this.readModel.awaitVersion('stores', storeId, version);
    return found(await this.readModel.store(caller.organizationId, storeId), 'store');
  }
}
