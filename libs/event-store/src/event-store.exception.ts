export type EventStoreErrorCode =
  | 'CONFLICT'
  | 'DUPLICATE_EVENT_ID'
  | 'INVALID_APPEND'
  | 'UNSUPPORTED_DATA_SOURCE'
  | 'RELAY_RUNNING'
  | 'RELAY_LOCKED'
  | 'UNMAPPED_STREAM_TYPE';

/** Every error the event store and its relay throw on purpose carries a stable code. */
export class EventStoreException extends Error {
  constructor(
    readonly code: EventStoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
