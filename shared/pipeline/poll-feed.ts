import { describeError } from '../errors';
import { decodeBody } from '../feeds/decode-body';
import type { FeedConfig } from '../feeds/feed-config';
import { fetchFeed, type FetchFeedOptions } from '../feeds/fetch-feed';
import { parseFeed } from '../feeds/parse-feed';
import { initialFeedState, type FeedState } from '../store/feed-state';
import type { Repository } from '../store/repository';
import type { Matcher } from '../watchlists/compile-matcher';
import type { StoryMatch } from '../watchlists/story-match';

/** What polling one feed did. */
export interface FeedPollResult {
  feedId: string;
  url: string;
  outcome: 'new' | 'not-modified' | 'failed';
  /** Stories in the feed body (0 on 304 or failure). */
  storiesInFeed: number;
  /** Stories stored for the first time. */
  newStories: number;
  /** Matches stored for the first time: each one must be alerted. */
  newMatches: StoryMatch[];
  /** One line naming the reason, when the poll failed. */
  error?: string;
}

/** What a poll needs from the outside. */
export interface PollDeps {
  repository: Repository;
  matcher: Matcher;
  fetchOptions?: FetchFeedOptions;
  /** The clock (tests pass a fake one). @default () => new Date() */
  now?: () => Date;
}

/**
 * Polls one feed: conditional fetch, parse, store new stories, match them and store new
 * matches. A failure is recorded in the feed's state and returned, never thrown, so one
 * broken feed cannot stop a cycle. Story and match writes are conditional, so a rerun after a
 * crash stores nothing twice.
 */
export async function pollFeed(feed: FeedConfig, deps: PollDeps): Promise<FeedPollResult> {
  const now = deps.now ?? (() => new Date());
  const fetchedAt = now().toISOString();
  const result: FeedPollResult = { feedId: feed.id, url: feed.url, outcome: 'failed', storiesInFeed: 0, newStories: 0, newMatches: [] };
  let state: FeedState = initialFeedState(feed.id);
  try {
    state = (await deps.repository.getFeedState(feed.id)) ?? state;
    const fetched = await fetchFeed(feed.url, { etag: state.etag, lastModified: state.lastModified }, deps.fetchOptions);
    if (fetched.status === 'not-modified') {
      result.outcome = 'not-modified';
    } else {
      const parsed = await parseFeed(decodeBody(fetched.body, fetched.contentType), { feedId: feed.id, url: fetched.finalUrl, fetchedAt });
      result.outcome = 'new';
      result.storiesInFeed = parsed.stories.length;
      for (const story of parsed.stories) {
        if (!(await deps.repository.putStoryIfNew(story))) continue;
        result.newStories++;
        for (const hit of deps.matcher.match(story)) {
          const match: StoryMatch = { ...hit, story, matchedAt: fetchedAt };
          if (await deps.repository.putMatchIfNew(match)) result.newMatches.push(match);
        }
      }
      // Validators are saved only after the stories are stored: a crash before this point
      // refetches the whole feed next time instead of skipping stories never stored.
      state = { ...state, etag: fetched.etag, lastModified: fetched.lastModified };
    }
    state = { ...state, lastCheckedAt: fetchedAt, lastSuccessAt: fetchedAt, errorCount: 0, lastError: undefined, status: 'ok', failingSince: undefined, storiesSeen: state.storiesSeen + result.newStories };
  } catch (err) {
    result.outcome = 'failed';
    result.error = describeError(err);
    state = { ...state, lastCheckedAt: fetchedAt, errorCount: state.errorCount + 1, lastError: result.error, status: 'failing', failingSince: state.failingSince ?? fetchedAt, storiesSeen: state.storiesSeen + result.newStories };
  }
  try {
    await deps.repository.putFeedState(state);
  } catch (err) {
    // The stories are stored; only the bookkeeping is lost, and the next poll redoes it.
    result.error ??= describeError(err);
  }
  return result;
}
