import { Command } from '@nestjs/cqrs';
import type { ProjectView } from '../../queries/shared/workspace-views';
import type { Caller } from '../shared/caller';

export class ChangeProjectSettingsCommand extends Command<ProjectView> {
  constructor(
    readonly caller: Caller,
    readonly input: { id: string; domains?: string[]; currency?: string; timeZone?: string; expectedVersion: number },
  ) {
    super();
  }
}
