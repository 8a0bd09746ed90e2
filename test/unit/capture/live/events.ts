import type { WatchIngest } from '../../../../src/core/capture/watcher';
import type { Problem } from '../../../../src/core/errors';

/**
 * Collects what a watcher reports and lets a test wait for a condition to hold, re-checked on each
 * report: no polling loop, no sleep. The deadline only turns a missing event into a clear failure.
 */
export class WatchEvents {
  readonly ingests: WatchIngest[] = [];
  readonly problems: Problem[] = [];
  private waiters: (() => void)[] = [];

  readonly onIngest = (e: WatchIngest): void => {
    this.ingests.push(e);
    this.wake();
  };

  readonly onProblem = (p: Problem): void => {
    this.problems.push(p);
    this.wake();
  };

  /**
   * Resolves with the milliseconds taken once `holds()` is true; rejects after `deadlineMs`. The one-second
   * promise is measured by bench/watcher.bench.ts; the deadline here only keeps a broken watcher from hanging
   * the suite, and is generous so a loaded CI machine does not fail a correct watcher.
   */
  until(what: string, holds: () => boolean, deadlineMs = 10_000): Promise<number> {
    const t0 = performance.now();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!holds()) return false;
        clearTimeout(timer);
        resolve(performance.now() - t0);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`not within ${deadlineMs} ms: ${what}`));
      }, deadlineMs);
      const waiter = () => {
        if (check()) this.waiters = this.waiters.filter((w) => w !== waiter);
      };
      if (!check()) this.waiters.push(waiter);
    });
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}
