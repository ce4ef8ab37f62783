import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainRuleException } from '@pulse/domain';
import { apiKeyDecider } from '../../domain/api-key/api-key.decider';
import { WorkspaceReadModel } from '../../queries/shared/workspace-read-model.repository';
import type { ApiKeyView } from '../../queries/shared/workspace-views';
import { AggregateCommandExecutor } from '../shared/aggregate-command.executor';
import { type Caller, canSeeProject, metadataOf } from '../shared/caller';
import { found } from '../shared/found';
import { ChangeWriteKeyOriginsCommand } from './change-write-key-origins.command';

@CommandHandler(ChangeWriteKeyOriginsCommand)
export class ChangeWriteKeyOriginsHandler implements ICommandHandler<ChangeWriteKeyOriginsCommand> {
  constructor(
    private readonly executor: AggregateCommandExecutor,
    private readonly readModel: WorkspaceReadModel,
  ) {}

  async execute(command: ChangeWriteKeyOriginsCommand): Promise<ApiKeyView> {
    const { caller, input } = command;
    await this.requireVisibleKey(caller, input.id);
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

  /** Keys outside a scoped key's reach answer as if they did not exist. */
  private async requireVisibleKey(caller: Caller, keyId: string): Promise<void> {
    const key = await this.readModel.apiKey(caller.organizationId, keyId);
    const visible =
      key !== null &&
      (key.kind === 'WRITE'
        ? key.projectId !== null && canSeeProject(caller, key.projectId)
        : caller.projectScope === null);
    if (!visible) throw new DomainRuleException('NOT_FOUND', 'no such key');
  }
}
