import { Command } from '@nestjs/cqrs';
import type { ApiKeyView } from '../../queries/shared/workspace-views';
import type { Caller } from '../shared/caller';

export class RevokeApiKeyCommand extends Command<ApiKeyView> {
  constructor(
    readonly caller: Caller,
    readonly input: { id: string; expectedVersion: number },
  ) {
    super();
  }
}
