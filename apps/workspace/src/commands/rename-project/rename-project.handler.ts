import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ProjectView } from '../../queries/shared/workspace-views';
import { ExistingAggregateChanges } from '../shared/existing-aggregate.changes';
import { RenameProjectCommand } from './rename-project.command';

@CommandHandler(RenameProjectCommand)
export class RenameProjectHandler implements ICommandHandler<RenameProjectCommand> {
  constructor(private readonly changes: ExistingAggregateChanges) {}

  async execute({ caller, input }: RenameProjectCommand): Promise<ProjectView> {
    return this.changes.changeProject(caller, input.id, input.expectedVersion, {
      type: 'RenameProject',
      data: { projectId: input.id, name: input.name },
    });
  }
}
