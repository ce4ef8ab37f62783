import { Command } from '@nestjs/cqrs';
import type { StoreView } from '../../queries/shared/workspace-views';
import type { Caller } from '../shared/caller';

export class RemoveStoreCommand extends Command<StoreView> {
  constructor(
    readonly caller: Caller,
    readonly input: { id: string; expectedVersion: number },
  ) {
    super();
  }
}
