import type { Story } from '../stories/story';

/** Why a story matched one watchlist. */
export interface WatchlistHit {
  watchlistId: string;
  watchlistName: string;
  /** Ids of the actors mentioned. */
  actors: string[];
  /** The watchlist keywords found, as written in the watchlist. */
  terms: string[];
}

/** A story that matched a watchlist: what is stored once and alerted once. */
export interface StoryMatch extends WatchlistHit {
  story: Story;
  /** ISO time the match was made. */
  matchedAt: string;
}
