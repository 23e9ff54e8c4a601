/** A watchlist runs unless it says `enabled: false` (the field is optional). */
export function isEnabled(watchlist: object): boolean {
  return (watchlist as { enabled?: unknown }).enabled !== false;
}

/**
 * A watchlist with `enabled` spelled out, for diffs: a file without the field and one
 * saying `enabled: true` mean the same, and disabling shows as `enabled: true -> false`.
 */
export function withEnabled<T extends object>(watchlist: T): T & { enabled: boolean } {
  return { ...watchlist, enabled: isEnabled(watchlist) };
}
