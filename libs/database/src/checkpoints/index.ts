export * from './checkpoint-migrations';
export * from './postgres-checkpoint.store';
