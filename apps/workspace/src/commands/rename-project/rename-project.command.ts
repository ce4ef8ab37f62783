import { Command } from '@nestjs/cqrs';
import type { ProjectView } from '../../queries/shared/workspace-views';
import type { Caller } from '../shared/caller';

export class RenameProjectCommand extends Command<ProjectView> {
  constructor(
    readonly caller: Caller,
    readonly input: { id: string; name: string; expectedVersion: number },
  ) {
    super();
  }
}
