import type { FeedState } from '../feeds/feed-state';
import type { Story } from '../stories/story';
import type { StoryMatch } from '../watchlists/story-match';

/**
 * The pipeline's port to storage: DynamoDB in AWS, dynalite locally. Reads and writes come in
 * batches (BatchGetItem, BatchWriteItem): on a cycle of a thousand feeds, one request per
 * story would cost more than everything else together.
 *
 * Exactly-once alerts rest on two rules. The pipeline writes a match only for a story it
 * found unknown ({@link unknownStories}), and writes matches before their stories, so a
 * crash in between finds the stories unknown again and redoes both. And a match is written
 * only if it does not exist (its alert ledger is kept): only its first write is alerted.
 */
export interface Repository {
  getFeedState(feedId: string): Promise<FeedState | undefined>;
  /** The states of many feeds at once; feeds never polled are absent from the map. */
  getFeedStates(feedIds: readonly string[]): Promise<Map<string, FeedState>>;
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
  /**
   * Stores matches of stories found unknown, each unless it exists (a conditional write), and
   * returns those stored now: only these are alerted (the stream INSERT of their first write).
   */
  putMatches(matches: StoryMatch[]): Promise<StoryMatch[]>;
  /** Matches of one watchlist, oldest first. */
  listMatches(watchlistId: string): Promise<StoryMatch[]>;
}
