import { Command } from '@nestjs/cqrs';
import type { ApiKeyView } from '../../queries/shared/workspace-views';
import type { Caller } from '../shared/caller';

export class ChangeWriteKeyOriginsCommand extends Command<ApiKeyView> {
  constructor(
    readonly caller: Caller,
    readonly input: { id: string; allowedOrigins: string[]; expectedVersion: number },
  ) {
    super();
  }
}
