import { Command } from '@nestjs/cqrs';
import type { ProjectView } from '../../queries/shared/workspace-views';
import type { Caller } from '../shared/caller';

export class CreateProjectCommand extends Command<ProjectView> {
  constructor(
    readonly caller: Caller,
    readonly input: { name: string; domains: string[]; currency: string; timeZone: string },
  ) {
    super();
  }
}
