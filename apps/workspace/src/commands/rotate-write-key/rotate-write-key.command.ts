import { Command } from '@nestjs/cqrs';
import type { IssuedKeyView } from '../shared/issued-key-view';
import type { Caller } from '../shared/caller';

export class RotateWriteKeyCommand extends Command<IssuedKeyView> {
  constructor(
    readonly caller: Caller,
    readonly input: { id: string; expectedVersion: number },
  ) {
    super();
  }
}
