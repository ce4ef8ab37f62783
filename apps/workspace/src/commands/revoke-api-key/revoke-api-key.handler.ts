import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ApiKeyView } from '../../queries/shared/workspace-views';
import { ExistingAggregateChanges } from '../shared/existing-aggregate.changes';
import { RevokeApiKeyCommand } from './revoke-api-key.command';

@CommandHandler(RevokeApiKeyCommand)
export class RevokeApiKeyHandler implements ICommandHandler<RevokeApiKeyCommand> {
  constructor(private readonly changes: ExistingAggregateChanges) {}

  async execute({ caller, input }: RevokeApiKeyCommand): Promise<ApiKeyView> {
    return this.changes.changeApiKey(caller, input.id, input.expectedVersion, {
      type: 'RevokeApiKey',
      data: { keyId: input.id, revokedBy: caller.actor.id },
    });
  }
}
