import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The workspace read model, built from Kafka by the workspace projection. Every row carries the
 * version of its aggregate's last applied event: replays and duplicates update nothing twice.
 */
export class CreateWorkspaceReadModel1763900100000 implements MigrationInterface {
  name = 'CreateWorkspaceReadModel1763900100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        version integer NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE projects (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL,
        name text NOT NULL,
        domains text[] NOT NULL,
        currency char(3) NOT NULL,
        time_zone text NOT NULL,
        archived boolean NOT NULL DEFAULT false,
        version integer NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX projects_by_organization ON projects (organization_id)');
    await queryRunner.query(`
      CREATE TABLE stores (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL,
        project_id uuid NOT NULL,
        name text NOT NULL,
        removed boolean NOT NULL DEFAULT false,
        version integer NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX stores_by_project ON stores (organization_id, project_id)');
    await queryRunner.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('write', 'secret')),
        project_id uuid,
        project_scope uuid[],
        name text NOT NULL,
        key_hash text NOT NULL,
        key_prefix text NOT NULL,
        allowed_origins text[] NOT NULL DEFAULT '{}',
        revoked boolean NOT NULL DEFAULT false,
        version integer NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX api_keys_by_hash ON api_keys (key_hash)');
    await queryRunner.query('CREATE INDEX api_keys_by_organization ON api_keys (organization_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['api_keys', 'stores', 'projects', 'organizations'])
      await queryRunner.query(`DROP TABLE ${table}`);
  }
}
