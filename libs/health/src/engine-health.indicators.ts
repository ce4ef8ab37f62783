import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';

export type EngineName = 'kafka' | 'elasticsearch' | 'postgres' | 'redis';

export interface EngineCheck {
  engine: EngineName;
  /** Where the engine is expected, for the message an operator reads. */
  target: string;
  /** Resolves with details when the engine answers, throws when it does not. */
  probe(): Promise<object>;
}

/** Turns a probe into a terminus result that names the engine, its address and the failure. */
@Injectable()
export class EngineHealthIndicator {
  constructor(private readonly indicators: HealthIndicatorService) {}

  async check(check: EngineCheck): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(check.engine);
    try {
      const details = await check.probe();
      return indicator.up({ target: check.target, ...details });
    } catch (error) {
      return indicator.down({
        target: check.target,
        message: `${check.engine} is unreachable at ${check.target}: ${describeError(error)}`,
      });
    }
  }
}

export function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describeError(error.errors[0]);
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
