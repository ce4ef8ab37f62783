import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import type { DependencyCheck } from './dependency-checks';
import { DependencyHealthIndicator } from './dependency-health.indicator';

export const DEPENDENCY_CHECKS = Symbol('DEPENDENCY_CHECKS');

/**
 * Liveness checks nothing, as in every app. Readiness is Redis and every subgraph the gateway
 * routes to: a gateway that cannot reach its subgraphs should not get traffic.
 */
@Controller('health')
export class GatewayHealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly dependencies: DependencyHealthIndicator,
    @Inject(DEPENDENCY_CHECKS) private readonly checks: readonly DependencyCheck[],
  ) {}

  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check(this.checks.map((check) => () => this.dependencies.check(check)));
  }
}
