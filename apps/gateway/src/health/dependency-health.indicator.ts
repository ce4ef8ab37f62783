import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { DependencyCheck } from './dependency-checks';

/**
 * The innermost cause: Node's fetch fails with "fetch failed" and keeps ECONNREFUSED in `cause`;
 * a host with several addresses fails with an AggregateError.
 */
export function describeFailure(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describeFailure(error.errors[0]);
  if (error instanceof Error && error.cause !== undefined) return `${error.message}: ${describeFailure(error.cause)}`;
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/**
 * Turns a probe into a terminus result naming the dependency, its address and the failure, in the
 * words the engine checks of the other apps use (libs/health is not imported: it loads every
 * engine client, some 0.6 s of start-up the gateway does not need).
 */
@Injectable()
export class DependencyHealthIndicator {
  constructor(private readonly indicators: HealthIndicatorService) {}

  async check(dependency: DependencyCheck): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(dependency.key);
    try {
      return indicator.up({ target: dependency.target, ...(await dependency.probe()) });
    } catch (error) {
      return indicator.down({
        target: dependency.target,
        message: `${dependency.key} is unreachable at ${dependency.target}: ${describeFailure(error)}`,
      });
    }
  }
}
