import type { FeedConfig } from '../feeds/feed-config';
import type { FeedState } from '../feeds/feed-state';
import { mapLimit } from '../util/map-limit';
import { Semaphore } from '../util/semaphore';
import type { StoryMatch } from '../watchlists/story-match';
import { dispatchDueFeeds } from './dispatch-due-feeds';
import { FeedStateWriter } from './feed-state-writer';
import { MemoryFeedQueue } from './memory-feed-queue';
import { pollFeed, type FeedPollResult, type PollDeps } from './poll-feed';

/** Options for {@link runCycle}. */
export interface CycleOptions extends PollDeps {
  feeds: FeedConfig[];
  /**
   * Feeds fetched (and parsed) at the same time: at most this many bodies are in memory.
   * @default 48
   */
  concurrency?: number;
  /**
   * Feeds in progress at the same time, fetching or storing. A feed gives its fetch slot back
   * once parsed, so fetching goes on while the store is busy; its parsed stories (small, and
   * bounded by the body) wait for the store. Bounded so a slow store cannot make them pile up.
   * @default 3 x concurrency
   */
  inFlight?: number;
  /**
   * Poll every feed, even those whose next check (backoff, Retry-After, max-age, ttl) has not come.
   * @default false
   */
  force?: boolean;
  /** Called as each feed finishes, for progress output. */
  onFeed?: (result: FeedPollResult) => void;
}

/** Totals of one cycle. */
export interface CycleSummary {
  /** Feeds configured. */
  feeds: number;
  newFeeds: number;
  notModified: number;
  failed: number;
  /** Feeds skipped because their next check has not come. */
  notDue: number;
  newStories: number;
  results: FeedPollResult[];
  /** Problems that did not fail a feed (saving feed states), one line each. */
  warnings: string[];
}

/**
 * One cycle of the local run, as the same stages as in AWS: dispatch the due feeds to a
 * memory queue (SQS in AWS), then poll what the queue holds ({@link pollFeeds}, the poll
 * function's stage). Feed states are read once, in batches, for both stages.
 */
export async function runCycle(options: CycleOptions): Promise<CycleSummary> {
  const states = await options.repository.getFeedStates(options.feeds.map((f) => f.id));
  const queue = new MemoryFeedQueue();
  const dispatch = await dispatchDueFeeds({
    feeds: options.feeds,
    repository: options.repository,
    queue,
    states,
    force: options.force,
    now: options.now,
  });
  const polled = await pollFeeds(
    queue.drain().map((m) => m.feed),
    options,
    states,
  );
  const { results } = polled;
  return {
    feeds: options.feeds.length,
    newFeeds: results.filter((r) => r.outcome === 'new').length,
    notModified: results.filter((r) => r.outcome === 'not-modified').length,
    failed: results.filter((r) => r.outcome === 'failed').length,
    notDue: options.feeds.length - dispatch.due,
    newStories: results.reduce((n, r) => n + r.newStories, 0),
    results,
    warnings: polled.warnings,
  };
}

/** Every new match of a cycle, in feed order. */
export function newMatchesOf(summary: Pick<CycleSummary, 'results'>): StoryMatch[] {
  return summary.results.flatMap((r) => r.newMatches);
}

/**
 * The poll stage, in AWS (one SQS batch) and locally (one cycle's queue): polls each feed
 * with bounded concurrency and saves its state after its stories, through the one
 * {@link FeedStateWriter}. Fetching and storing overlap: a feed waiting for the store does
 * not hold up the fetching of others.
 * @param states the feeds' states when read already; the others are read per feed
 */
export async function pollFeeds(
  feeds: readonly FeedConfig[],
  options: Omit<CycleOptions, 'feeds' | 'force'>,
  states?: ReadonlyMap<string, FeedState>,
): Promise<{ results: FeedPollResult[]; warnings: string[] }> {
  const writer = new FeedStateWriter(options.repository);
  const concurrency = options.concurrency ?? 48;
  const fetching = new Semaphore(concurrency);
  const results = await mapLimit(feeds, options.inFlight ?? 3 * concurrency, async (feed) => {
    await fetching.acquire();
    let fetched = false;
    const release = () => {
      if (!fetched) fetching.release();
      fetched = true;
    };
    try {
      const result = await pollFeed(feed, options, states?.get(feed.id), release);
      release();
      await writer.add(result.state);
      options.onFeed?.(result);
      return result;
    } finally {
      release();
    }
  });
  await writer.flush();
  return { results, warnings: writer.warnings };
}
