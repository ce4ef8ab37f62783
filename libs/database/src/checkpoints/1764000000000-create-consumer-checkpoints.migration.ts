import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The next offset each consumer group will read per partition, written by a sink in the same
 * transaction as its rows. Offsets are bigint: a partition's offsets outgrow 32 bits.
 */
export class CreateConsumerCheckpoints1764000000000 implements MigrationInterface {
  name = 'CreateConsumerCheckpoints1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE consumer_checkpoints (
        consumer_group text NOT NULL,
        topic text NOT NULL,
        partition integer NOT NULL CHECK (partition >= 0),
        next_offset bigint NOT NULL CHECK (next_offset >= 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer_group, topic, partition)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE consumer_checkpoints');
  }
}
