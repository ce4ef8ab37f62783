import { Command } from '@nestjs/cqrs';
import type { StoreView } from '../../queries/shared/workspace-views';
import type { Caller } from '../shared/caller';

export class RenameStoreCommand extends Command<StoreView> {
  constructor(
    readonly caller: Caller,
    readonly input: { id: string; name: string; expectedVersion: number },
  ) {
    super();
  }
}
