import type { WorkspaceEvent, WorkspaceStreamType } from '../../events/workspace-event';

export interface CommandMetadata {
  organizationId: string;
  actor: { kind: string; id: string };
  correlationId: string;
}

export interface StoredStream {
  events: WorkspaceEvent[];
  version: number;
}

/**
 * What the workspace's command side needs of the event store: read a stream, append with an
 * expected version. Implemented over @pulse/event-store; kept narrow so handlers unit-test
 * with an in-memory fake.
 */
export interface WorkspaceEventStore {
  readStream(streamId: string): Promise<StoredStream>;
  /** Fails with a DomainRuleException('CONFLICT') when the stream is not at expectedVersion. */
  append(
    streamId: string,
    streamType: WorkspaceStreamType,
    expectedVersion: number,
    events: readonly WorkspaceEvent[],
    metadata: CommandMetadata,
  ): Promise<{ version: number }>;
}

export const WORKSPACE_EVENT_STORE = Symbol('WORKSPACE_EVENT_STORE');
