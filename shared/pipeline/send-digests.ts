import type { AlertMatch } from '../alerts/alert-match';
import type { DigestStore } from '../alerts/delivery-ledger';
import { formatEmailDigest, formatSmsDigest } from '../alerts/format-digest';
import { hourOf } from '../alerts/sms-budget';
import { keys } from '../store/key-schema';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** What the digest builders need. */
export interface DigestDeps {
  store: DigestStore;
  /** The clock (tests pass a fake one). @default () => new Date() */
  now?: () => Date;
  /** SMS segments a digest may use. @default 1 */
  smsSegments?: number;
}

/**
 * Rolls the alerts that went over the SMS cap before the current clock hour into one SMS
 * digest per watchlist. The digest is stored pending (the deliverer sends it, once), keyed by
 * its hour and watchlist, and only then are its alerts taken out of the backlog: a crash in
 * between finds the stored digest and finishes the job without a second digest.
 * @returns the number of digests stored now
 */
export async function buildSmsDigests(deps: DigestDeps): Promise<number> {
  const now = (deps.now ?? (() => new Date()))();
  const cutoff = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
  const backlog = await deps.store.listSmsBacklog(cutoff.toISOString());
  const byWatchlist = new Map<string, typeof backlog>();
  for (const entry of backlog)
    byWatchlist.set(entry.match.watchlistId, [...(byWatchlist.get(entry.match.watchlistId) ?? []), entry]);
  let created = 0;
  for (const [watchlistId, entries] of byWatchlist) {
    const hour = hourOf(new Date(cutoff.getTime() - HOUR_MS));
    const earliest = entries.map((e) => e.deferredAt).sort()[0]!;
    const from = new Date(
      Math.min(cutoff.getTime() - HOUR_MS, Math.floor(Date.parse(earliest) / HOUR_MS) * HOUR_MS),
    ).toISOString();
    const id = `digest:sms:${hour}:${watchlistId}`;
    const matches: AlertMatch[] = entries.map((e) => e.match);
    const alert = formatSmsDigest(
      { id, watchlistId, watchlistName: matches[0]!.watchlistName, from, to: cutoff.toISOString() },
      matches,
      { smsSegments: deps.smsSegments },
    );
    const stored = await deps.store.createDigest(
      keys.digest('sms', hour, watchlistId),
      alert,
      entries.map((e) => e.key),
      now,
    );
    await deps.store.clearSmsBacklog(stored.members, id);
    if (stored.created) created++;
  }
  return created;
}

/**
 * From `hour` (UTC) on, stores the daily e-mail digest of the previous UTC day for each
 * watchlist that matched anything that day, once (keyed by day and watchlist).
 * @returns the number of digests stored now
 */
export async function buildDailyDigests(
  deps: DigestDeps & { watchlists: readonly { id: string }[]; hour: number },
): Promise<number> {
  const now = (deps.now ?? (() => new Date()))();
  if (now.getUTCHours() < deps.hour) return 0;
  const today = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  const from = new Date(today.getTime() - DAY_MS).toISOString();
  const day = from.slice(0, 10);
  let created = 0;
  for (const { id: watchlistId } of deps.watchlists) {
    const key = keys.digest('email', day, watchlistId);
    if (await deps.store.digestExists(key)) continue;
    const matches = await deps.store.listMatchesBetween(watchlistId, from, today.toISOString());
    if (matches.length === 0) continue;
    const id = `digest:email:${day}:${watchlistId}`;
    const alert = formatEmailDigest(
      { id, watchlistId, watchlistName: matches[0]!.watchlistName, from, to: today.toISOString() },
      matches,
    );
    if ((await deps.store.createDigest(key, alert, [], now)).created) created++;
  }
  return created;
}
