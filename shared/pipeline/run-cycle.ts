import { describeError } from '../errors';
import type { FeedConfig } from '../feeds/feed-config';
import { isDue } from '../feeds/poll-schedule';
import type { FeedState } from '../store/feed-state';
import type { Repository } from '../store/repository';
import type { StoryMatch } from '../watchlists/story-match';
import { mapLimit } from '../util/map-limit';
import { pollFeed, type FeedPollResult, type PollDeps } from './poll-feed';
import { Semaphore } from '../util/semaphore';

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

/** Feed states saved per batch: a crash loses the bookkeeping of at most this many feeds. */
const STATE_BATCH = 25;

/**
 * Polls every due feed once, with bounded concurrency, and sums up what happened. Feed
 * states are read in batches up front and written in batches as feeds finish, each after
 * its feed's stories are stored. Fetching and storing overlap: a feed waiting for the store
 * does not hold up the fetching of others.
 */
export async function runCycle(options: CycleOptions): Promise<CycleSummary> {
  const now = options.now ?? (() => new Date());
  const states = await options.repository.getFeedStates(options.feeds.map((f) => f.id));
  const cycleStart = now();
  const due = options.force
    ? options.feeds
    : options.feeds.filter((f) => isDue(states.get(f.id), cycleStart));
  const writer = new StateWriter(options.repository);
  const concurrency = options.concurrency ?? 48;
  const fetching = new Semaphore(concurrency);
  const results = await mapLimit(due, options.inFlight ?? 3 * concurrency, async (feed) => {
    await fetching.acquire();
    let fetched = false;
    const release = () => {
      if (!fetched) fetching.release();
      fetched = true;
    };
    try {
      const result = await pollFeed(feed, options, states.get(feed.id), release);
      release();
      await writer.add(result.state);
      options.onFeed?.(result);
      return result;
    } finally {
      release();
    }
  });
  await writer.flush();
  return {
    feeds: options.feeds.length,
    newFeeds: results.filter((r) => r.outcome === 'new').length,
    notModified: results.filter((r) => r.outcome === 'not-modified').length,
    failed: results.filter((r) => r.outcome === 'failed').length,
    notDue: options.feeds.length - due.length,
    newStories: results.reduce((n, r) => n + r.newStories, 0),
    results,
    warnings: writer.warnings,
  };
}

/** Every new match of a cycle, in feed order. */
export function newMatchesOf(summary: CycleSummary): StoryMatch[] {
  return summary.results.flatMap((r) => r.newMatches);
}

/** Buffers feed states and writes them in batches. */
class StateWriter {
  private buffer: FeedState[] = [];
  readonly warnings: string[] = [];

  constructor(private readonly repository: Repository) {}

  async add(state: FeedState): Promise<void> {
    this.buffer.push(state);
    if (this.buffer.length >= STATE_BATCH) await this.flush();
  }

  async flush(): Promise<void> {
    const batch = this.buffer;
    this.buffer = [];
    if (batch.length === 0) return;
    try {
      await this.repository.putFeedStates(batch);
    } catch (err) {
      // The stories are stored; only the bookkeeping is lost, and the next poll redoes it.
      this.warnings.push(
        `feed states of ${batch.map((s) => s.feedId).join(', ')} not saved: ${describeError(err)}`,
      );
    }
  }
}
