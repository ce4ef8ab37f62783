/**
 * What the relay's loop sleeps on: a timer (the polling fallback), a notification (new events)
 * or stop. A notification that arrives while the loop is busy is remembered, so the next wait
 * returns at once instead of losing it.
 */
export class RelayWakeup {
  private notified = false;
  private stopped = false;
  private wake: (() => void) | undefined;
  private wakeOnNotify = true;

  notify(): void {
    if (this.wake && this.wakeOnNotify) this.wake();
    else this.notified = true;
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  /** Resolves after `ms`, on stop, and on a notification unless `wakeOnNotify` is false (back-off). */
  wait(ms: number, options: { wakeOnNotify?: boolean } = {}): Promise<void> {
    const wakeOnNotify = options.wakeOnNotify ?? true;
    if (this.stopped) return Promise.resolve();
    if (wakeOnNotify && this.notified) {
      this.notified = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
      this.wakeOnNotify = wakeOnNotify;
    });
  }
}
