import { Inject, Injectable } from '@nestjs/common';
import { DomainRuleException } from '@pulse/domain';
import { EventStore, StreamVersionConflictException } from '@pulse/event-store';
import type { WorkspaceEvent, WorkspaceStreamType } from '../../events/workspace-event';
import type { CommandMetadata, StoredStream, WorkspaceEventStore } from './workspace-event-store.port';

/** The workspace's port over the shared event store: its conflict becomes the API's CONFLICT. */
@Injectable()
export class PostgresWorkspaceEventStore implements WorkspaceEventStore {
  constructor(@Inject(EventStore) private readonly eventStore: EventStore) {}

  async readStream(streamId: string): Promise<StoredStream> {
    const events = await this.eventStore.readStream(streamId);
    return {
      events: events.map((event) => ({ type: event.type, data: event.data }) as unknown as WorkspaceEvent),
      version: events.length === 0 ? 0 : (events[events.length - 1]?.streamVersion ?? 0),
    };
  }

  async append(
    streamId: string,
    streamType: WorkspaceStreamType,
    expectedVersion: number,
    events: readonly WorkspaceEvent[],
    metadata: CommandMetadata,
  ): Promise<{ version: number }> {
    try {
      const result = await this.eventStore.append(
        streamId,
        streamType,
        expectedVersion === 0 ? 'no-stream' : expectedVersion,
        events.map((event) => ({ type: event.type, data: event.data })),
        metadata,
      );
      return { version: result.streamVersion };
    } catch (error) {
      if (error instanceof StreamVersionConflictException) {
        throw new DomainRuleException('CONFLICT', `another change got there first: ${error.message}`);
      }
      throw error;
    }
  }
}
