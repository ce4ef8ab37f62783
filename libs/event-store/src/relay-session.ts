import { Client } from 'pg';
import {
  EVENT_COLUMNS,
  NOTIFY_CHANNEL,
  eventStoreTables,
  toRecordedEvent,
  type EventRow,
  type EventStoreTables,
} from './event-row';
import type { RecordedEvent } from './event-store.types';
import type { PartitionEnd, PendingBatch, RelayCheckpoint, RelayPosition } from './relay-checkpoint';

const STATEMENT_TIMEOUT_MS = 30_000;

export interface RelayedEvent {
  event: RecordedEvent;
  position: RelayPosition;
}

interface CheckpointRow {
  relay_order_text: string;
  global_position_text: string;
  pending_relay_order_text: string | null;
  pending_global_position_text: string | null;
  pending_count: number | null;
  pending_offsets: PartitionEnd[] | null;
}

export interface RelaySessionOptions {
  url: string;
  schema: string;
  relayName: string;
  applicationName: string;
  onNotify(): void;
  /** The connection broke: the loop must notice before it waits a whole poll interval. */
  onError(error: Error): void;
}

/**
 * The relay's own connection, outside the app's pool: it LISTENs, and it holds the session
 * advisory lock that makes one relay per schema and name publish at a time. Everything the relay
 * reads and writes goes through it, so losing the connection also loses the lock, and vice versa.
 */
export class RelaySession {
  private readonly tables: EventStoreTables;

  private constructor(
    private readonly client: Client,
    private readonly options: RelaySessionOptions,
  ) {
    this.tables = eventStoreTables(options.schema);
  }

  static async open(options: RelaySessionOptions): Promise<RelaySession> {
    // A peer that vanished without a word must still fail the session, or the relay would hang
    // holding nothing: keep-alives notice a dead peer, the statement timeout a stuck query.
    const client = new Client({
      connectionString: options.url,
      application_name: options.applicationName,
      keepAlive: true,
      statement_timeout: STATEMENT_TIMEOUT_MS,
    });
    client.on('error', (error) => options.onError(error));
    client.on('notification', (message) => {
      if (message.channel === NOTIFY_CHANNEL && message.payload === options.schema) options.onNotify();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    return new RelaySession(client, options);
  }

  async tryLock(): Promise<boolean> {
    const result = await this.client.query<{ locked: boolean }>(
      `SELECT pg_try_advisory_lock(hashtext('pulse.outbox-relay'), hashtext($1)) AS locked`,
      [`${this.options.schema}.${this.options.relayName}`],
    );
    return result.rows[0]?.locked === true;
  }

  async loadCheckpoint(): Promise<RelayCheckpoint> {
    await this.client.query(
      `INSERT INTO ${this.tables.checkpoints} (relay_name) VALUES ($1) ON CONFLICT (relay_name) DO NOTHING`,
      [this.options.relayName],
    );
    const result = await this.client.query<CheckpointRow>(
      `SELECT relay_order::text AS relay_order_text, global_position::text AS global_position_text,
              pending_relay_order::text AS pending_relay_order_text,
              pending_global_position::text AS pending_global_position_text, pending_count, pending_offsets
       FROM ${this.tables.checkpoints} WHERE relay_name = $1`,
      [this.options.relayName],
    );
    const row = result.rows[0];
    if (!row) throw new Error(`checkpoint row of relay ${this.options.relayName} vanished`);
    const pending: PendingBatch | undefined =
      row.pending_relay_order_text !== null &&
      row.pending_global_position_text !== null &&
      row.pending_count !== null &&
      row.pending_offsets !== null
        ? {
            until: {
              relayOrder: row.pending_relay_order_text,
              globalPosition: BigInt(row.pending_global_position_text),
            },
            count: row.pending_count,
            offsetsBefore: row.pending_offsets,
          }
        : undefined;
    return {
      position: { relayOrder: row.relay_order_text, globalPosition: BigInt(row.global_position_text) },
      pending,
    };
  }

  /**
   * The next events in relay order. Only rows whose relay_order is below the oldest transaction
   * still running: every transaction below that horizon has ended, so every such row that will
   * ever exist is visible now, and nothing can appear later behind the checkpoint.
   * pg_current_snapshot() is the statement's own snapshot, the one the rows are read with.
   */
  async nextBatch(after: RelayPosition, limit: number): Promise<RelayedEvent[]> {
    const result = await this.client.query<EventRow & { relay_order_text: string }>(
      `SELECT ${EVENT_COLUMNS}, relay_order::text AS relay_order_text FROM ${this.tables.events}
       WHERE (relay_order, global_position) > ($1::xid8, $2::bigint)
         AND relay_order < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY relay_order, global_position
       LIMIT $3`,
      [after.relayOrder, after.globalPosition.toString(), limit],
    );
    return result.rows.map((row) => ({
      event: toRecordedEvent(row),
      position: { relayOrder: row.relay_order_text, globalPosition: BigInt(row.global_position_text) },
    }));
  }

  async markPending(batch: PendingBatch): Promise<void> {
    await this.client.query(
      `UPDATE ${this.tables.checkpoints}
       SET pending_relay_order = $2::xid8, pending_global_position = $3, pending_count = $4, pending_offsets = $5::jsonb,
           updated_at = now()
       WHERE relay_name = $1`,
      [
        this.options.relayName,
        batch.until.relayOrder,
        batch.until.globalPosition.toString(),
        batch.count,
        JSON.stringify(batch.offsetsBefore),
      ],
    );
  }

  /** Moves the checkpoint and forgets the pending batch in one statement. */
  async advance(position: RelayPosition): Promise<void> {
    await this.client.query(
      `UPDATE ${this.tables.checkpoints}
       SET relay_order = $2::xid8, global_position = $3, pending_relay_order = NULL, pending_global_position = NULL,
           pending_count = NULL, pending_offsets = NULL, updated_at = now()
       WHERE relay_name = $1`,
      [this.options.relayName, position.relayOrder, position.globalPosition.toString()],
    );
  }

  async forgetPending(): Promise<void> {
    await this.client.query(
      `UPDATE ${this.tables.checkpoints}
       SET pending_relay_order = NULL, pending_global_position = NULL, pending_count = NULL, pending_offsets = NULL,
           updated_at = now()
       WHERE relay_name = $1`,
      [this.options.relayName],
    );
  }

  /** Committed events behind the checkpoint, and how long the oldest has waited. */
  async lag(after: RelayPosition): Promise<{ events: number; seconds: number }> {
    const result = await this.client.query<{ events: string; seconds: number | null }>(
      `SELECT count(*)::text AS events, EXTRACT(EPOCH FROM now() - min(recorded_at))::float8 AS seconds
       FROM ${this.tables.events} WHERE (relay_order, global_position) > ($1::xid8, $2::bigint)`,
      [after.relayOrder, after.globalPosition.toString()],
    );
    const row = result.rows[0];
    return { events: Number(row?.events ?? 0), seconds: Math.max(row?.seconds ?? 0, 0) };
  }

  /** Ending the connection releases the advisory lock. */
  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}
