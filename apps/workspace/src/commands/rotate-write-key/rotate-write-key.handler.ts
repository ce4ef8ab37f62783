import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { apiKeyDecider } from '../../domain/api-key/api-key.decider';
import { generateApiKey } from '@pulse/auth';
import { WorkspaceReadModel } from '../../queries/shared/workspace-read-model.repository';
import type { IssuedKeyView } from '../shared/issued-key-view';
import { AggregateCommandExecutor } from '../shared/aggregate-command.executor';
import { metadataOf } from '../shared/caller';
import { found } from '../shared/found';
import { requireVisibleKey } from '../shared/visible-key';
import { RotateWriteKeyCommand } from './rotate-write-key.command';

@CommandHandler(RotateWriteKeyCommand)
export class RotateWriteKeyHandler implements ICommandHandler<RotateWriteKeyCommand> {
  constructor(
    private readonly executor: AggregateCommandExecutor,
    private readonly readModel: WorkspaceReadModel,
  ) {}

  async execute(command: RotateWriteKeyCommand): Promise<IssuedKeyView> {
    const { caller, input } = command;
    await requireVisibleKey(this.readModel, caller, input.id);
    const secret = generateApiKey('write');
    const { version } = await this.executor.execute({
      decider: apiKeyDecider,
      streamType: 'api-key',
      streamId: input.id,
      expectedVersion: input.expectedVersion,
      command: {
        type: 'RotateWriteKey',
        data: { keyId: input.id, keyHash: secret.keyHash, keyPrefix: secret.keyPrefix },
      },
      metadata: metadataOf(caller),
      belongsToCaller: (state) => state.status !== 'absent' && state.organizationId === caller.organizationId,
    });
    await this.readModel.awaitVersion('api_keys', input.id, version);
    return { apiKey: found(await this.readModel.apiKey(caller.organizationId, input.id), 'key'), key: secret.key };
  }
}
