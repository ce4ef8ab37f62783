import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { StoreView } from '../../queries/shared/workspace-views';
import { ExistingAggregateChanges } from '../shared/existing-aggregate.changes';
import { RenameStoreCommand } from './rename-store.command';

@CommandHandler(RenameStoreCommand)
export class RenameStoreHandler implements ICommandHandler<RenameStoreCommand> {
  constructor(private readonly changes: ExistingAggregateChanges) {}

  async execute({ caller, input }: RenameStoreCommand): Promise<StoreView> {
    return this.changes.changeStore(caller, input.id, input.expectedVersion, {
      type: 'RenameStore',
      data: { storeId: input.id, name: input.name },
    });
  }
}
