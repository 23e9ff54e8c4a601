import type { FeedConfig } from '../feeds/feed-config';

/** A feed that could not be put on the poll queue, and why. */
export interface EnqueueFailure {
  feedId: string;
  reason: string;
}

/**
 * Where the dispatch stage puts due feeds for the poll stage: the SQS poll queue in AWS
 * (`sqs-feed-queue.ts`), memory in the local run (`memory-feed-queue.ts`). Messages are
 * `toFeedMessage` bodies either way.
 */
export interface FeedQueue {
  /** Enqueues one message per feed; resolves with the feeds that could not be enqueued. */
  enqueue(feeds: readonly FeedConfig[], dispatchedAt: Date): Promise<EnqueueFailure[]>;
}
