import { createDataSource, migrate, platformMigrations } from '@pulse/database';
import { expectEventually, requireEngine, testEngines, testNamespace } from '@pulse/testing';
import { Client, type Notification } from 'pg';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7, version as uuidVersion } from 'uuid';
import { DuplicateEventIdException } from './duplicate-event-id.exception';
import { eventStoreMigrations } from './event-store-migrations';
import { EventStore } from './event-store.repository';
import type { AppendResult, EventMetadata, NewEvent } from './event-store.types';
import { InvalidAppendException } from './invalid-append.exception';
import { StreamVersionConflictException } from './stream-version-conflict.exception';

// Migrations and 20 concurrent connections can exceed Jest's default 5 s on two busy cores.
jest.setTimeout(30_000);

const ns = testNamespace(__filename);
const WRITERS = 20;
const metadata: EventMetadata = {
  correlationId: 'req-1',
  causationId: 'cmd-1',
  actor: { kind: 'user', id: 'user-1' },
  organizationId: 'org-1',
};

let dataSource: DataSource;
let store: EventStore;
let listener: Client | undefined;

function renamed(name: string, id?: string): NewEvent {
  return id ? { id, type: 'ProjectRenamed', data: { name } } : { type: 'ProjectRenamed', data: { name } };
}

async function rowCount(streamId: string): Promise<number> {
  const rows: { count: string }[] = await dataSource.query(
    `SELECT count(*) AS count FROM "${ns.schema}".event_store_events WHERE stream_id = $1`,
    [streamId],
  );
  return Number(rows[0]?.count);
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  await requireEngine('postgres');
  // One connection per concurrent writer, or the pool would queue them and serialize the race.
  dataSource = createDataSource(
    { ...testEngines.postgres, poolSize: WRITERS + 5 },
    { schema: ns.schema, applicationName: ns.id, migrations: [...platformMigrations, ...eventStoreMigrations] },
  );
  await migrate(dataSource);
  store = new EventStore(dataSource);
});

afterAll(async () => {
  await listener?.end().catch(() => undefined);
  if (dataSource?.isInitialized) {
    await dataSource.query(`DROP SCHEMA IF EXISTS "${ns.schema}" CASCADE`).catch(() => undefined);
    await dataSource.destroy();
  }
});

