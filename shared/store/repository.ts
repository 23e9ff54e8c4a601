import type { FeedState } from './feed-state';
import type { Story } from '../stories/story';
import type { StoryMatch } from '../watchlists/story-match';

/** The pipeline's port to storage: DynamoDB in AWS, dynalite locally. */
export interface Repository {
  getFeedState(feedId: string): Promise<FeedState | undefined>;
  /** The states of many feeds at once (eventually consistent); feeds never polled are absent from the map. */
  getFeedStates(feedIds: readonly string[]): Promise<Map<string, FeedState>>;
  putFeedState(state: FeedState): Promise<void>;
  /** Stores the story unless one with its id exists; true when it was new. */
  putStoryIfNew(story: Story): Promise<boolean>;
  /** Stores the match unless it exists; true when it was new (and so must be alerted). */
  putMatchIfNew(match: StoryMatch): Promise<boolean>;
  /** Matches of one watchlist, oldest first. */
  listMatches(watchlistId: string): Promise<StoryMatch[]>;
}
