import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { projectDecider } from '../../domain/project/project.decider';
import { WorkspaceReadModel } from '../../queries/shared/workspace-read-model.repository';
import type { ProjectView } from '../../queries/shared/workspace-views';
import { AggregateCommandExecutor } from '../shared/aggregate-command.executor';
import { canSeeProject, metadataOf } from '../shared/caller';
import { found } from '../shared/found';
import { RenameProjectCommand } from './rename-project.command';

@CommandHandler(RenameProjectCommand)
export class RenameProjectHandler implements ICommandHandler<RenameProjectCommand> {
  constructor(
    private readonly executor: AggregateCommandExecutor,
    private readonly readModel: WorkspaceReadModel,
  ) {}

  async execute(command: RenameProjectCommand): Promise<ProjectView> {
    const { caller, input } = command;
    const { version } = await this.executor.execute({
      decider: projectDecider,
      streamType: 'project',
      streamId: input.id,
      expectedVersion: input.expectedVersion,
      command: { type: 'RenameProject', data: { projectId: input.id, name: input.name } },
      metadata: metadataOf(caller),
      belongsToCaller: (state) =>
        state.status !== 'absent' && state.organizationId === caller.organizationId && canSeeProject(caller, input.id),
    });
    await this.readModel.awaitVersion('projects', input.id, version);
    return found(await this.readModel.project(caller.organizationId, input.id), 'project');
  }
}