describe('EventStore.append', () => {
  it('starts a stream at version 1 with UUIDv7 ids, increasing global positions and the metadata', async () => {
    const result = await store.append(
      'project-a',
      'project',
      'no-stream',
      [{ type: 'ProjectCreated', data: { name: 'Shop', currency: 'EUR' } }, renamed('Shop 2')],
      metadata,
    );

    expect(result.streamVersion).toBe(2);
    expect(result.alreadyStored).toBe(false);
    const [first, second] = result.events;
    expect(first).toMatchObject({
      streamId: 'project-a',
      streamType: 'project',
      streamVersion: 1,
      type: 'ProjectCreated',
      schemaVersion: 1,
      data: { name: 'Shop', currency: 'EUR' },
      metadata,
    });
    expect(second).toMatchObject({ streamVersion: 2, type: 'ProjectRenamed', data: { name: 'Shop 2' } });
    expect(uuidVersion(first?.id ?? '')).toBe(7);
    expect(second?.globalPosition).toBeGreaterThan(first?.globalPosition ?? 0n);
    expect(first?.recordedAt).toBeInstanceOf(Date);
    expect(await store.readStream('project-a')).toEqual(result.events);
  });

  it(`${WRITERS} concurrent writers at the same expected version: exactly one wins, the rest conflict`, async () => {
    await store.append('project-race', 'project', 'no-stream', [{ type: 'ProjectCreated', data: {} }], metadata);

    const outcomes = await Promise.allSettled(
      Array.from({ length: WRITERS }, (_, writer) =>
        store.append('project-race', 'project', 1, [renamed(`writer ${writer}`)], metadata),
      ),
    );

    const winners = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const losers = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(WRITERS - 1);
    for (const error of losers) {
      expect(error).toBeInstanceOf(StreamVersionConflictException);
      expect(error).toMatchObject({ code: 'CONFLICT', streamId: 'project-race', expectedVersion: 1, actualVersion: 2 });
    }
    const stream = await store.readStream('project-race');
    expect(stream.map((event) => event.streamVersion)).toEqual([1, 2]);
    expect(stream[1]?.id).toBe((winners[0] as PromiseFulfilledResult<AppendResult>).value.events[0]?.id);
  });

  it('writers that all read the same head are stopped by the unique constraint, not by a read check', async () => {
    await store.append('project-held', 'project', 'no-stream', [{ type: 'ProjectCreated', data: {} }], metadata);
    // A writer that has inserted version 2 and not committed: the others still read version 1
    // as the head, pass every check, and can only collide on (stream_id, stream_version).
    const holder = dataSource.createQueryRunner();
    await holder.startTransaction();
    try {
      await store.withTransaction(holder.manager).append('project-held', 'project', 1, [renamed('held')], metadata);

      const writers = Array.from({ length: WRITERS }, (_, writer) =>
        rejectionOf(store.append('project-held', 'project', 1, [renamed(`writer ${writer}`)], metadata)),
      );
      await expectEventually(async () => {
        const waiting: { count: string }[] = await dataSource.query(
          `SELECT count(*) AS count FROM pg_stat_activity
           WHERE application_name = $1 AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO%'`,
          [ns.id],
        );
        expect(Number(waiting[0]?.count)).toBe(WRITERS);
      });
      await holder.commitTransaction();

      for (const error of await Promise.all(writers)) {
        expect(error).toBeInstanceOf(StreamVersionConflictException);
        expect(error).toMatchObject({ expectedVersion: 1, actualVersion: 2 });
      }
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
    expect((await store.readStream('project-held')).map((event) => event.data)).toEqual([{}, { name: 'held' }]);
  });

  it("'no-stream' on an existing stream and a wrong version are conflicts; 'any' appends at the end", async () => {
    await store.append('project-b', 'project', 0, [{ type: 'ProjectCreated', data: {} }], metadata);

    const noStream = await rejectionOf(
      store.append('project-b', 'project', 'no-stream', [{ type: 'ProjectCreated', data: {} }], metadata),
    );
    expect(noStream).toBeInstanceOf(StreamVersionConflictException);
    expect(noStream).toMatchObject({ expectedVersion: 'no-stream', actualVersion: 1 });

    for (const stale of [0, 2, 5]) {
      const error = await rejectionOf(store.append('project-b', 'project', stale, [renamed('x')], metadata));
      expect(error).toMatchObject({ code: 'CONFLICT', expectedVersion: stale, actualVersion: 1 });
    }

    const appended = await store.append('project-b', 'project', 'any', [renamed('y'), renamed('z')], metadata);
    expect(appended.streamVersion).toBe(3);
    expect(await rowCount('project-b')).toBe(3);
  });

  it('appending event ids already in the stream writes nothing and returns the stored events', async () => {
    const ids = [uuidv7(), uuidv7()];
    const first = await store.append(
      'project-c',
      'project',
      'no-stream',
      [renamed('a', ids[0]), renamed('b', ids[1])],
      metadata,
    );
    await store.append('project-c', 'project', 2, [renamed('c')], metadata);

    // A retried request: its expected version is stale by now, and that must not matter.
    const retried = await store.append(
      'project-c',
      'project',
      'no-stream',
      [renamed('a', ids[0]), renamed('b', ids[1])],
      metadata,
    );

    expect(retried.alreadyStored).toBe(true);
    expect(retried.streamVersion).toBe(2);
    expect(retried.events).toEqual(first.events);
    expect(await rowCount('project-c')).toBe(3);
  });

  it('concurrent retries of one append store it once', async () => {
    const events = [renamed('once', uuidv7()), renamed('twice', uuidv7())];
    const results = await Promise.all(
      Array.from({ length: 5 }, () => store.append('project-d', 'project', 'no-stream', events, metadata)),
    );

    expect(results.filter((result) => !result.alreadyStored)).toHaveLength(1);
    for (const result of results)
      expect(result.events.map((event) => event.id)).toEqual(events.map((event) => event.id));
    expect(await rowCount('project-d')).toBe(2);
  });

  it('refuses a batch mixing stored and new ids, and ids stored in another stream', async () => {
    const stored = uuidv7();
    await store.append('project-e', 'project', 'no-stream', [renamed('a', stored)], metadata);

    const mixed = await rejectionOf(
      store.append('project-e', 'project', 1, [renamed('a', stored), renamed('b', uuidv7())], metadata),
    );
    expect(mixed).toBeInstanceOf(DuplicateEventIdException);
    expect(mixed).toMatchObject({ code: 'DUPLICATE_EVENT_ID', eventIds: [stored] });

    const elsewhere = await rejectionOf(
      store.append('project-f', 'project', 'no-stream', [renamed('a', stored)], metadata),
    );
    expect(elsewhere).toBeInstanceOf(DuplicateEventIdException);
    expect(await rowCount('project-e')).toBe(1);
    expect(await rowCount('project-f')).toBe(0);
  });

  it('refuses to append to a stream under another stream type', async () => {
    await store.append('shared-id', 'project', 'no-stream', [{ type: 'ProjectCreated', data: {} }], metadata);
    const error = await rejectionOf(
      store.append('shared-id', 'store', 1, [{ type: 'StoreCreated', data: {} }], metadata),
    );
    expect(error).toBeInstanceOf(InvalidAppendException);
    expect(error).toMatchObject({
      code: 'INVALID_APPEND',
      problems: ["the stream is a 'project' stream, not 'store'"],
    });
  });

  it("in the caller's transaction: rolled back with it, and a conflict leaves the transaction usable", async () => {
    await store.append('project-g', 'project', 'no-stream', [{ type: 'ProjectCreated', data: {} }], metadata);

    await dataSource
      .transaction(async (manager) => {
        await store.withTransaction(manager).append('project-g', 'project', 1, [renamed('rolled back')], metadata);
        throw new Error('the caller changes its mind');
      })
      .catch(() => undefined);
    expect(await rowCount('project-g')).toBe(1);

    await dataSource.transaction(async (manager) => {
      const scoped = store.withTransaction(manager);
      await expect(scoped.append('project-g', 'project', 7, [renamed('stale')], metadata)).rejects.toThrow(
        StreamVersionConflictException,
      );
      await expect(scoped.append('project-g', 'project', 'no-stream', [renamed('dup')], metadata)).rejects.toThrow(
        StreamVersionConflictException,
      );
      await scoped.append('project-g', 'project', 1, [renamed('kept')], metadata);
      expect((await scoped.readStream('project-g')).map((event) => event.streamVersion)).toEqual([1, 2]);
    });
    expect((await store.readStream('project-g', { fromVersion: 2 })).map((event) => event.data)).toEqual([
      { name: 'kept' },
    ]);
  });

  it('refuses to update or delete a stored event', async () => {
    await expect(
      dataSource.query(`UPDATE "${ns.schema}".event_store_events SET data = '{}' WHERE stream_id = 'project-a'`),
    ).rejects.toThrow(/append-only/);
    await expect(
      dataSource.query(`DELETE FROM "${ns.schema}".event_store_events WHERE stream_id = 'project-a'`),
    ).rejects.toThrow(/append-only/);
  });

  it('notifies the relay channel with the schema name when an append commits', async () => {
    listener = new Client({ connectionString: testEngines.postgres.url });
    await listener.connect();
    const received: Notification[] = [];
    listener.on('notification', (notification) => received.push(notification));
    await listener.query('LISTEN pulse_event_store');

    await store.append('project-h', 'project', 'no-stream', [{ type: 'ProjectCreated', data: {} }], metadata);

    await expectEventually(() =>
      expect(received).toContainEqual(expect.objectContaining({ channel: 'pulse_event_store', payload: ns.schema })),
    );
  });
});

describe('EventStore reads', () => {
  it('readStream starts at a version; readAll pages by global position', async () => {
    await store.append(
      'project-r',
      'project',
      'no-stream',
      ['v1', 'v2', 'v3', 'v4'].map((name) => renamed(name)),
      metadata,
    );
    expect((await store.readStream('project-r', { fromVersion: 3 })).map((event) => event.streamVersion)).toEqual([
      3, 4,
    ]);
    expect(await store.readStream('no-such-stream')).toEqual([]);

    const everything = await store.readAll({ limit: 10_000 });
    const positions = everything.map((event) => event.globalPosition);
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const page = await store.readAll({ afterPosition: positions[2], limit: 3 });
    expect(page.map((event) => event.globalPosition)).toEqual(positions.slice(3, 6));
  });
});

describe('EventStore snapshots', () => {
  it('keeps the newest snapshot, and lets a snapshot of another state shape replace it', async () => {
    expect(await store.loadSnapshot('project-s')).toBeNull();

    await store.saveSnapshot('project-s', 5, { name: 'five' });
    await store.saveSnapshot('project-s', 3, { name: 'three' });
    expect(await store.loadSnapshot('project-s')).toMatchObject({
      streamVersion: 5,
      schemaVersion: 1,
      state: { name: 'five' },
    });

    await store.saveSnapshot('project-s', 4, { title: 'four' }, 2);
    expect(await store.loadSnapshot('project-s')).toMatchObject({
      streamVersion: 4,
      schemaVersion: 2,
      state: { title: 'four' },
    });
  });
});
