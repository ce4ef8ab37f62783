import { Command } from '@nestjs/cqrs';
import type { ProjectView } from '../../queries/shared/workspace-views';
import type { Caller } from '../shared/caller';

export class ArchiveProjectCommand extends Command<ProjectView> {
  constructor(
    readonly caller: Caller,
    readonly input: { id: string; expectedVersion: number },
  ) {
    super();
  }
}
