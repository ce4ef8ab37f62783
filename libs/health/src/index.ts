export * from './engine-checks';
export * from './engine-health.indicators';
export * from './health.controller';
export * from './health.module';
