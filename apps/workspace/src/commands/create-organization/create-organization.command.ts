import { Command } from '@nestjs/cqrs';
import type { OrganizationView } from '../../queries/shared/workspace-views';

/** Creates a tenant. Not exposed to API callers: the first-run command (pulse admin) runs it. */
export class CreateOrganizationCommand extends Command<OrganizationView> {
  constructor(
    readonly actor: { kind: string; id: string },
    readonly correlationId: string,
    readonly input: { name: string },
  ) {
    super();
  }
}
