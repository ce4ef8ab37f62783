import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ApiKeyView } from '../../queries/shared/workspace-views';
import { ExistingAggregateChanges } from '../shared/existing-aggregate.changes';
import { ChangeWriteKeyOriginsCommand } from './change-write-key-origins.command';

@CommandHandler(ChangeWriteKeyOriginsCommand)
export class ChangeWriteKeyOriginsHandler implements ICommandHandler<ChangeWriteKeyOriginsCommand> {
  constructor(private readonly changes: ExistingAggregateChanges) {}

  async execute({ caller, input }: ChangeWriteKeyOriginsCommand): Promise<ApiKeyView> {
    return this.changes.changeApiKey(caller, input.id, input.expectedVersion, {
      type: 'ChangeWriteKeyOrigins',
      data: { keyId: input.id, allowedOrigins: input.allowedOrigins },
    });
  }
}
