/** ok: the last poll worked; failing: recent polls failed, backing off; disabled: failing for long, polled rarely until it answers. */
export type FeedStatus = 'ok' | 'failing' | 'disabled';

/** What the pipeline remembers about a feed between polls (one item per feed in the table). */
export interface FeedState {
  feedId: string;
  /** The URL these validators and ids belong to; a changed URL in feeds.yaml starts afresh. */
  url?: string;
  /** Validators for the next conditional GET. */
  etag?: string;
  lastModified?: string;
  /** ISO times. */
  lastCheckedAt?: string;
  lastSuccessAt?: string;
  /** Not polled before this time (backoff, Retry-After, Cache-Control max-age, RSS ttl). */
  nextCheckAt?: string;
  /** Consecutive failed polls; 0 after a success. */
  errorCount: number;
  /** The one-line reason of the last failure, and when it happened. */
  lastError?: string;
  lastErrorAt?: string;
  status: FeedStatus;
  /**
   * ISO time the current run of failures began (the first failed poll after a success);
   * absent while the feed works. The ops alarm on long-failing feeds reads it.
   */
  failingSince?: string;
  /** What the last successful poll could not do in full (its body held more items than are read), or absent. */
  note?: string;
  /** Stories stored from this feed, in all. */
  storiesSeen: number;
  /**
   * Ids of the stories in the feed's last body. The next poll skips them without a read:
   * a failed conditional write still costs a write unit, and a read costs too.
   */
  seenIds?: string[];
}

/** The state of a feed never polled. */
export function initialFeedState(feedId: string, url?: string): FeedState {
  return { feedId, url, errorCount: 0, status: 'ok', storiesSeen: 0 };
}
