import { Logger } from '@nestjs/common';
import type { EventStore } from './event-store.repository';
import type { AppendResult, EventMetadata, JsonValue, NewEvent, RecordedEvent } from './event-store.types';

export interface SnapshotPolicy<State> {
  /** Snapshot when a save crosses a multiple of this many versions. */
  every: number;
  /** Bump when the state's shape changes: snapshots of another shape are ignored and rebuilt. */
  schemaVersion: number;
  toJson(state: State): JsonValue;
  fromJson(json: JsonValue): State;
}

/** What the app supplies for one aggregate type; decide stays in the app's command handlers. */
export interface AggregateDefinition<State> {
  streamType: string;
  initialState: State;
  evolve(state: State, event: RecordedEvent): State;
  snapshots?: SnapshotPolicy<State>;
}

export interface LoadedAggregate<State> {
  streamId: string;
  /** 0 when the stream does not exist yet. */
  version: number;
  state: State;
}

export interface SavedAggregate<State> extends LoadedAggregate<State> {
  events: RecordedEvent[];
}

/** Folds a stream into state (from its snapshot when there is one) and appends at the loaded version. */
export class AggregateRepository<State> {
  private readonly logger = new Logger(AggregateRepository.name);

  constructor(
    private readonly store: EventStore,
    private readonly definition: AggregateDefinition<State>,
  ) {}

  async load(streamId: string): Promise<LoadedAggregate<State>> {
    const start = await this.startingPoint(streamId);
    const events = await this.store.readStream(streamId, { fromVersion: start.version + 1 });
    const state = events.reduce((folded, event) => this.definition.evolve(folded, event), start.state);
    return { streamId, version: events[events.length - 1]?.streamVersion ?? start.version, state };
  }

  /**
   * Appends at the version the aggregate was loaded at, so a writer in between makes this throw
   * StreamVersionConflictException instead of deciding on stale state.
   */
  async save(
    aggregate: LoadedAggregate<State>,
    events: readonly NewEvent[],
    metadata: EventMetadata,
  ): Promise<SavedAggregate<State>> {
    const result: AppendResult = await this.store.append(
      aggregate.streamId,
      this.definition.streamType,
      aggregate.version,
      events,
      metadata,
    );
    if (result.alreadyStored) {
      // A retried request: the events went in earlier, maybe with others after them.
      return { ...(await this.load(aggregate.streamId)), events: result.events };
    }
    const state = result.events.reduce((folded, event) => this.definition.evolve(folded, event), aggregate.state);
    await this.maybeSnapshot(aggregate.streamId, aggregate.version, result.streamVersion, state);
    return { streamId: aggregate.streamId, version: result.streamVersion, state, events: result.events };
  }

  private async startingPoint(streamId: string): Promise<{ version: number; state: State }> {
    const policy = this.definition.snapshots;
    const initial = { version: 0, state: this.definition.initialState };
    if (!policy) return initial;
    const snapshot = await this.store.loadSnapshot(streamId);
    if (!snapshot || snapshot.schemaVersion !== policy.schemaVersion) return initial;
    return { version: snapshot.streamVersion, state: policy.fromJson(snapshot.state) };
  }

  private async maybeSnapshot(streamId: string, from: number, to: number, state: State): Promise<void> {
    const policy = this.definition.snapshots;
    if (!policy || Math.floor(to / policy.every) === Math.floor(from / policy.every)) return;
    try {
      await this.store.saveSnapshot(streamId, to, policy.toJson(state), policy.schemaVersion);
    } catch (error) {
      // The events are stored; a missing snapshot only makes the next load read more of them.
      this.logger.warn({ msg: 'snapshot not saved', streamId, version: to, error: String(error) });
    }
  }
}
