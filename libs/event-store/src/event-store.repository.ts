import { DatabaseError } from 'pg';
import { DataSource, EntityManager, QueryFailedError, type QueryRunner } from 'typeorm';
import { prepareAppend, resolveBaseVersion, type PreparedAppend } from './append-input';
import { DuplicateEventIdException } from './duplicate-event-id.exception';
import { EVENT_COLUMNS, eventStoreTables, toRecordedEvent, type EventRow, type EventStoreTables } from './event-row';
import { EventStoreException } from './event-store.exception';
import type {
  AppendResult,
  EventMetadata,
  ExpectedVersion,
  JsonValue,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoredSnapshot,
} from './event-store.types';
import { InvalidAppendException } from './invalid-append.exception';
import { StreamVersionConflictException } from './stream-version-conflict.exception';

const STREAM_VERSION_CONSTRAINT = 'event_store_events_stream_version_key';
/** With 'any' a lost race is not the caller's concern: try again at the new end, a few times. */
const ANY_VERSION_ATTEMPTS = 5;
const READ_ALL_DEFAULT_LIMIT = 1_000;
const READ_ALL_MAX_LIMIT = 10_000;

interface StreamHead {
  version: number;
  streamType: string | undefined;
  relayOrder: string;
}

interface StoredIdRow {
  event_id: string;
  stream_id: string;
}

interface SnapshotRow {
  stream_id: string;
  stream_version: number;
  schema_version: number;
  state: JsonValue;
  taken_at: Date;
}

function uniqueViolation(error: unknown): DatabaseError | undefined {
  const cause = error instanceof QueryFailedError ? error.driverError : error;
  return cause instanceof DatabaseError && cause.code === '23505' ? cause : undefined;
}

/** The schema the data source's tables live in (createDataSource sets it). */
export function schemaOf(dataSource: DataSource): string {
  if (dataSource.options.type !== 'postgres') {
    throw new EventStoreException('UNSUPPORTED_DATA_SOURCE', 'the event store needs a PostgreSQL data source');
  }
  return dataSource.options.schema ?? 'public';
}

/**
 * Streams of events on PostgreSQL. Writes are appends with an expected version; a unique
 * constraint on (stream_id, stream_version) settles races between writers.
 */
export class EventStore {
  private readonly tables: EventStoreTables;

  constructor(
    private readonly dataSource: DataSource,
    private readonly manager?: EntityManager,
  ) {
    this.tables = eventStoreTables(schemaOf(dataSource));
  }

  /** The same store, writing inside the caller's transaction (each append in its own savepoint). */
  withTransaction(manager: EntityManager): EventStore {
    return new EventStore(this.dataSource, manager);
  }

