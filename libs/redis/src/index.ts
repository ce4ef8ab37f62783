export type { Redis } from 'ioredis';
export * from './redis-connection.factory';
export * from './redis-probe';
export * from './redis.module';
