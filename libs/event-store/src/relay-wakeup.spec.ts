import { RelayWakeup } from './relay-wakeup';

// Waits here are an hour long: each test passes only if something other than the timer wakes them.
const HOUR_MS = 3_600_000;

describe('RelayWakeup', () => {
  it('a notification wakes a waiting loop', async () => {
    const wakeup = new RelayWakeup();
    const waiting = wakeup.wait(HOUR_MS);
    wakeup.notify();
    await expect(waiting).resolves.toBeUndefined();
  });

  it('a notification while the loop is busy makes the next wait return at once, once', async () => {
    const wakeup = new RelayWakeup();
    wakeup.notify();
    await expect(wakeup.wait(HOUR_MS)).resolves.toBeUndefined();
    let woke = false;
    const next = wakeup.wait(HOUR_MS).then(() => (woke = true));
    await Promise.resolve();
    expect(woke).toBe(false);
    wakeup.stop();
    await next;
  });

  it('a back-off wait ignores notifications but keeps them for the next wait', async () => {
    const wakeup = new RelayWakeup();
    let woke = false;
    const backoff = wakeup.wait(HOUR_MS, { wakeOnNotify: false }).then(() => (woke = true));
    wakeup.notify();
    await Promise.resolve();
    expect(woke).toBe(false);
    wakeup.stop();
    await backoff;
  });

  it('a kept notification ends the wait after a back-off', async () => {
    const wakeup = new RelayWakeup();
    const backoff = wakeup.wait(1, { wakeOnNotify: false });
    wakeup.notify();
    await backoff;
    await expect(wakeup.wait(HOUR_MS)).resolves.toBeUndefined();
  });

  it('stop wakes every wait, now and later', async () => {
    const wakeup = new RelayWakeup();
    const waiting = wakeup.wait(HOUR_MS, { wakeOnNotify: false });
    wakeup.stop();
    await waiting;
    await expect(wakeup.wait(HOUR_MS)).resolves.toBeUndefined();
  });
});
