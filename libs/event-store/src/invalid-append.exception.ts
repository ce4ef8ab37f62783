import { EventStoreException } from './event-store.exception';

/** The append itself is malformed (names, versions, data): retrying it can never succeed. */
export class InvalidAppendException extends EventStoreException {
  declare readonly code: 'INVALID_APPEND';

  constructor(
    readonly streamId: string,
    readonly problems: readonly string[],
  ) {
    super('INVALID_APPEND', `invalid append to stream ${streamId}: ${problems.join('; ')}`);
  }
}
