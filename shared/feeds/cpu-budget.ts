/** Thrown by {@link CpuBudget.run} once the budget is spent. */
export class CpuBudgetExceededError extends Error {
  constructor(
    readonly limitMs: number,
    readonly spentMs: number,
  ) {
    super(`took more than ${limitMs} ms of CPU`);
    this.name = 'CpuBudgetExceededError';
  }
}

/**
 * The CPU time one feed may take to be read, so that one costly feed fails alone instead of
 * holding the thread that polls its neighbours. CPU (the process's user and system time, not
 * the clock) is counted while the feed's synchronous work runs, and between those slices the
 * event loop serves the other feeds: a machine busy with other work does not make a feed fail.
 */
export class CpuBudget {
  private spent = 0;

  /** @param limitMs milliseconds allowed in all */
  constructor(readonly limitMs: number) {}

  /** Milliseconds charged so far. */
  get spentMs(): number {
    return this.spent;
  }

  /** Runs one synchronous slice of work and charges its time; throws once the budget is spent. */
  run<T>(work: () => T): T {
    const start = process.cpuUsage();
    const result = work();
    const used = process.cpuUsage(start);
    this.spent += (used.user + used.system) / 1000;
    if (this.spent > this.limitMs) throw new CpuBudgetExceededError(this.limitMs, Math.round(this.spent));
    return result;
  }

  /** Gives the event loop a turn, so other feeds' sockets and timers are served. */
  yield(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
  }
}
