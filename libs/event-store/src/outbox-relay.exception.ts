import { EventStoreException } from './event-store.exception';

export type OutboxRelayErrorCode = 'RELAY_RUNNING' | 'RELAY_LOCKED' | 'UNMAPPED_STREAM_TYPE';

export class OutboxRelayException extends EventStoreException {
  declare readonly code: OutboxRelayErrorCode;

  constructor(code: OutboxRelayErrorCode, message: string) {
    super(code, message);
  }
}
