import { EventStoreException } from './event-store.exception';

/**
 * An event id is an idempotency key: appending the same ids to the same stream again is a no-op,
 * but an id stored in another stream, or a batch mixing stored and new ids, is a caller's bug.
 */
export class DuplicateEventIdException extends EventStoreException {
  declare readonly code: 'DUPLICATE_EVENT_ID';

  constructor(
    readonly streamId: string,
    readonly eventIds: readonly string[],
    reason: string,
  ) {
    super('DUPLICATE_EVENT_ID', `cannot append to stream ${streamId}: ${reason} (${eventIds.join(', ')})`);
  }
}
