import type { Priority } from '../watchlists/story-match';
import type { SparseVector } from './story-features';

/**
 * One development of one watchlist: the reports that make one alert. This is the record a
 * store keeps (one item per cluster); everything the next decision needs is in it, so placing
 * a story reads only the candidate clusters, never the stories behind them.
 */
export interface StoryCluster {
  /** `cl-` and 20 hex digits, derived from the watchlist and the story that opened it. */
  id: string;
  watchlistId: string;
  /** The opening story and its (capped) published time: the alert that was sent. */
  openedBy: string;
  openedAt: string;
  /** The latest member's time. */
  lastAt: string;
  /** Member story ids in the order they joined (the opener first). */
  storyIds: string[];
  /** The highest priority of any member: an update alert is sent when a join raises it. */
  priority: Priority;
  /** The opener's phase: an announcement and its outcome are two developments. */
  phase: 'announced' | 'reported';
  /** Person actors quoted in the members' headlines. */
  speakers: string[];
  /** Person actors named in the members' headlines. */
  headlinePersons: string[];
  /** The opener's headline ordinals (`ord:2` for "second day"). */
  ordinals: string[];
  /** Weekdays and dates the members name. */
  weekdays: string[];
  dates: string[];
  /** SimHashes of the first members, for reprint checks. */
  simhashes: string[];
  /** Centroid of the members' language-independent sub-vectors (a sum; cosine ignores scale). */
  neutral: SparseVector;
  /** Centroid of the members' bags of words, one per language. */
  tokens: Record<string, SparseVector>;
  /** Incremented on every change: the store's condition for an optimistic write. */
  version: number;
}
