import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { generateApiKey } from '@pulse/auth';
import type { IssuedKeyView } from '../shared/issued-key-view';
import { ExistingAggregateChanges } from '../shared/existing-aggregate.changes';
import { RotateWriteKeyCommand } from './rotate-write-key.command';

@CommandHandler(RotateWriteKeyCommand)
export class RotateWriteKeyHandler implements ICommandHandler<RotateWriteKeyCommand> {
  constructor(private readonly changes: ExistingAggregateChanges) {}

  async execute({ caller, input }: RotateWriteKeyCommand): Promise<IssuedKeyView> {
    const secret = generateApiKey('write');
    const apiKey = await this.changes.changeApiKey(caller, input.id, input.expectedVersion, {
      type: 'RotateWriteKey',
      data: { keyId: input.id, keyHash: secret.keyHash, keyPrefix: secret.keyPrefix },
    });
    return { apiKey, key: secret.key };
  }
}
