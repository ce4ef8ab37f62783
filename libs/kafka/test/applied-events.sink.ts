import { saveCheckpoint, type DataSource, type MigrationInterface, type QueryRunner } from '@pulse/database';
import type { KafkaBatch } from '../src/transport/kafka-batch.types';

/**
 * A sink table with no unique constraint on purpose: a message applied twice shows up as two
 * rows, so the tests can count duplicates instead of having them silently absorbed.
 */
export class CreateAppliedEvents1764000000001 implements MigrationInterface {
  name = 'CreateAppliedEvents1764000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE applied_events (
        id text NOT NULL,
        partition integer NOT NULL,
        "offset" bigint NOT NULL,
        applied_by text NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE applied_events');
  }
}

/**
 * A PostgreSQL sink in commit mode 'sink': the rows and the checkpoint in one transaction. Rows
 * go in one statement each, as a projection's upserts would, which keeps a transaction open
 * long enough for a kill to land inside it.
 */
export async function applyToSink(dataSource: DataSource, batch: KafkaBatch, appliedBy: string): Promise<void> {
  await dataSource.transaction(async (manager) => {
    for (const message of batch.messages) {
      await manager.query('INSERT INTO applied_events (id, partition, "offset", applied_by) VALUES ($1, $2, $3, $4)', [
        message.value?.toString('utf8'),
        message.partition,
        message.offset,
        appliedBy,
      ]);
    }
    await saveCheckpoint(manager, batch.checkpoint);
  });
}
