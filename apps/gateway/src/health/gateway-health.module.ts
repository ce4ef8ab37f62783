import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { GatewayConfig } from '../gateway.config';
import { redisCheck, subgraphCheck } from './dependency-checks';
import { DependencyHealthIndicator } from './dependency-health.indicator';
import { DEPENDENCY_CHECKS, GatewayHealthController } from './gateway-health.controller';

@Module({})
export class GatewayHealthModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayHealthModule,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
      controllers: [GatewayHealthController],
      providers: [
        DependencyHealthIndicator,
        { provide: DEPENDENCY_CHECKS, useValue: [redisCheck(config.redis), ...config.subgraphs.map(subgraphCheck)] },
      ],
    };
  }
}
