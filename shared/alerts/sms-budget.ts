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
  private readonly full = new Map<string, Set<string>>();

  constructor(
    private readonly counter: SmsCounter,
    private readonly caps: { global: number; perWatchlist: number },
  ) {}

  /** Takes a slot for one alert's SMS; false when a cap is reached (send it by e-mail, digest the SMS). */
  async take(watchlistId: string, now: Date): Promise<boolean> {
    const hour = hourOf(now);
    const scope = watchlistScope(watchlistId);
    // A cap found full stays full for the rest of the hour (counters only grow): on a busy
    // hour this saves one conditional write per alert beyond the cap.
    const full = this.fullScopes(hour);
    if (full.has(scope) || full.has(GLOBAL_SCOPE)) return false;
    if (!(await this.counter.reserve(hour, scope, this.caps.perWatchlist))) {
      full.add(scope);
      return false;
    }
    if (await this.counter.reserve(hour, GLOBAL_SCOPE, this.caps.global)) return true;
    full.add(GLOBAL_SCOPE);
    await this.counter.giveBack(hour, scope);
    return false;
  }

  /** Gives back a slot whose SMS was not sent after all. */
  async giveBack(watchlistId: string, now: Date): Promise<void> {
    const hour = hourOf(now);
    this.full.delete(hour);
    await this.counter.giveBack(hour, watchlistScope(watchlistId));
    await this.counter.giveBack(hour, GLOBAL_SCOPE);
  }

  /** Counts an SMS sent regardless of the caps (a digest). */
  async count(watchlistId: string, now: Date): Promise<void> {
    const hour = hourOf(now);
    await this.counter.add(hour, watchlistScope(watchlistId));
    await this.counter.add(hour, GLOBAL_SCOPE);
  }

  private fullScopes(hour: string): Set<string> {
    let scopes = this.full.get(hour);
    if (!scopes) {
      // Only the current hour matters; older ones are dropped.
      this.full.clear();
      scopes = new Set();
      this.full.set(hour, scopes);
    }
    return scopes;
  }
}

function watchlistScope(watchlistId: string): string {
  return `WATCHLIST#${watchlistId}`;
}
