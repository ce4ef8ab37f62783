import { CheckpointConflictException, type CheckpointStore, type PartitionCheckpoint } from '@pulse/kafka';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/** The query runner of a TypeORM transaction, however the caller holds it. */
function runnerOf(target: EntityManager | QueryRunner): QueryRunner | undefined {
  return 'isTransactionActive' in target ? target : target.queryRunner;
}

async function storedOffset(runner: QueryRunner, checkpoint: PartitionCheckpoint): Promise<string | null> {
  const rows: unknown = await runner.query(
    'SELECT next_offset::text AS next_offset FROM consumer_checkpoints WHERE consumer_group = $1 AND topic = $2 AND partition = $3',
    [checkpoint.groupId, checkpoint.topic, checkpoint.partition],
  );
  const [row] = Array.isArray(rows) ? (rows as { next_offset?: unknown }[]) : [];
  return typeof row?.next_offset === 'string' ? row.next_offset : null;
}

/**
 * A compare-and-set: the row moves from `expectedOffset` to `nextOffset`, or nothing happens and
 * the conflict is thrown. Under concurrent writers the second one waits for the first one's
 * transaction and then finds the offset changed, so two members can never both apply a batch.
 */
async function writeCheckpoint(runner: QueryRunner, checkpoint: PartitionCheckpoint): Promise<void> {
  const { groupId, topic, partition, expectedOffset, nextOffset } = checkpoint;
  const result =
    expectedOffset === null
      ? await runner.query(
          `INSERT INTO consumer_checkpoints (consumer_group, topic, partition, next_offset)
           VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
          [groupId, topic, partition, nextOffset],
          true,
        )
      : await runner.query(
          `UPDATE consumer_checkpoints SET next_offset = $4, updated_at = now()
           WHERE consumer_group = $1 AND topic = $2 AND partition = $3 AND next_offset = $5`,
          [groupId, topic, partition, nextOffset, expectedOffset],
          true,
        );
  if (result.affected !== 1) throw new CheckpointConflictException(checkpoint, await storedOffset(runner, checkpoint));
}

/**
 * Saves a batch's checkpoint in the sink's own transaction, beside its rows: both commit or
 * neither does. Throws CheckpointConflictException (let it roll the transaction back) when another
 * member applied the partition meanwhile.
 *
 *   await dataSource.transaction(async (manager) => {
 *     await manager.query('INSERT INTO ...', [...]);
 *     await saveCheckpoint(manager, batch.checkpoint);
 *   });
 */
export async function saveCheckpoint(
  transaction: EntityManager | QueryRunner,
  checkpoint: PartitionCheckpoint,
): Promise<void> {
  const runner = runnerOf(transaction);
  if (!runner?.isTransactionActive) {
    throw new Error('saveCheckpoint needs the entity manager or query runner of the sink transaction');
  }
  await writeCheckpoint(runner, checkpoint);
}

/** Consumer checkpoints in PostgreSQL, in the table of checkpointMigrations. */
export class PostgresCheckpointStore implements CheckpointStore {
  constructor(private readonly dataSource: DataSource) {}

  async load(groupId: string, topic: string, partitions: readonly number[]): Promise<Map<number, string>> {
    const rows: unknown = await this.dataSource.query(
      `SELECT partition, next_offset::text AS next_offset FROM consumer_checkpoints
       WHERE consumer_group = $1 AND topic = $2 AND partition = ANY($3::int[])`,
      [groupId, topic, [...partitions]],
    );
    const offsets = new Map<number, string>();
    for (const row of Array.isArray(rows) ? (rows as { partition?: unknown; next_offset?: unknown }[]) : []) {
      if (typeof row.partition === 'number' && typeof row.next_offset === 'string') {
        offsets.set(row.partition, row.next_offset);
      }
    }
    return offsets;
  }

  async advance(checkpoint: PartitionCheckpoint): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await writeCheckpoint(runner, checkpoint);
    } finally {
      await runner.release();
    }
  }
}
