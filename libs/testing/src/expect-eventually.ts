import { setTimeout as delay } from 'node:timers/promises';

export interface EventuallyOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Retries an assertion until it passes or the time is up, then rethrows its last failure:
 * tests wait for a condition, never for a fixed sleep.
 */
export async function expectEventually<T>(
  assertion: () => Promise<T> | T,
  options: EventuallyOptions = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  let lastError: unknown;
  do {
    try {
      return await assertion();
    } catch (error) {
      lastError = error;
    }
    await delay(options.intervalMs ?? 100);
  } while (Date.now() < deadline);
  throw lastError;
}
