import type { FeedConfig } from '../feeds/feed-config';
import type { FeedState } from '../store/feed-state';
import type { Repository } from '../store/repository';

/** A feed that could not be put on the poll queue, and why. */
export interface EnqueueFailure {
  feedId: string;
  reason: string;
}

/** Where due feeds go to be polled: the SQS poll queue in AWS. */
export interface FeedQueue {
  /** Enqueues one message per feed; resolves with the feeds that could not be enqueued. */
  enqueue(feeds: readonly FeedConfig[], dispatchedAt: Date): Promise<EnqueueFailure[]>;
}

/** What {@link dispatchDueFeeds} needs. */
export interface DispatchOptions {
  /** Every configured feed. */
  feeds: readonly FeedConfig[];
  repository: Pick<Repository, 'getFeedStates'>;
  queue: FeedQueue;
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

/** A feed never polled, without a next-check time, or whose next-check time has come, is due. */
export function isDue(state: FeedState | undefined, now: Date): boolean {
  if (!state?.nextCheckAt) return true;
  const next = Date.parse(state.nextCheckAt);
  // An unreadable time must not park a feed for ever.
  return Number.isNaN(next) || next <= now.getTime();
}

/**
 * Reads every configured feed's state, puts one message per due feed on the poll queue and
 * sums up the feeds' health. A feed that cannot be enqueued is reported, not thrown, so the
 * others still go out; it stays due and the next run tries it again.
 */
export async function dispatchDueFeeds(options: DispatchOptions): Promise<DispatchSummary> {
  const now = (options.now ?? (() => new Date()))();
  const states = await options.repository.getFeedStates(options.feeds.map((f) => f.id));
  const due = options.feeds.filter((feed) => isDue(states.get(feed.id), now));
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
