import type { FeedState } from './feed-state';
import type { Story } from '../stories/story';
import type { StoryMatch } from '../watchlists/story-match';

/**
 * The pipeline's port to storage: DynamoDB in AWS, dynalite locally. Reads and writes come in
 * batches (BatchGetItem, BatchWriteItem): on a cycle of a thousand feeds, one request per
 * story would cost more than everything else together.
 *
 * Exactly-once alerts rest on two rules. The pipeline writes a match only for a story it
 * found unknown ({@link unknownStories}), and writes matches before their stories, so a
 * crash in between finds the stories unknown again and redoes both. And a match item written
 * a second time is a MODIFY in the table stream, which the notify function ignores (it takes
 * INSERTs only): only the first write of a match is ever alerted.
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
  /** Stores matches of stories found unknown; the first write of each match triggers its alert (stream INSERT). */
  putMatches(matches: StoryMatch[]): Promise<void>;
  /** Matches of one watchlist, oldest first. */
  listMatches(watchlistId: string): Promise<StoryMatch[]>;
}
