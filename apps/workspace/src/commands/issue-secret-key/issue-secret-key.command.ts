import { Command } from '@nestjs/cqrs';
import type { IssuedKeyView } from '../shared/issued-key-view';
import type { Caller } from '../shared/caller';

export class IssueSecretKeyCommand extends Command<IssuedKeyView> {
  constructor(
    readonly caller: Caller,
    readonly input: { name: string; projectScope: string[] | null },
  ) {
    super();
  }
}
