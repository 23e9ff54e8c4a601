import type { AlertKind } from './alert';

/**
 * One notice a channel could not deliver and the deliverer gave up on: refused for good (a
 * 4xx other than 408 and 429) or still failing after the give-up age. It is kept so ops can
 * see it, fix the destination and replay it by hand; the other channels are not affected.
 */
export interface DeadLetter {
  /** The record's version; it only grows. */
  version: 1;
  /** The ledger's name of the channel (`webhook:siem`). */
  channel: string;
  /** The notice's delivery id (`<storyId>:<watchlistId>`, `digest:...`). */
  noticeId: string;
  kind: AlertKind;
  watchlist: string;
  /** The last failure, one line (never a URL or secret). */
  reason: string;
  /** Why it was given up: refused for good, or still failing when it became too old. */
  cause: 'refused' | 'expired';
  /** ISO time it was given up. */
  at: string;
  /** What the channel would have sent (see `Channel.deadLetterBody`). */
  body?: unknown;
}

/** Where dead letters go: an SQS queue in AWS, a JSON-lines file in the local run. */
export interface DeadLetterSink {
  /** Stores every letter, or throws (the deliverer then keeps the notices pending). */
  put(letters: readonly DeadLetter[]): Promise<void>;
}
