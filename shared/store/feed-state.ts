/** What the pipeline remembers about a feed between polls. */
export interface FeedState {
  feedId: string;
  /** Validators for the next conditional GET. */
  etag?: string;
  lastModified?: string;
  /** ISO times. */
  lastCheckedAt?: string;
  lastSuccessAt?: string;
  /** Consecutive failed polls; 0 after a success. */
  errorCount: number;
  lastError?: string;
  status: 'ok' | 'failing';
  /**
   * ISO time the current run of failures began (the first failed poll after a success);
   * absent while the feed works. The ops alarm on long-failing feeds reads it.
   */
  failingSince?: string;
  /** ISO time the feed is next due; absent means due now. The dispatcher reads it. */
  nextCheckAt?: string;
  /** Stories stored from this feed, in all. */
  storiesSeen: number;
}

/** The state of a feed never polled. */
export function initialFeedState(feedId: string): FeedState {
  return { feedId, errorCount: 0, status: 'ok', storiesSeen: 0 };
}
