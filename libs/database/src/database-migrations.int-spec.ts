import { requireEngine, testEngines, testNamespace } from '@pulse/testing';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { createDataSource, migrate } from './data-source.factory';
import { platformMigrations } from './platform-migrations';
import { probePostgres } from './postgres-probe';

// Connecting and migrating can exceed Jest's default 5 s on two busy cores.
jest.setTimeout(30_000);

const ns = testNamespace(__filename);
const LOG2M = 14;

/** An app-level migration after the platform's, creating a table of HLL sketches. */
class CreateVisitorSketches1763900000001 implements MigrationInterface {
  name = 'CreateVisitorSketches1763900000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Unqualified: it must land in the data source's schema, first on the search_path. The typmod
    // fixes the precision (2^14 registers, ~0.8% standard error): the default 2^11 (~2.3%) is
    // too coarse for a 3% bound, and a sketch of another precision would not merge.
    await queryRunner.query(
      `CREATE TABLE visitor_sketches (bucket text PRIMARY KEY, visitors hll(${LOG2M}, 5) NOT NULL)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE visitor_sketches');
  }
}

const expectedMigrations = ['RequireHllExtension1763900000000', 'CreateVisitorSketches1763900000001'];

let dataSource: DataSource;

/** Runs a query that returns one row and narrows the named numeric column. */
async function scalar(sql: string, column: string): Promise<number> {
  const rows: unknown = await dataSource.query(sql);
  if (!Array.isArray(rows) || rows.length !== 1) throw new Error(`expected one row from: ${sql}`);
  const row: unknown = rows[0];
  if (typeof row !== 'object' || row === null || !(column in row)) throw new Error(`no column ${column}`);
  const value = Number((row as Record<string, unknown>)[column]);
  if (Number.isNaN(value)) throw new Error(`${column} is not a number`);
  return value;
}

beforeAll(async () => {
  await requireEngine('postgres');
  dataSource = createDataSource(testEngines.postgres, {
    schema: ns.schema,
    applicationName: ns.id,
    migrations: [...platformMigrations, CreateVisitorSketches1763900000001],
  });
});

afterAll(async () => {
  if (dataSource?.isInitialized) {
    await dataSource.query(`DROP SCHEMA IF EXISTS "${ns.schema}" CASCADE`);
    await dataSource.destroy();
  }
});

describe('database migrations', () => {
  it('probePostgres answers with the server version', async () => {
    const { serverVersion } = await probePostgres(testEngines.postgres);
    expect(serverVersion).toMatch(/^\d+(\.\d+)?/);
    expect(Number.parseInt(serverVersion, 10)).toBeGreaterThanOrEqual(15);
  });

  it('migrate creates the schema and applies the platform and app migrations in order', async () => {
    expect(await migrate(dataSource)).toEqual(expectedMigrations);

    const tables: unknown = await dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
      [ns.schema],
    );
    expect(tables).toEqual([{ table_name: 'schema_migrations' }, { table_name: 'visitor_sketches' }]);
  });

  it('a second migrate applies nothing', async () => {
    expect(await migrate(dataSource)).toEqual([]);
  });

  it('schema_migrations in the test schema lists both migrations', async () => {
    const rows: unknown = await dataSource.query(`SELECT name FROM "${ns.schema}".schema_migrations ORDER BY id`);
    expect(rows).toEqual(expectedMigrations.map((name) => ({ name })));
  });

  it('the search_path puts the test schema first and keeps public for hll', async () => {
    const rows: unknown = await dataSource.query('SELECT current_schemas(false)::text[] AS schemas');
    expect(rows).toEqual([{ schemas: [ns.schema, 'public'] }]);
  });

  it('hll unions overlapping sketches into a close estimate', async () => {
    await dataSource.query(
      `INSERT INTO visitor_sketches (bucket, visitors)
       SELECT 'day-1', hll_add_agg(hll_hash_integer(n), ${LOG2M}, 5) FROM generate_series(1, 10000) AS n
       UNION ALL
       SELECT 'day-2', hll_add_agg(hll_hash_integer(n), ${LOG2M}, 5) FROM generate_series(5001, 15000) AS n`,
    );
    const estimate = await scalar(
      `SELECT hll_cardinality(hll_union_agg(visitors)) AS estimate FROM visitor_sketches WHERE bucket IN ('day-1', 'day-2')`,
      'estimate',
    );
    // 15,000 distinct visitors, not the 20,000 a sum of the days would give.
    expect(Math.abs(estimate - 15_000) / 15_000).toBeLessThanOrEqual(0.03);
  });

  it('hll is exact for the union of small sets', async () => {
    await dataSource.query(
      `INSERT INTO visitor_sketches (bucket, visitors)
       SELECT 'small-1', hll_add_agg(hll_hash_integer(n), ${LOG2M}, 5) FROM generate_series(1, 5) AS n
       UNION ALL
       SELECT 'small-2', hll_add_agg(hll_hash_integer(n), ${LOG2M}, 5) FROM generate_series(4, 8) AS n`,
    );
    const exact = await scalar(
      `SELECT hll_cardinality(hll_union_agg(visitors)) AS exact FROM visitor_sketches WHERE bucket LIKE 'small-%'`,
      'exact',
    );
    // Small sketches stay in the explicit representation, which counts exactly.
    expect(exact).toBe(8);
  });

  it('replicas migrating one fresh schema at once apply each migration exactly once', async () => {
    const schema = `${ns.schema}_replicas`;
    const replicas = [1, 2, 3].map(() =>
      createDataSource(testEngines.postgres, {
        schema,
        applicationName: ns.id,
        migrations: [...platformMigrations, CreateVisitorSketches1763900000001],
      }),
    );
    try {
      const applied = await Promise.all(replicas.map((replica) => migrate(replica)));
      expect(applied.flat().sort()).toEqual([...expectedMigrations].sort());
      const rows: unknown = await dataSource.query(`SELECT name FROM "${schema}".schema_migrations`);
      expect(Array.isArray(rows) ? rows.length : 0).toBe(expectedMigrations.length);
    } finally {
      await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await Promise.all(replicas.map((replica) => (replica.isInitialized ? replica.destroy() : undefined)));
    }
  });
});
