import type { EventMetadata, JsonObject, RecordedEvent } from './event-store.types';

export const EVENTS_TABLE = 'event_store_events';
export const SNAPSHOTS_TABLE = 'event_store_snapshots';
export const CHECKPOINTS_TABLE = 'event_store_relay_checkpoints';
/** One channel for every schema: the payload names the schema whose events table changed. */
export const NOTIFY_CHANNEL = 'pulse_event_store';

/**
 * The columns every read selects, in the shape `toRecordedEvent` expects. Text casts get their own
 * names: an output column named like the table's would capture ORDER BY and sort as text.
 */
export const EVENT_COLUMNS =
  'global_position::text AS global_position_text, event_id, stream_id, stream_type, stream_version, event_type, ' +
  'schema_version, data, metadata, recorded_at';

/** A row as node-postgres returns it: bigint as text (it may exceed 2^53), jsonb parsed, timestamptz a Date. */
export interface EventRow {
  global_position_text: string;
  event_id: string;
  stream_id: string;
  stream_type: string;
  stream_version: number;
  event_type: string;
  schema_version: number;
  data: JsonObject;
  metadata: EventMetadata;
  recorded_at: Date;
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    streamId: row.stream_id,
    streamType: row.stream_type,
    streamVersion: row.stream_version,
    globalPosition: BigInt(row.global_position_text),
    type: row.event_type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at,
  };
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export interface EventStoreTables {
  events: string;
  snapshots: string;
  checkpoints: string;
}

/** Schema-qualified names, so that a query never depends on the connection's search_path. */
export function eventStoreTables(schema: string): EventStoreTables {
  const qualified = (table: string) => `${quoteIdentifier(schema)}.${table}`;
  return {
    events: qualified(EVENTS_TABLE),
    snapshots: qualified(SNAPSHOTS_TABLE),
    checkpoints: qualified(CHECKPOINTS_TABLE),
  };
}
