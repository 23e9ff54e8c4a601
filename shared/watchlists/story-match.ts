import type { Story } from '../stories/story';

/** Alert priority: subscribers may take SMS only for `high`. */
export type Priority = 'high' | 'normal';

/** One place in the story where an alias or term of the watchlist was found. */
export interface TermHit {
  /** The alias or term as written in the watchlist (`Зеленськ*`, `peace plan`). */
  term: string;
  /** The actor id, when the term is one of its aliases. */
  actor?: string;
  field: 'title' | 'summary';
  /** UTF-16 offsets into the field (into its NFC form when NFC changes it, which feeds rarely need). */
  start: number;
  end: number;
  /** The text found (`Зеленського` for `Зеленськ*`). */
  text: string;
}

/** Why a story matched one watchlist. */
export interface WatchlistHit {
  watchlistId: string;
  watchlistName: string;
  /** Ids of the actors mentioned, in the watchlist's order. */
  actors: string[];
  /** The watchlist terms (not aliases) that made the rule true, as written in the watchlist. */
  terms: string[];
  // The fields below are always set by the matcher; matches stored before they existed lack them.
  /** `high` when a priority rule of the watchlist holds. */
  priority?: Priority;
  /** Names of the priority rules that hold. */
  priorityReasons?: string[];
  /** Relevance: 3 per actor (+2 when in the title), 1 per term (+1 when in the title). */
  score?: number;
  /** Title and summary with the hits marked (`*Putin*`), cut around them. */
  snippet?: string;
  /** Every alias and term occurrence that made the rule true, in text order. */
  hits?: TermHit[];
}

/**
 * A story that matched a watchlist: what is stored once and alerted once. Its priority is a
 * string: stored matches keep what the matcher of their day wrote (alerts read it with
 * `priorityOf`).
 */
export interface StoryMatch extends Omit<WatchlistHit, 'priority'> {
  priority?: string;
  story: Story;
  /** ISO time the match was made. */
  matchedAt: string;
}
