import type { FeedState } from './feed-state';
import type { Story } from '../stories/story';
import type { StoryMatch } from '../watchlists/story-match';

/**
 * The pipeline's port to storage: DynamoDB in AWS, dynalite locally. Reads and writes come
 * in batches where the pipeline has many (feed states, stories); a match, which triggers an
 * alert, is written alone and conditionally, so it is stored and alerted exactly once.
 */
export interface Repository {
  getFeedState(feedId: string): Promise<FeedState | undefined>;
  /** States of many feeds; feeds never polled are absent from the map. */
  getFeedStates(feedIds: string[]): Promise<Map<string, FeedState>>;
  putFeedState(state: FeedState): Promise<void>;
  /** Writes many feed states. */
  putFeedStates(states: FeedState[]): Promise<void>;
  /** The stories among these that are not stored yet (only their keys are read), in input order. */
  unknownStories(stories: Story[]): Promise<Story[]>;
  /**
   * Stores stories, unconditionally: pass the result of {@link unknownStories}. Writing a
   * story again writes the same item (same id, same text), so a rerun duplicates nothing.
   */
  putStories(stories: Story[]): Promise<void>;
  /** Stores the match unless it exists; true when it was new (and so must be alerted). */
  putMatchIfNew(match: StoryMatch): Promise<boolean>;
  /** Matches of one watchlist, oldest first. */
  listMatches(watchlistId: string): Promise<StoryMatch[]>;
}
