import { Command } from '@nestjs/cqrs';
import type { OrganizationView } from '../../queries/shared/workspace-views';
import type { Caller } from '../shared/caller';

export class RenameOrganizationCommand extends Command<OrganizationView> {
  constructor(
    readonly caller: Caller,
    readonly input: { name: string; expectedVersion: number },
  ) {
    super();
  }
}
