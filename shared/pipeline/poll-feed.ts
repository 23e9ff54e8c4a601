import { describeError, FeedFetchError, StoreError } from '../errors';
import { decodeBody } from '../feeds/decode-body';
import type { FeedConfig } from '../feeds/feed-config';
import { fetchFeed, type FetchFeedOptions } from '../feeds/fetch-feed';
import { parseFeed, type ParseLimits } from '../feeds/parse-feed';
import { afterFailure, afterSuccess, type ScheduleOptions } from '../feeds/poll-schedule';
import { initialFeedState, type FeedState, type FeedStatus } from '../feeds/feed-state';
import type { Repository } from '../store/repository';
import type { Story } from '../stories/story';
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
  /** Items left out of the body because it held more than the item cap (the oldest), when any were. */
  itemsCut?: number;
  /** Matches stored for the first time: each one must be alerted. */
  newMatches: StoryMatch[];
  /** One line naming the reason, when the poll failed. */
  error?: string;
  /** The feed's status after this poll. */
  status: FeedStatus;
  /** The feed's state after this poll, to be saved by the caller (see runCycle). */
  state: FeedState;
}

/** What a poll needs from the outside. */
export interface PollDeps {
  repository: Repository;
  matcher: Matcher;
  /** Fetch options, the SSRF policy among them (AWS mode, no loopback, unless `allowLoopback`). */
  fetchOptions?: FetchFeedOptions;
  /** Backoff and next-check rules. */
  schedule?: ScheduleOptions;
  /** What one feed may cost to read: items kept, CPU time (defaults in shared/feeds/parse-feed). */
  parseLimits?: ParseLimits;
  /** The clock (tests pass a fake one). @default () => new Date() */
  now?: () => Date;
}

/** Ids remembered per feed to skip known stories without a read; a feed body rarely has more. */
const MAX_SEEN_IDS = 1000;

/**
 * Polls one feed: conditional fetch, decode, parse, skip known stories, match the new ones,
 * store their matches and then the stories (in batches). A failure is returned, never thrown, so one broken feed cannot stop a
 * cycle. Returns the feed's next state; the caller saves it, after the stories are stored.
 *
 * @param previous the feed's saved state, if the caller has read it already
 * @param fetched called once the body is fetched and parsed (or the poll failed before), when
 *   the memory it held is free: the caller may start fetching another feed
 */
export async function pollFeed(
  feed: FeedConfig,
  deps: PollDeps,
  previous?: FeedState,
  fetched?: () => void,
): Promise<FeedPollResult> {
  const now = (deps.now ?? (() => new Date()))();
  const fetchedAt = now.toISOString();
  const saved = previous ?? (await deps.repository.getFeedState(feed.id).catch(() => undefined));
  // A new URL in feeds.yaml: the old validators and ids belong to another document.
  let state: FeedState =
    saved && (!saved.url || saved.url === feed.url)
      ? { ...saved, url: feed.url }
      : { ...initialFeedState(feed.id, feed.url), storiesSeen: saved?.storiesSeen ?? 0 };
  const result: FeedPollResult = {
    feedId: feed.id,
    url: feed.url,
    outcome: 'failed',
    storiesInFeed: 0,
    newStories: 0,
    newMatches: [],
    status: state.status,
    state,
  };
  try {
    const response = await fetchFeed(
      feed.url,
      { etag: state.etag, lastModified: state.lastModified },
      deps.fetchOptions,
    );
    if (response.status === 'not-modified') {
      result.outcome = 'not-modified';
      state = {
        ...afterSuccess(state, now, response, deps.schedule),
        etag: response.etag ?? state.etag,
        lastModified: response.lastModified ?? state.lastModified,
      };
    } else {
      const parsed = await parseFeed(decodeBody(response.body, response.contentType).text, {
        feedId: feed.id,
        url: response.finalUrl,
        fetchedAt,
        lang: feed.lang,
        contentType: response.contentType,
        limits: deps.parseLimits,
      });
      fetched?.();
      result.storiesInFeed = parsed.stories.length;
      if (parsed.cut > 0) result.itemsCut = parsed.cut;
      const { fresh, matches } = await newStoriesAndMatches(parsed.stories, saved, state, deps, fetchedAt);
      // Matches before stories: after a crash in between, the stories are still unknown and
      // both are written again; a match that exists already is not written again (its alert
      // ledger stays as it is), so it is not alerted twice (see Repository).
      result.newMatches = await deps.repository.putMatches(matches);
      await deps.repository.putStories(fresh);
      result.newStories = fresh.length;
      result.outcome = 'new';
      state = {
        ...afterSuccess(
          state,
          now,
          { cacheControl: response.cacheControl, ttlMinutes: parsed.ttlMinutes },
          deps.schedule,
        ),
        etag: response.etag,
        lastModified: response.lastModified,
        seenIds: parsed.stories.slice(0, MAX_SEEN_IDS).map((s) => s.id),
        storiesSeen: state.storiesSeen + fresh.length,
        note:
          parsed.cut > 0
            ? `the last body held ${parsed.itemsInFeed} items: only the newest ${parsed.itemsInFeed - parsed.cut} were read (the item cap)`
            : undefined,
      };
    }
  } catch (err) {
    result.outcome = 'failed';
    result.error = describeError(err);
    // Our own store failing is not the publisher's fault: no backoff, and the state is kept
    // as it was, so the next cycle fetches the feed again in full.
    if (!(err instanceof StoreError))
      state = afterFailure(
        state,
        now,
        result.error,
        err instanceof FeedFetchError ? err.retryAfter : undefined,
        deps.schedule,
      );
  }
  // When the current run of failures began, for the ops alarm on long-failing feeds.
  if (result.outcome !== 'failed') state = { ...state, failingSince: undefined };
  else if (state.errorCount > 0) state = { ...state, failingSince: state.failingSince ?? fetchedAt };
  result.state = state;
  result.status = state.status;
  return result;
}

/**
 * The stories of a body not stored before, and their matches. Stories in the feed's last body
 * (its seen ids) are skipped without a read; the others are looked up, except on a feed's
 * first poll, when nothing of it can be stored yet. (After a first poll that crashed midway,
 * its stories are written again, identically, and its matches again: in AWS a second write is
 * a stream MODIFY, never alerted; locally the crashed run had not alerted yet.)
 */
async function newStoriesAndMatches(
  stories: Story[],
  saved: FeedState | undefined,
  state: FeedState,
  deps: PollDeps,
  matchedAt: string,
): Promise<{ fresh: Story[]; matches: StoryMatch[] }> {
  const seen = new Set(state.seenIds);
  const candidates = stories.filter((s) => !seen.has(s.id));
  const fresh = saved?.seenIds ? await deps.repository.unknownStories(candidates) : candidates;
  const matches = fresh.flatMap((story) =>
    deps.matcher.match(story).map((hit): StoryMatch => Object.assign({}, hit, { story, matchedAt })),
  );
  return { fresh, matches };
}
