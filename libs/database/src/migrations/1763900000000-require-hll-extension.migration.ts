import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Unique counts are HyperLogLog sketches merged in SQL (postgresql-hll). Creating an extension
 * needs a superuser, which our application role is not: the stack (or the database operator)
 * creates it, and this migration fails with instructions when it is missing.
 */
export class RequireHllExtension1763900000000 implements MigrationInterface {
  name = 'RequireHllExtension1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const rows: unknown[] = await queryRunner.query(`SELECT 1 FROM pg_extension WHERE extname = 'hll'`);
    if (rows.length > 0) return;
    try {
      await queryRunner.query('CREATE EXTENSION IF NOT EXISTS hll');
    } catch (error) {
      throw new Error(
        'The PostgreSQL extension "hll" is not installed in this database. Install the postgresql-15-hll ' +
          'package and run "CREATE EXTENSION hll" as a superuser (./pulse stack up does both locally). ' +
          `Cause: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }

  async down(): Promise<void> {
    // Other schemas in the same database may use hll: the extension stays.
  }
}
