import { CheckpointConflictException, type PartitionCheckpoint } from '@pulse/kafka';
import { requireEngine, testEngines, testNamespace } from '@pulse/testing';
import type { DataSource } from 'typeorm';
import { createDataSource, migrate } from '../data-source.factory';
import { checkpointMigrations } from './checkpoint-migrations';
import { PostgresCheckpointStore, saveCheckpoint } from './postgres-checkpoint.store';

// Connecting and migrating can exceed Jest's default 5 s on two busy cores.
jest.setTimeout(30_000);

const ns = testNamespace(__filename);
let dataSource: DataSource;
let store: PostgresCheckpointStore;

const checkpoint = (partition: number, expectedOffset: string | null, nextOffset: string): PartitionCheckpoint => ({
  groupId: 'projector',
  topic: 'tracking.events',
  partition,
  expectedOffset,
  nextOffset,
});

beforeAll(async () => {
  await requireEngine('postgres');
  dataSource = createDataSource(testEngines.postgres, {
    schema: ns.schema,
    applicationName: ns.id,
    migrations: checkpointMigrations,
  });
  await migrate(dataSource);
  await dataSource.query('CREATE TABLE rollups (bucket text PRIMARY KEY, events integer NOT NULL)');
  store = new PostgresCheckpointStore(dataSource);
});

afterAll(async () => {
  if (dataSource?.isInitialized) {
    await dataSource.query(`DROP SCHEMA IF EXISTS "${ns.schema}" CASCADE`);
    await dataSource.destroy();
  }
});

describe('PostgresCheckpointStore', () => {
  it('saves a first checkpoint and the rows in one transaction, and loads it back', async () => {
    expect(await store.load('projector', 'tracking.events', [0, 1])).toEqual(new Map());

    await dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO rollups VALUES ('minute-1', 10)`);
      await saveCheckpoint(manager, checkpoint(0, null, '10'));
    });

    expect(await store.load('projector', 'tracking.events', [0, 1])).toEqual(new Map([[0, '10']]));
    expect(await store.load('other-group', 'tracking.events', [0])).toEqual(new Map());
  });

  it('refuses a checkpoint that expects another offset, and the rows roll back with it', async () => {
    const save = dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO rollups VALUES ('minute-2', 5)`);
      await saveCheckpoint(manager, checkpoint(0, '7', '12'));
    });

    await expect(save).rejects.toThrow(CheckpointConflictException);
    await expect(save).rejects.toMatchObject({ code: 'CHECKPOINT_CONFLICT', storedOffset: '10' });
    expect(await dataSource.query(`SELECT bucket FROM rollups WHERE bucket = 'minute-2'`)).toEqual([]);
    // A first checkpoint where one exists is a conflict too.
    await expect(
      dataSource.transaction((manager) => saveCheckpoint(manager, checkpoint(0, null, '3'))),
    ).rejects.toMatchObject({ storedOffset: '10' });
  });

  it('lets only one of two concurrent transactions move a checkpoint from the same offset', async () => {
    const first = dataSource.createQueryRunner();
    const second = dataSource.createQueryRunner();
    try {
      await first.startTransaction();
      await second.startTransaction();
      await saveCheckpoint(first, checkpoint(0, '10', '20'));
      // Waits on the first transaction's row lock, then finds the offset moved.
      const late = saveCheckpoint(second, checkpoint(0, '10', '15'));
      late.catch(() => undefined);
      await first.commitTransaction();
      await expect(late).rejects.toMatchObject({ storedOffset: '20' });
      await second.rollbackTransaction();
    } finally {
      await Promise.all([first.release(), second.release()]);
    }
    expect(await store.load('projector', 'tracking.events', [0])).toEqual(new Map([[0, '20']]));
  });

  it('advances a checkpoint on its own, with the same check', async () => {
    await store.advance(checkpoint(1, null, '1'));
    await store.advance(checkpoint(1, '1', '2'));
    await expect(store.advance(checkpoint(1, '1', '3'))).rejects.toThrow(CheckpointConflictException);
    expect(await store.load('projector', 'tracking.events', [0, 1])).toEqual(
      new Map([
        [0, '20'],
        [1, '2'],
      ]),
    );
  });

  it('refuses to save outside a transaction', async () => {
    await expect(saveCheckpoint(dataSource.manager, checkpoint(2, null, '1'))).rejects.toThrow(/sink transaction/);
  });
});
