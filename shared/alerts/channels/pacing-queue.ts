import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Runs tasks one after another per key (a destination), each starting at least `intervalMs`
 * after the previous one for that key started: a queue, so a burst is spread out, never
 * dropped, and messages arrive in the order they were sent.
 */
export class PacingQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly lastStart = new Map<string, number>();

  /** @param intervalMs Least time between the starts of two tasks of one key, in milliseconds. */
  constructor(readonly intervalMs: number) {}

  /** Runs `task` when the key's turn comes; resolves or rejects as the task does. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(async () => {
      const wait = (this.lastStart.get(key) ?? -Infinity) + this.intervalMs - performance.now();
      if (wait > 0) await sleep(wait);
      this.lastStart.set(key, performance.now());
      return task();
    });
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    // Forget an idle key, so a long-lived process does not keep every destination it ever saw.
    void tail.then(() => {
      if (this.tails.get(key) === tail) {
        this.tails.delete(key);
        const started = this.lastStart.get(key) ?? 0;
        setTimeout(() => {
          if (!this.tails.has(key) && this.lastStart.get(key) === started) this.lastStart.delete(key);
        }, this.intervalMs).unref();
      }
    });
    return result;
  }
}
