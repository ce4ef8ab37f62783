import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v7 as uuidv7 } from 'uuid';
import { apiKeyDecider } from '../../domain/api-key/api-key.decider';
import { generateApiKey } from '@pulse/auth';
import { WorkspaceReadModel } from '../../queries/shared/workspace-read-model.repository';
import type { IssuedKeyView } from '../shared/issued-key-view';
import { AggregateCommandExecutor } from '../shared/aggregate-command.executor';
import { requireActiveProject } from '../shared/active-project';
import { metadataOf } from '../shared/caller';
import { found } from '../shared/found';
import { IssueWriteKeyCommand } from './issue-write-key.command';

@CommandHandler(IssueWriteKeyCommand)
export class IssueWriteKeyHandler implements ICommandHandler<IssueWriteKeyCommand> {
  constructor(
    private readonly executor: AggregateCommandExecutor,
    private readonly readModel: WorkspaceReadModel,
  ) {}

  async execute(command: IssueWriteKeyCommand): Promise<IssuedKeyView> {
    const { caller, input } = command;
    const project = await requireActiveProject(this.readModel, caller, input.projectId);
    const keyId = uuidv7();
    const secret = generateApiKey('write');
    const { version } = await this.executor.execute({
      decider: apiKeyDecider,
      streamType: 'api-key',
      streamId: keyId,
      expectedVersion: undefined,
      command: {
        type: 'IssueWriteKey',
        data: {
          keyId,
          organizationId: caller.organizationId,
          projectId: project.id,
          name: input.name,
          allowedOrigins: input.allowedOrigins,
          keyHash: secret.keyHash,
          keyPrefix: secret.keyPrefix,
        },
      },
      metadata: metadataOf(caller),
    });
    await this.readModel.awaitVersion('api_keys', keyId, version);
    return { apiKey: found(await this.readModel.apiKey(caller.organizationId, keyId), 'key'), key: secret.key };
  }
}
