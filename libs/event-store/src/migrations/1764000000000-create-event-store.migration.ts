import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event store and its outbox in one table. Unqualified names: the tables land in the data
 * source's schema, first on the migration connection's search_path.
 */
export class CreateEventStore1764000000000 implements MigrationInterface {
  name = 'CreateEventStore1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // CACHE 1: with a per-session cache, a later insert could draw a lower position than an
    // earlier one, and positions would stop following a stream's versions.
    // relay_order is the outbox relay's sort key: the writing transaction's id, raised to the
    // stream's previous relay_order, so that a stream's events never go backwards in relay order
    // even when a transaction that began earlier appends to it later (docs/event-store.md).
    await queryRunner.query(`
      CREATE TABLE event_store_events (
        global_position bigint GENERATED ALWAYS AS IDENTITY (CACHE 1),
        event_id uuid NOT NULL,
        stream_id text NOT NULL,
        stream_type text NOT NULL,
        stream_version integer NOT NULL,
        event_type text NOT NULL,
        schema_version integer NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        relay_order xid8 NOT NULL,
        CONSTRAINT event_store_events_pkey PRIMARY KEY (global_position),
        CONSTRAINT event_store_events_event_id_key UNIQUE (event_id),
        CONSTRAINT event_store_events_stream_version_key UNIQUE (stream_id, stream_version),
        CONSTRAINT event_store_events_stream_version_check CHECK (stream_version >= 1),
        CONSTRAINT event_store_events_schema_version_check CHECK (schema_version >= 1),
        CONSTRAINT event_store_events_data_check CHECK (jsonb_typeof(data) = 'object'),
        CONSTRAINT event_store_events_relay_order_check CHECK (relay_order >= transaction_id)
      )`);
    await queryRunner.query(
      'CREATE INDEX event_store_events_relay_order_idx ON event_store_events (relay_order, global_position)',
    );
    // Events are facts: a correction is a new event, never an edit.
    await queryRunner.query(`
      CREATE FUNCTION event_store_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'event_store_events is append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER event_store_events_append_only BEFORE UPDATE OR DELETE ON event_store_events
      FOR EACH ROW EXECUTE FUNCTION event_store_events_append_only()`);
    // A trigger rather than a NOTIFY in append(), so that any writer wakes the relay. Delivered at
    // commit, once per transaction (identical notifications fold into one).
    await queryRunner.query(`
      CREATE FUNCTION event_store_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('pulse_event_store', TG_TABLE_SCHEMA);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER event_store_events_notify AFTER INSERT ON event_store_events
      FOR EACH STATEMENT EXECUTE FUNCTION event_store_events_notify()`);

    await queryRunner.query(`
      CREATE TABLE event_store_snapshots (
        stream_id text PRIMARY KEY,
        stream_version integer NOT NULL CHECK (stream_version >= 1),
        schema_version integer NOT NULL CHECK (schema_version >= 1),
        state jsonb NOT NULL,
        taken_at timestamptz NOT NULL DEFAULT now()
      )`);

    // pending_*: the batch handed to Kafka and not yet acknowledged, with the partitions' end
    // offsets before it; after a crash they tell whether that batch reached Kafka.
    await queryRunner.query(`
      CREATE TABLE event_store_relay_checkpoints (
        relay_name text PRIMARY KEY,
        relay_order xid8 NOT NULL DEFAULT '0',
        global_position bigint NOT NULL DEFAULT 0,
        pending_relay_order xid8,
        pending_global_position bigint,
        pending_count integer,
        pending_offsets jsonb,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT event_store_relay_checkpoints_pending_check CHECK (
          num_nulls(pending_relay_order, pending_global_position, pending_count, pending_offsets) IN (0, 4)
        )
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE event_store_relay_checkpoints');
    await queryRunner.query('DROP TABLE event_store_snapshots');
    await queryRunner.query('DROP TABLE event_store_events');
    await queryRunner.query('DROP FUNCTION event_store_events_notify()');
    await queryRunner.query('DROP FUNCTION event_store_events_append_only()');
  }
}
