import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { engineChecks, type EngineTargets } from './engine-checks';
import { EngineHealthIndicator, type ReadinessCheck } from './engine-health.indicators';
import { ENGINE_CHECKS, HealthController } from './health.controller';

@Module({})
export class HealthModule {
  /** `engines` lists the engines this app uses, `services` the apps it calls; readiness checks exactly those. */
  static forRoot(engines: EngineTargets, services: readonly ReadinessCheck[] = []): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
      controllers: [HealthController],
      providers: [EngineHealthIndicator, { provide: ENGINE_CHECKS, useValue: [...engineChecks(engines), ...services] }],
    };
  }
}
