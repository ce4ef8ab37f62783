import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainRuleException } from '@pulse/domain';
import { v7 as uuidv7 } from 'uuid';
import { projectDecider } from '../../domain/project/project.decider';
import { WorkspaceReadModel } from '../../queries/shared/workspace-read-model.repository';
import type { ProjectView } from '../../queries/shared/workspace-views';
import { AggregateCommandExecutor } from '../shared/aggregate-command.executor';
import { metadataOf, requireOrganizationScope } from '../shared/caller';
import { found } from '../shared/found';
import { CreateProjectCommand } from './create-project.command';

@CommandHandler(CreateProjectCommand)
export class CreateProjectHandler implements ICommandHandler<CreateProjectCommand> {
  constructor(
    private readonly executor: AggregateCommandExecutor,
    private readonly readModel: WorkspaceReadModel,
  ) {}

  async execute(command: CreateProjectCommand): Promise<ProjectView> {
    const { caller, input } = command;
    requireOrganizationScope(caller);
    if (!(await this.readModel.organization(caller.organizationId))) {
      throw new DomainRuleException('NOT_FOUND', "the credential's organization does not exist");
    }
    const projectId = uuidv7();
    const { version } = await this.executor.execute({
      decider: projectDecider,
      streamType: 'project',
      streamId: projectId,
      expectedVersion: undefined,
      command: { type: 'CreateProject', data: { projectId, organizationId: caller.organizationId, ...input } },
      metadata: metadataOf(caller),
    });
    await this.readModel.awaitVersion('projects', projectId, version);
    return found(await this.readModel.project(caller.organizationId, projectId), 'project');
  }
}
