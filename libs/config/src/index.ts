export * from './app-ports';
export * from './config-fragments';
export * from './config.module';
export * from './load-config';
