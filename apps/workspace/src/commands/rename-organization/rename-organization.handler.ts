import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { organizationDecider } from '../../domain/organization/organization.decider';
import { WorkspaceReadModel } from '../../queries/shared/workspace-read-model.repository';
import type { OrganizationView } from '../../queries/shared/workspace-views';
import { AggregateCommandExecutor } from '../shared/aggregate-command.executor';
import { metadataOf, requireOrganizationScope } from '../shared/caller';
import { found } from '../shared/found';
import { RenameOrganizationCommand } from './rename-organization.command';

@CommandHandler(RenameOrganizationCommand)
export class RenameOrganizationHandler implements ICommandHandler<RenameOrganizationCommand> {
  constructor(
    private readonly executor: AggregateCommandExecutor,
    private readonly readModel: WorkspaceReadModel,
  ) {}

  async execute(command: RenameOrganizationCommand): Promise<OrganizationView> {
    const { caller, input } = command;
    requireOrganizationScope(caller);
    const { version } = await this.executor.execute({
      decider: organizationDecider,
      streamType: 'organization',
      streamId: caller.organizationId,
      expectedVersion: input.expectedVersion,
      command: { type: 'RenameOrganization', data: { organizationId: caller.organizationId, name: input.name } },
      metadata: metadataOf(caller),
    });
    await this.readModel.awaitVersion('organizations', caller.organizationId, version);
    return found(await this.readModel.organization(caller.organizationId), 'organization');
  }
}
