import { EventStoreException } from './event-store.exception';
import type { ExpectedVersion } from './event-store.types';

/**
 * The stream was not at the version the writer expected, or another writer appended the same
 * version first. The caller reloads the aggregate and decides again; GraphQL maps the code to
 * CONFLICT.
 */
export class StreamVersionConflictException extends EventStoreException {
  declare readonly code: 'CONFLICT';

  constructor(
    readonly streamId: string,
    readonly expectedVersion: ExpectedVersion,
    readonly actualVersion: number,
  ) {
    super(
      'CONFLICT',
      `stream ${streamId} is at version ${actualVersion}, expected ${typeof expectedVersion === 'number' ? `version ${expectedVersion}` : expectedVersion}`,
    );
  }
}
