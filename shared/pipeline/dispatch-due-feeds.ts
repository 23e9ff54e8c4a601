import type { FeedConfig } from '../feeds/feed-config';
import type { FeedState } from '../feeds/feed-state';
import { isDue } from '../feeds/poll-schedule';
import type { Repository } from '../store/repository';
import type { EnqueueFailure, FeedQueue } from './feed-queue';

export type { EnqueueFailure, FeedQueue } from './feed-queue';
export { isDue } from '../feeds/poll-schedule';

/** What {@link dispatchDueFeeds} needs. */
export interface DispatchOptions {
  /** Every configured feed. */
  feeds: readonly FeedConfig[];
  repository: Pick<Repository, 'getFeedStates'>;
  queue: FeedQueue;
  /** The feeds' states when the caller has read them already (the local run reads them once for both stages). */
  states?: ReadonlyMap<string, FeedState>;
  /** Dispatch every feed, due or not. @default false */
  force?: boolean;
  /** The clock (tests pass a fake one). @default () => new Date() */
  now?: () => Date;
}

/** What one dispatch run did, plus the health of all feeds (read anyway, so reported). */
export interface DispatchSummary {
  /** Configured feeds. */
  feeds: number;
  /** Feeds due now. */
  due: number;
  /** Due feeds put on the queue. */
  dispatched: number;
  /** Due feeds that could not be put on the queue; they stay due. */
  failed: EnqueueFailure[];
  /** Feeds whose last poll failed. */
  failingFeeds: number;
  /** How long the longest current run of failures has lasted, in seconds (0 when none fails). */
  longestFailureSeconds: number;
}

/**
 * Reads every configured feed's state, puts one message per due feed on the poll queue and
 * sums up the feeds' health. A feed that cannot be enqueued is reported, not thrown, so the
 * others still go out; it stays due and the next run tries it again.
 */
export async function dispatchDueFeeds(options: DispatchOptions): Promise<DispatchSummary> {
  const now = (options.now ?? (() => new Date()))();
  const states = options.states ?? (await options.repository.getFeedStates(options.feeds.map((f) => f.id)));
  const due = options.force ? options.feeds : options.feeds.filter((feed) => isDue(states.get(feed.id), now));
  const failed = due.length > 0 ? await options.queue.enqueue(due, now) : [];

  let failingFeeds = 0;
  let longestFailureSeconds = 0;
  for (const feed of options.feeds) {
    const state = states.get(feed.id);
    if (state?.status !== 'failing') continue;
    failingFeeds++;
    const since = Date.parse(state.failingSince ?? state.lastSuccessAt ?? '');
    if (!Number.isNaN(since))
      longestFailureSeconds = Math.max(longestFailureSeconds, Math.floor((now.getTime() - since) / 1000));
  }
  return {
    feeds: options.feeds.length,
    due: due.length,
    dispatched: due.length - failed.length,
    failed,
    failingFeeds,
    longestFailureSeconds,
  };
}
