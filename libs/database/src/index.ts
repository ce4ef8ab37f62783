export { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
export * from './data-source.factory';
export * from './database.module';
export * from './platform-migrations';
export * from './postgres-probe';
export * from './checkpoints';
