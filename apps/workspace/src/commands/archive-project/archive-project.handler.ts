import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ProjectView } from '../../queries/shared/workspace-views';
import { ExistingAggregateChanges } from '../shared/existing-aggregate.changes';
import { ArchiveProjectCommand } from './archive-project.command';

@CommandHandler(ArchiveProjectCommand)
export class ArchiveProjectHandler implements ICommandHandler<ArchiveProjectCommand> {
  constructor(private readonly changes: ExistingAggregateChanges) {}

  async execute({ caller, input }: ArchiveProjectCommand): Promise<ProjectView> {
    return this.changes.changeProject(caller, input.id, input.expectedVersion, {
      type: 'ArchiveProject',
      data: { projectId: input.id },
    });
  }
}
