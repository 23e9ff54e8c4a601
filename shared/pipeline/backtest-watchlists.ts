import type { Story } from '../stories/story';
import { compileMatcher } from '../watchlists/compile-matcher';
import type { WatchlistHit } from '../watchlists/story-match';
import type { Watchlist } from '../watchlists/watchlist';
import { isEnabled } from '../config/watchlist-enabled';

/** A story and why it matches (or matched) a watchlist. */
export interface BacktestHit {
  story: Story;
  hit: WatchlistHit;
}

/** What an edited watchlist would change over stored stories. */
export interface BacktestResult {
  watchlistId: string;
  /** Stories scanned. */
  stories: number;
  /** Match with the edit, did not with what runs. */
  newlyMatching: BacktestHit[];
  /** Matched with what runs, would not with the edit. */
  stopMatching: BacktestHit[];
  /** Stories that match both. */
  stillMatching: number;
}

/**
 * Runs the edited and the running version of each watchlist over `stories` with the
 * compiled matcher, without writing anything. A watchlist new to the table is compared with
 * nothing; a disabled one matches nothing (that is what the pipeline would do).
 */
export function backtestWatchlists(
  edited: Watchlist[],
  running: Map<string, Watchlist>,
  stories: Story[],
): BacktestResult[] {
  const compile = (watchlists: (Watchlist | undefined)[]) =>
    compileMatcher(watchlists.filter((w): w is Watchlist => !!w && isEnabled(w)));
  // One matcher per side for all the watchlists: each story is scanned twice, not twice per watchlist.
  const after = compile(edited);
  const before = compile(edited.map((w) => running.get(w.id)));
  const results = new Map<string, BacktestResult>(
    edited.map((w) => [
      w.id,
      { watchlistId: w.id, stories: stories.length, newlyMatching: [], stopMatching: [], stillMatching: 0 },
    ]),
  );
  for (const story of stories) {
    const now = new Map(after.match(story).map((h) => [h.watchlistId, h]));
    const then = new Map(before.match(story).map((h) => [h.watchlistId, h]));
    for (const [id, result] of results) {
      const a = now.get(id);
      const b = then.get(id);
      if (a && b) result.stillMatching++;
      else if (a) result.newlyMatching.push({ story, hit: a });
      else if (b) result.stopMatching.push({ story, hit: b });
    }
  }
  return [...results.values()];
}
