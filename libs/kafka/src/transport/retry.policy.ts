export interface RetryOptions {
  /** Deliveries of a failing batch before its poison messages are isolated; 1 isolates at once. */
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  multiplier: number;
  /** Each delay is spread by up to this fraction either way, so members do not retry in step. */
  jitter: number;
}

export const defaultRetryOptions: RetryOptions = {
  maxAttempts: 3,
  initialDelayMs: 200,
  maxDelayMs: 30_000,
  multiplier: 2,
  jitter: 0.2,
};

/** Exponential backoff with a cap and jitter, shared by poison retries and transient waits. */
export class RetryPolicy {
  readonly options: RetryOptions;

  constructor(
    options: Partial<RetryOptions> = {},
    private readonly random: () => number = Math.random,
  ) {
    this.options = { ...defaultRetryOptions, ...options };
    if (!Number.isInteger(this.options.maxAttempts) || this.options.maxAttempts < 1) {
      throw new RangeError(`maxAttempts must be a positive integer, got ${this.options.maxAttempts}`);
    }
  }

  /** The wait before delivery number `failures + 1`, after `failures` failed ones (1-based). */
  delayMs(failures: number): number {
    const { initialDelayMs, maxDelayMs, multiplier, jitter } = this.options;
    const base = Math.min(maxDelayMs, initialDelayMs * multiplier ** Math.max(0, failures - 1));
    const spread = base * jitter * (2 * this.random() - 1);
    return Math.max(0, Math.round(Math.min(maxDelayMs, base + spread)));
  }

  /** Whether a batch that failed `failures` times as poison has had its retries. */
  exhausted(failures: number): boolean {
    return failures >= this.options.maxAttempts;
  }
}
