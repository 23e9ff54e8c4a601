import type { SmsCounter } from './delivery-ledger';

/** The counter scope of all watchlists together. */
export const GLOBAL_SCOPE = 'ALL';
/** The counter scope of the high-priority SMS, all watchlists together (the spend ceiling). */
export const HIGH_SCOPE = 'HIGH';

/** The clock hour (UTC) an instant falls in, as `yyyy-mm-ddThh`: the window the caps count in. */
export function hourOf(now: Date): string {
  return now.toISOString().slice(0, 13);
}

/**
 * The SMS cost guard: at most `global` alerts with an SMS part per clock hour, and at most
 * `perWatchlist` for one watchlist. A slot is taken from the watchlist's count first and then
 * from the global one (given back if the global one is full), with conditional increments,
 * so concurrent workers never overshoot a cap.
 *
 * A high-priority alert always gets its SMS, whatever normal alerts used: it is counted
 * against both caps (which it may push over, so normal SMS stop sooner), and the high SMS of
 * the hour have a ceiling of their own, `highCeiling`, that bounds the spend. Past the
 * ceiling a high alert is treated like any other (SMS only while the caps have room).
 */
export class SmsBudget {
  private readonly full = new Map<string, Set<string>>();

  constructor(
    private readonly counter: SmsCounter,
    private readonly caps: { global: number; perWatchlist: number; highCeiling?: number },
  ) {}

  /**
   * Takes a slot for one alert's SMS; false when a cap is reached (send it by e-mail, digest
   * the SMS). A `high` alert takes one from the high ceiling first.
   */
  async take(watchlistId: string, now: Date, priority?: string): Promise<boolean> {
    const hour = hourOf(now);
    const scope = watchlistScope(watchlistId);
    if (priority === 'high' && (await this.takeHigh(hour, scope))) return true;
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
  async giveBack(watchlistId: string, now: Date, priority?: string): Promise<void> {
    const hour = hourOf(now);
    this.full.delete(hour);
    await this.counter.giveBack(hour, watchlistScope(watchlistId));
    await this.counter.giveBack(hour, GLOBAL_SCOPE);
    // A high alert's slot comes from the ceiling unless the ceiling was full; then this gives
    // one back to it too (never below 0), at worst one more high SMS that hour.
    if (priority === 'high') await this.counter.giveBack(hour, HIGH_SCOPE);
  }

  /** A slot under the high ceiling, counted against the caps without being refused by them. */
  private async takeHigh(hour: string, scope: string): Promise<boolean> {
    const ceiling = this.caps.highCeiling ?? 0;
    const full = this.fullScopes(hour);
    if (ceiling <= 0 || full.has(HIGH_SCOPE)) return false;
    if (!(await this.counter.reserve(hour, HIGH_SCOPE, ceiling))) {
      full.add(HIGH_SCOPE);
      return false;
    }
    await this.counter.add(hour, scope);
    await this.counter.add(hour, GLOBAL_SCOPE);
    return true;
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