  async append(
    streamId: string,
    streamType: string,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent[],
    metadata: EventMetadata,
  ): Promise<AppendResult> {
    const append = prepareAppend(streamId, streamType, expectedVersion, events, metadata);
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.atomically((runner) => this.tryAppend(runner, append));
      } catch (error) {
        if (error instanceof StreamVersionConflictException) {
          // A concurrent retry of this very append may have committed between our reads: then
          // the conflict is only apparent, and the stored events are the answer.
          const stored = await this.withRunner((runner) => this.findStored(runner, append));
          if (stored) return stored;
          throw error;
        }
        const violation = uniqueViolation(error);
        if (!violation) throw error;
        // The savepoint or transaction is rolled back: look at what the winner stored.
        const stored = await this.withRunner((runner) => this.findStored(runner, append));
        if (stored) return stored;
        if (violation.constraint !== STREAM_VERSION_CONSTRAINT) {
          throw new DuplicateEventIdException(
            streamId,
            append.callerIds,
            'an event id is already stored in another stream',
          );
        }
        if (expectedVersion === 'any' && attempt < ANY_VERSION_ATTEMPTS) continue;
        const head = await this.withRunner((runner) => this.readHead(runner, streamId));
        throw new StreamVersionConflictException(streamId, expectedVersion, head.version);
      }
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const rows: EventRow[] = await this.withRunner((runner) =>
      runner.query(
        `SELECT ${EVENT_COLUMNS} FROM ${this.tables.events}
         WHERE stream_id = $1 AND stream_version >= $2 ORDER BY stream_version`,
        [streamId, options.fromVersion ?? 1],
      ),
    );
    return rows.map(toRecordedEvent);
  }

  /**
   * Every stream in global position order, for tools. Not a subscription: a position allocated
   * by a transaction that commits late appears below positions already read. The relay's order
   * is the one that never skips.
   */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = Math.min(Math.max(options.limit ?? READ_ALL_DEFAULT_LIMIT, 1), READ_ALL_MAX_LIMIT);
    const rows: EventRow[] = await this.withRunner((runner) =>
      runner.query(
        `SELECT ${EVENT_COLUMNS} FROM ${this.tables.events}
         WHERE global_position > $1 ORDER BY global_position LIMIT $2`,
        [(options.afterPosition ?? 0n).toString(), limit],
      ),
    );
    return rows.map(toRecordedEvent);
  }

  /** Keeps the newest snapshot of a stream; a snapshot of another state shape always replaces it. */
  async saveSnapshot(streamId: string, streamVersion: number, state: JsonValue, schemaVersion = 1): Promise<void> {
    if (!Number.isSafeInteger(streamVersion) || streamVersion < 1) {
      throw new InvalidAppendException(streamId, ['a snapshot needs a stream version >= 1']);
    }
    await this.atomically((runner) =>
      runner.query(
        `INSERT INTO ${this.tables.snapshots} AS s (stream_id, stream_version, schema_version, state)
         VALUES ($1, $2, $3, $4::jsonb)
         ON CONFLICT (stream_id) DO UPDATE
           SET stream_version = excluded.stream_version, schema_version = excluded.schema_version,
               state = excluded.state, taken_at = now()
         WHERE s.stream_version <= excluded.stream_version OR s.schema_version <> excluded.schema_version`,
        [streamId, streamVersion, schemaVersion, JSON.stringify(state)],
      ),
    );
  }

  async loadSnapshot(streamId: string): Promise<StoredSnapshot | null> {
    const rows: SnapshotRow[] = await this.withRunner((runner) =>
      runner.query(
        `SELECT stream_id, stream_version, schema_version, state, taken_at FROM ${this.tables.snapshots}
         WHERE stream_id = $1`,
        [streamId],
      ),
    );
    const row = rows[0];
    if (!row) return null;
    return {
      streamId: row.stream_id,
      streamVersion: row.stream_version,
      schemaVersion: row.schema_version,
      state: row.state,
      takenAt: row.taken_at,
    };
  }

  private async tryAppend(runner: QueryRunner, append: PreparedAppend): Promise<AppendResult> {
    const stored = await this.findStored(runner, append);
    if (stored) return stored;
    const head = await this.readHead(runner, append.streamId);
    if (head.streamType !== undefined && head.streamType !== append.streamType) {
      throw new InvalidAppendException(append.streamId, [
        `the stream is a '${head.streamType}' stream, not '${append.streamType}'`,
      ]);
    }
    const baseVersion = resolveBaseVersion(append.streamId, append.expectedVersion, head.version);
    const rows: EventRow[] = await runner.query(
      `INSERT INTO ${this.tables.events}
         (event_id, stream_id, stream_type, stream_version, event_type, schema_version, data, metadata, relay_order)
       SELECT (e.event ->> 'id')::uuid, $1, $2, $3::integer + e.n::integer, e.event ->> 'type',
              (e.event ->> 'schemaVersion')::integer, e.event -> 'data', $5::jsonb,
              GREATEST(pg_current_xact_id(), $6::xid8)
       FROM jsonb_array_elements($4::jsonb) WITH ORDINALITY AS e(event, n)
       ORDER BY e.n
       RETURNING ${EVENT_COLUMNS}`,
      [
        append.streamId,
        append.streamType,
        baseVersion,
        JSON.stringify(append.events),
        JSON.stringify(append.metadata),
        head.relayOrder,
      ],
    );
    const events = rows.map(toRecordedEvent).sort((a, b) => a.streamVersion - b.streamVersion);
    return { streamVersion: baseVersion + events.length, events, alreadyStored: false };
  }

  /**
   * Idempotency by event id: when every id of the append is already in this stream, the append
   * happened before (a retried request) and its stored events are the answer.
   */
  private async findStored(runner: QueryRunner, append: PreparedAppend): Promise<AppendResult | undefined> {
    if (append.callerIds.length === 0) return undefined;
    const found: StoredIdRow[] = await runner.query(
      `SELECT event_id, stream_id FROM ${this.tables.events} WHERE event_id = ANY($1::uuid[])`,
      [append.callerIds],
    );
    if (found.length === 0) return undefined;
    const elsewhere = found.filter((row) => row.stream_id !== append.streamId).map((row) => row.event_id);
    if (elsewhere.length > 0) {
      throw new DuplicateEventIdException(append.streamId, elsewhere, 'these event ids are stored in another stream');
    }
    if (found.length !== append.events.length) {
      throw new DuplicateEventIdException(
        append.streamId,
        found.map((row) => row.event_id),
        'the append mixes already stored event ids with new ones',
      );
    }
    const rows: EventRow[] = await runner.query(
      `SELECT ${EVENT_COLUMNS} FROM ${this.tables.events} WHERE event_id = ANY($1::uuid[]) ORDER BY stream_version`,
      [append.callerIds],
    );
    const events = rows.map(toRecordedEvent);
    return { streamVersion: events[events.length - 1]?.streamVersion ?? 0, events, alreadyStored: true };
  }

  private async readHead(runner: QueryRunner, streamId: string): Promise<StreamHead> {
    const rows: { stream_version: number; stream_type: string; relay_order_text: string }[] = await runner.query(
      `SELECT stream_version, stream_type, relay_order::text AS relay_order_text FROM ${this.tables.events}
       WHERE stream_id = $1 ORDER BY stream_version DESC LIMIT 1`,
      [streamId],
    );
    const head = rows[0];
    return head
      ? { version: head.stream_version, streamType: head.stream_type, relayOrder: head.relay_order_text }
      : { version: 0, streamType: undefined, relayOrder: '0' };
  }

  /** In the caller's transaction (a savepoint) when there is one, else in a transaction of its own. */
  private atomically<T>(work: (runner: QueryRunner) => Promise<T>): Promise<T> {
    return this.withRunner(async (runner) => {
      await runner.startTransaction();
      try {
        const result = await work(runner);
        await runner.commitTransaction();
        return result;
      } catch (error) {
        // The first error is the one worth reporting; a failed rollback means the connection is gone.
        await runner.rollbackTransaction().catch(() => undefined);
        throw error;
      }
    });
  }

  private async withRunner<T>(work: (runner: QueryRunner) => Promise<T>): Promise<T> {
    const shared = this.manager?.queryRunner;
    if (shared) return work(shared);
    const runner = this.dataSource.createQueryRunner();
    try {
      return await work(runner);
    } finally {
      await runner.release();
    }
  }
}
