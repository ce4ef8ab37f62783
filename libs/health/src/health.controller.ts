import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { EngineHealthIndicator, type ReadinessCheck } from './engine-health.indicators';

export const ENGINE_CHECKS = Symbol('ENGINE_CHECKS');

/**
 * Liveness says the process serves requests (restart it if not); readiness says every engine and
 * service it uses answers (route traffic to it only then). Keeping engines out of liveness stops a broker
 * outage from turning into a restart storm.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly engines: EngineHealthIndicator,
    @Inject(ENGINE_CHECKS) private readonly checks: readonly ReadinessCheck[],
  ) {}

  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check(this.checks.map((check) => () => this.engines.check(check)));
  }
}
