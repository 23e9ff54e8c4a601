import type { FeedConfig } from '../feeds/feed-config';
import { mapLimit } from './map-limit';
import { pollFeed, type FeedPollResult, type PollDeps } from './poll-feed';

/** Options for {@link runCycle}. */
export interface CycleOptions extends PollDeps {
  feeds: FeedConfig[];
  /**
   * Feeds polled at the same time.
   * @default 8
   */
  concurrency?: number;
  /** Called as each feed finishes, for progress output. */
  onFeed?: (result: FeedPollResult) => void;
}

/** Totals of one cycle. */
export interface CycleSummary {
  feeds: number;
  newFeeds: number;
  notModified: number;
  failed: number;
  newStories: number;
  results: FeedPollResult[];
}

/** Polls every feed once, with bounded concurrency, and sums up what happened. */
export async function runCycle(options: CycleOptions): Promise<CycleSummary> {
  const results = await mapLimit(options.feeds, options.concurrency ?? 8, async (feed) => {
    const result = await pollFeed(feed, options);
    options.onFeed?.(result);
    return result;
  });
  return {
    feeds: results.length,
    newFeeds: results.filter((r) => r.outcome === 'new').length,
    notModified: results.filter((r) => r.outcome === 'not-modified').length,
    failed: results.filter((r) => r.outcome === 'failed').length,
    newStories: results.reduce((n, r) => n + r.newStories, 0),
    results,
  };
}

/** Every new match of a cycle, in feed order. */
export function newMatchesOf(summary: CycleSummary) {
  return summary.results.flatMap((r) => r.newMatches);
}
