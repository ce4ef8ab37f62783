import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { StoreView } from '../../queries/shared/workspace-views';
import { ExistingAggregateChanges } from '../shared/existing-aggregate.changes';
import { RemoveStoreCommand } from './remove-store.command';

@CommandHandler(RemoveStoreCommand)
export class RemoveStoreHandler implements ICommandHandler<RemoveStoreCommand> {
  constructor(private readonly changes: ExistingAggregateChanges) {}

  async execute({ caller, input }: RemoveStoreCommand): Promise<StoreView> {
    return this.changes.changeStore(caller, input.id, input.expectedVersion, {
      type: 'RemoveStore',
      data: { storeId: input.id },
    });
  }
}
