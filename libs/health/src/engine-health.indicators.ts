import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';

export type EngineName = 'kafka' | 'elasticsearch' | 'postgres' | 'redis';

/** Something an app needs in order to serve: an engine, or another app (a subgraph). */
export interface ReadinessCheck {
  /** Its key in the readiness body and in the message. */
  name: string;
  /** Where it is expected, for the message an operator reads. */
  target: string;
  /** Resolves with details when it answers, throws when it does not. */
  probe(): Promise<object>;
}

export interface EngineCheck extends ReadinessCheck {
  name: EngineName;
}

/** Turns a probe into a terminus result that names the dependency, its address and the failure. */
@Injectable()
export class EngineHealthIndicator {
  constructor(private readonly indicators: HealthIndicatorService) {}

  async check(check: ReadinessCheck): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(check.name);
    try {
      const details = await check.probe();
      return indicator.up({ target: check.target, ...details });
    } catch (error) {
      return indicator.down({
        target: check.target,
        message: `${check.name} is unreachable at ${check.target}: ${describeError(error)}`,
      });
    }
  }
}

/**
 * The innermost cause: Node's fetch fails with "fetch failed" and keeps ECONNREFUSED in `cause`;
 * a host with several addresses fails with an AggregateError.
 */
export function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describeError(error.errors[0]);
  if (error instanceof Error && error.cause !== undefined) return `${error.message}: ${describeError(error.cause)}`;
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
