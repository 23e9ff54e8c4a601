import type { SmsCounter } from './delivery-ledger';

/** The counter scope of all watchlists together. */
export const GLOBAL_SCOPE = 'ALL';

/** The clock hour (UTC) an instant falls in, as `yyyy-mm-ddThh`: the window the caps count in. */
export function hourOf(now: Date): string {
  return now.toISOString().slice(0, 13);
}

/**
 * The SMS cost guard: at most `global` alerts with an SMS part per clock hour, and at most
 * `perWatchlist` for one watchlist. A slot is taken from the watchlist's count first and then
 * from the global one (given back if the global one is full), with conditional increments,
 * so concurrent workers never overshoot a cap.
 */
export class SmsBudget {
  constructor(
    private readonly counter: SmsCounter,
    private readonly caps: { global: number; perWatchlist: number },
  ) {}

  /** Takes a slot for one alert's SMS; false when a cap is reached (send it by e-mail, digest the SMS). */
  async take(watchlistId: string, now: Date): Promise<boolean> {
    const hour = hourOf(now);
    if (!(await this.counter.reserve(hour, watchlistScope(watchlistId), this.caps.perWatchlist))) return false;
    if (await this.counter.reserve(hour, GLOBAL_SCOPE, this.caps.global)) return true;
    await this.counter.giveBack(hour, watchlistScope(watchlistId));
    return false;
  }

  /** Gives back a slot whose SMS was not sent after all. */
  async giveBack(watchlistId: string, now: Date): Promise<void> {
    const hour = hourOf(now);
    await this.counter.giveBack(hour, watchlistScope(watchlistId));
    await this.counter.giveBack(hour, GLOBAL_SCOPE);
  }

  /** Counts an SMS sent regardless of the caps (a digest). */
  async count(watchlistId: string, now: Date): Promise<void> {
    const hour = hourOf(now);
    await this.counter.add(hour, watchlistScope(watchlistId));
    await this.counter.add(hour, GLOBAL_SCOPE);
  }
}

function watchlistScope(watchlistId: string): string {
  return `WATCHLIST#${watchlistId}`;
}
