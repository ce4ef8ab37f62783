import { createDataSource, migrate, platformMigrations } from '@pulse/database';
import { requireEngine, testEngines, testNamespace } from '@pulse/testing';
import type { DataSource } from 'typeorm';
import { AggregateRepository, type AggregateDefinition } from './aggregate.repository';
import { eventStoreMigrations } from './event-store-migrations';
import { EventStore } from './event-store.repository';
import type { EventMetadata, JsonValue, RecordedEvent } from './event-store.types';
import { StreamVersionConflictException } from './stream-version-conflict.exception';

jest.setTimeout(30_000);

const ns = testNamespace(__filename);
const metadata: EventMetadata = { correlationId: 'req-1', actor: { kind: 'system', id: 'test' } };

interface Counter {
  total: number;
  /** How many events this state was folded from since it was built: shows where a load started. */
  folded: number;
}

function counterDefinition(schemaVersion = 1): AggregateDefinition<Counter> {
  return {
    streamType: 'counter',
    initialState: { total: 0, folded: 0 },
    evolve: (state: Counter, event: RecordedEvent) => ({
      total: state.total + Number(event.data.by ?? 0),
      folded: state.folded + 1,
    }),
    snapshots: {
      every: 5,
      schemaVersion,
      toJson: (state) => ({ total: state.total }),
      fromJson: (json: JsonValue) => ({
        total: typeof json === 'object' && json !== null && !Array.isArray(json) ? Number(json.total) : 0,
        folded: 0,
      }),
    },
  };
}

const added = (by: number) => ({ type: 'CounterIncremented', data: { by } });

let dataSource: DataSource;
let store: EventStore;

beforeAll(async () => {
  await requireEngine('postgres');
  dataSource = createDataSource(testEngines.postgres, {
    schema: ns.schema,
    applicationName: ns.id,
    migrations: [...platformMigrations, ...eventStoreMigrations],
  });
  await migrate(dataSource);
  store = new EventStore(dataSource);
});

afterAll(async () => {
  if (dataSource?.isInitialized) {
    await dataSource.query(`DROP SCHEMA IF EXISTS "${ns.schema}" CASCADE`).catch(() => undefined);
    await dataSource.destroy();
  }
});

describe('AggregateRepository', () => {
  it('loads a missing stream as the initial state at version 0, and saves at the loaded version', async () => {
    const counters = new AggregateRepository(store, counterDefinition());
    const fresh = await counters.load('counter-1');
    expect(fresh).toEqual({ streamId: 'counter-1', version: 0, state: { total: 0, folded: 0 } });

    const saved = await counters.save(fresh, [added(2), added(3)], metadata);
    expect(saved).toMatchObject({ version: 2, state: { total: 5, folded: 2 } });
    expect(saved.events.map((event) => event.streamVersion)).toEqual([1, 2]);
    expect(await counters.load('counter-1')).toEqual({
      streamId: 'counter-1',
      version: 2,
      state: { total: 5, folded: 2 },
    });
  });

  it('a save on stale state conflicts instead of overwriting', async () => {
    const counters = new AggregateRepository(store, counterDefinition());
    const first = await counters.load('counter-2');
    const second = await counters.load('counter-2');
    await counters.save(first, [added(1)], metadata);
    await expect(counters.save(second, [added(1)], metadata)).rejects.toThrow(StreamVersionConflictException);
  });

  it('snapshots when a save crosses a multiple of `every`, and loads from the snapshot', async () => {
    const counters = new AggregateRepository(store, counterDefinition());
    let aggregate = await counters.load('counter-3');
    for (const by of [1, 2, 3, 4, 5, 6, 7]) aggregate = await counters.save(aggregate, [added(by)], metadata);

    expect(await store.loadSnapshot('counter-3')).toMatchObject({ streamVersion: 5, state: { total: 15 } });
    // From the snapshot at version 5, only versions 6 and 7 are folded.
    expect(await counters.load('counter-3')).toEqual({
      streamId: 'counter-3',
      version: 7,
      state: { total: 28, folded: 2 },
    });
  });

  it('ignores a snapshot of another state shape and folds every event', async () => {
    const reshaped = new AggregateRepository(store, counterDefinition(2));
    expect(await reshaped.load('counter-3')).toEqual({
      streamId: 'counter-3',
      version: 7,
      state: { total: 28, folded: 7 },
    });
  });

  it('a retried save returns the stream as stored, without appending twice', async () => {
    const counters = new AggregateRepository(store, counterDefinition());
    const start = await counters.load('counter-4');
    const event = { id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', ...added(10) };
    await counters.save(start, [event], metadata);
    const retried = await counters.save(start, [event], metadata);
    expect(retried).toMatchObject({ version: 1, state: { total: 10 } });
    expect(await store.readStream('counter-4')).toHaveLength(1);
  });
});
