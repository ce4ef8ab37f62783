import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ProjectView } from '../../queries/shared/workspace-views';
import { ExistingAggregateChanges } from '../shared/existing-aggregate.changes';
import { ChangeProjectSettingsCommand } from './change-project-settings.command';

@CommandHandler(ChangeProjectSettingsCommand)
export class ChangeProjectSettingsHandler implements ICommandHandler<ChangeProjectSettingsCommand> {
  constructor(private readonly changes: ExistingAggregateChanges) {}

  async execute({ caller, input }: ChangeProjectSettingsCommand): Promise<ProjectView> {
    return this.changes.changeProject(caller, input.id, input.expectedVersion, {
      type: 'ChangeProjectSettings',
      data: { projectId: input.id, domains: input.domains, currency: input.currency, timeZone: input.timeZone },
    });
  }
}
