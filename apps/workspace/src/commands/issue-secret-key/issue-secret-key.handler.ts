import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainRuleException } from '@pulse/domain';
import { v7 as uuidv7 } from 'uuid';
import { apiKeyDecider } from '../../domain/api-key/api-key.decider';
import { generateApiKey } from '@pulse/auth';
import { WorkspaceReadModel } from '../../queries/shared/workspace-read-model.repository';
import type { IssuedKeyView } from '../shared/issued-key-view';
import { AggregateCommandExecutor } from '../shared/aggregate-command.executor';
import { metadataOf, requireOrganizationScope } from '../shared/caller';
import { found } from '../shared/found';
import { IssueSecretKeyCommand } from './issue-secret-key.command';

@CommandHandler(IssueSecretKeyCommand)
export class IssueSecretKeyHandler implements ICommandHandler<IssueSecretKeyCommand> {
  constructor(
    private readonly executor: AggregateCommandExecutor,
    private readonly readModel: WorkspaceReadModel,
  ) {}

  async execute(command: IssueSecretKeyCommand): Promise<IssuedKeyView> {
    const { caller, input } = command;
    requireOrganizationScope(caller);
    for (const projectId of input.projectScope ?? []) {
      if (!(await this.readModel.project(caller.organizationId, projectId))) {
        throw new DomainRuleException('NOT_FOUND', `no such project: ${projectId}`, 'projectScope');
      }
    }
    const keyId = uuidv7();
    const secret = generateApiKey('secret');
    const { version } = await this.executor.execute({
      decider: apiKeyDecider,
      streamType: 'api-key',
      streamId: keyId,
      expectedVersion: undefined,
      command: {
        type: 'IssueSecretKey',
        data: {
          keyId,
          organizationId: caller.organizationId,
          name: input.name,
          projectScope: input.projectScope,
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
