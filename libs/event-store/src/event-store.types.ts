export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Who caused an event: a person, a key acting for a program, or Pulse itself. */
export interface Actor {
  kind: string;
  id: string;
}

/** Stored with every event of one append, so any event can be traced back to its request. */
export interface EventMetadata {
  correlationId: string;
  /** The event or command that directly caused this one. */
  causationId?: string;
  actor: Actor;
  /** The tenant; absent only for events that precede one, such as the creation of Pulse itself. */
  organizationId?: string;
}

/** An event to append. Its data must be a JSON object: it is stored as jsonb. */
export interface NewEvent<Type extends string = string, Data extends object = object> {
  /** The idempotency key; a UUIDv7 is generated when absent. */
  id?: string;
  /** Past tense, PascalCase: `ProjectCreated`. */
  type: Type;
  /** Version of the data's shape for this type; 1 when absent. Old versions are upcast on read. */
  schemaVersion?: number;
  data: Data;
}

export interface RecordedEvent {
  id: string;
  streamId: string;
  streamType: string;
  /** 1-based position of the event in its stream. */
  streamVersion: number;
  /** Allocated at insert from one sequence: unique and increasing, with gaps, not in commit order. */
  globalPosition: bigint;
  type: string;
  schemaVersion: number;
  data: JsonObject;
  metadata: EventMetadata;
  recordedAt: Date;
}

/**
 * `'no-stream'` (or 0): the stream must not exist yet. A number: the stream must be exactly at
 * that version. `'any'`: append at the end, whatever the version.
 */
export type ExpectedVersion = number | 'no-stream' | 'any';

export interface AppendResult {
  /** The stream's version after the append: the version of the last event appended. */
  streamVersion: number;
  events: RecordedEvent[];
  /** True when every event id was already in the stream: nothing was written, the stored events are returned. */
  alreadyStored: boolean;
}

export interface ReadStreamOptions {
  /** First version to return (inclusive); 1 when absent. */
  fromVersion?: number;
}

export interface ReadAllOptions {
  /** Only events with a global position above this one; 0 when absent. */
  afterPosition?: bigint;
  /** At most this many events; 1000 when absent. */
  limit?: number;
}

export interface StoredSnapshot {
  streamId: string;
  /** The state includes every event up to and including this version. */
  streamVersion: number;
  /** Version of the state's shape, chosen by the aggregate: a mismatch means "rebuild from events". */
  schemaVersion: number;
  state: JsonValue;
  takenAt: Date;
}
