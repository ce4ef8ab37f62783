import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { apiKeyDecider } from '../../domain/api-key/api-key.decider';
import { WorkspaceReadModel } from '../../queries/shared/workspace-read-model.repository';
import type { ApiKeyView } from '../../queries/shared/workspace-views';
import { AggregateCommandExecutor } from '../shared/aggregate-command.executor';
import { metadataOf } from '../shared/caller';
import { found } from '../shared/found';
import { requireVisibleKey } from '../shared/visible-key';
import { ChangeWriteKeyOriginsCommand } from './change-write-key-origins.command';

@CommandHandler(ChangeWriteKeyOriginsCommand)
export class ChangeWriteKeyOriginsHandler implements ICommandHandler<ChangeWriteKeyOriginsCommand> {
  constructor(
    private readonly executor: AggregateCommandExecutor,
    private readonly readModel: WorkspaceReadModel,
  ) {}

  async execute(command: ChangeWriteKeyOriginsCommand): Promise<ApiKeyView> {
    const { caller, input } = command;
    await requireVisibleKey(this.readModel, caller, input.id);
    const { version } = await this.executor.execute({
      decider: apiKeyDecider,
      streamType: 'api-key',
      streamId: input.id,
      expectedVersion: input.expectedVersion,
      command: { type: 'ChangeWriteKeyOrigins', data: { keyId: input.id, allowedOrigins: input.allowedOrigins } },
      metadata: metadataOf(caller),
      belongsToCaller: (state) => state.status !== 'absent' && state.organizationId === caller.organizationId,
    });
    await this.readModel.awaitVersion('api_keys', input.id, version);
    return found(await this.readModel.apiKey(caller.organizationId, input.id), 'key');
  }
}
