import { DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { HttpMetricsInterceptor } from './http-metrics.interceptor';
import { MetricsController } from './metrics.controller';

/** One registry per app, every series labelled with the app, served at GET /metrics. */
@Module({})
export class MetricsModule {
  static forRoot(app: string): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      controllers: [MetricsController],
      providers: [
        {
          provide: Registry,
          useFactory: () => {
            const registry = new Registry();
            registry.setDefaultLabels({ app });
            collectDefaultMetrics({ register: registry, prefix: 'pulse_' });
            return registry;
          },
        },
        HttpMetricsInterceptor,
        { provide: APP_INTERCEPTOR, useExisting: HttpMetricsInterceptor },
      ],
      exports: [Registry],
    };
  }
}
