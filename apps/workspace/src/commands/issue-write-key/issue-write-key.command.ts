import { Command } from '@nestjs/cqrs';
import type { IssuedKeyView } from '../shared/issued-key-view';
import type { Caller } from '../shared/caller';

export class IssueWriteKeyCommand extends Command<IssuedKeyView> {
  constructor(
    readonly caller: Caller,
    readonly input: { projectId: string; name: string; allowedOrigins: string[] },
  ) {
    super();
  }
}
