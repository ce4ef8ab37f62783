export { Counter, Gauge, Histogram, Registry } from 'prom-client';
export * from './http-metrics.interceptor';
export * from './metrics.module';
