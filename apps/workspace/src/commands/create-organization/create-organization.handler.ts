import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v7 as uuidv7 } from 'uuid';
import { organizationDecider } from '../../domain/organization/organization.decider';
import { WorkspaceReadModel } from '../../queries/shared/workspace-read-model.repository';
import type { OrganizationView } from '../../queries/shared/workspace-views';
import { AggregateCommandExecutor } from '../shared/aggregate-command.executor';
import { found } from '../shared/found';
import { CreateOrganizationCommand } from './create-organization.command';

@CommandHandler(CreateOrganizationCommand)
export class CreateOrganizationHandler implements ICommandHandler<CreateOrganizationCommand> {
  constructor(
    private readonly executor: AggregateCommandExecutor,
    private readonly readModel: WorkspaceReadModel,
  ) {}

  async execute(command: CreateOrganizationCommand): Promise<OrganizationView> {
    const organizationId = uuidv7();
    const { version } = await this.executor.execute({
      decider: organizationDecider,
      streamType: 'organization',
      streamId: organizationId,
      expectedVersion: undefined,
      command: {
        type: 'CreateOrganization',
        data: { organizationId, name: command.input.name, createdBy: command.actor.id },
      },
      metadata: { organizationId, actor: command.actor, correlationId: command.correlationId },
    });
    await this.readModel.awaitVersion('organizations', organizationId, version);
    return found(await this.readModel.organization(organizationId), 'organization');
  }
}
