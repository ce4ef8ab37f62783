import { Inject, Injectable } from '@nestjs/common';
import { DomainRuleException, foldEvents, type Decider } from '@pulse/domain';
import type { WorkspaceEvent, WorkspaceStreamType } from '../../events/workspace-event';
import { WORKSPACE_EVENT_STORE, type CommandMetadata, type WorkspaceEventStore } from './workspace-event-store.port';

export interface ExecutionResult<State> {
  state: State;
  version: number;
  events: WorkspaceEvent[];
}

/**
 * The one way a workspace command changes an aggregate: read its stream, check the version the
 * caller saw, decide, append at that version. The append's own version check catches a writer
 * that got in between.
 */
@Injectable()
export class AggregateCommandExecutor {
  constructor(@Inject(WORKSPACE_EVENT_STORE) private readonly eventStore: WorkspaceEventStore) {}

  async execute<Command, Event extends WorkspaceEvent, State>(args: {
    decider: Decider<Command, Event, State>;
    streamType: WorkspaceStreamType;
    streamId: string;
    /** The version the caller last saw; `undefined` for commands that create the aggregate. */
    expectedVersion: number | undefined;
    command: Command;
    metadata: CommandMetadata;
    /** Cross-tenant access answers as if the aggregate did not exist. */
    belongsToCaller?: (state: State) => boolean;
  }): Promise<ExecutionResult<State>> {
    const stream = await this.eventStore.readStream(args.streamId);
    // Changing what does not exist is "not found", whatever version the caller names.
    if (stream.version === 0 && args.expectedVersion !== undefined) {
      throw new DomainRuleException('NOT_FOUND', `no such ${args.streamType}`);
    }
    const current = foldEvents(args.decider, stream.events as Event[]);
    if (stream.version > 0 && args.belongsToCaller && !args.belongsToCaller(current)) {
      throw new DomainRuleException('NOT_FOUND', `no such ${args.streamType}`);
    }
    const expectedVersion = args.expectedVersion ?? stream.version;
    if (expectedVersion !== stream.version) {
      throw new DomainRuleException(
        'CONFLICT',
        `the ${args.streamType} is at version ${stream.version}, not ${expectedVersion}: reload it and try again`,
      );
    }
    const events = args.decider.decide(args.command, current);
    if (events.length === 0) return { state: current, version: stream.version, events: [] };
    const { version } = await this.eventStore.append(
      args.streamId,
      args.streamType,
      expectedVersion,
      events,
      args.metadata,
    );
    const state = events.reduce((folded, event) => args.decider.evolve(folded, event), current);
    return { state, version, events };
  }
}
