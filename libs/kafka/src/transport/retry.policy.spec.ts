import { RetryPolicy } from './retry.policy';

describe('RetryPolicy', () => {
  it('doubles the delay from the initial one up to the cap', () => {
    const policy = new RetryPolicy({ initialDelayMs: 100, maxDelayMs: 1_000, multiplier: 2, jitter: 0 });
    expect([1, 2, 3, 4, 5, 6].map((failures) => policy.delayMs(failures))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('spreads each delay by at most the jitter fraction, never past the cap', () => {
    const low = new RetryPolicy({ initialDelayMs: 100, maxDelayMs: 1_000, jitter: 0.2 }, () => 0);
    const high = new RetryPolicy({ initialDelayMs: 100, maxDelayMs: 1_000, jitter: 0.2 }, () => 0.999_999);
    expect(low.delayMs(1)).toBe(80);
    expect(high.delayMs(1)).toBe(120);
    expect(high.delayMs(10)).toBe(1_000);
  });

  it('counts deliveries against maxAttempts', () => {
    const policy = new RetryPolicy({ maxAttempts: 3 });
    expect([1, 2, 3].map((failures) => policy.exhausted(failures))).toEqual([false, false, true]);
    expect(new RetryPolicy({ maxAttempts: 1 }).exhausted(1)).toBe(true);
  });

  it('refuses a maxAttempts that would never deliver', () => {
    expect(() => new RetryPolicy({ maxAttempts: 0 })).toThrow(RangeError);
    expect(() => new RetryPolicy({ maxAttempts: 1.5 })).toThrow(RangeError);
  });
});
