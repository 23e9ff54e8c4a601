import { redactText } from './redact';

/**
 * The project's error hierarchy. Every error names the thing it is about (a feed URL,
 * a watchlist id, a file and line) in its message, so a one-line report is enough to act on.
 */

/** Base class: lets callers tell our own, expected failures from programming errors. */
export class NewsAlertError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A feed could not be fetched: network error, timeout, HTTP status, body too large, refused address. */
export class FeedFetchError extends NewsAlertError {
  constructor(
    readonly url: string,
    reason: string,
    options?: { cause?: unknown; status?: number; retryAfter?: string },
  ) {
    // `url` keeps the URL as given; the message (logged, stored as the feed's last error) hides its secrets.
    super(redactText(`${url}: ${reason}`), options);
    this.status = options?.status;
    this.retryAfter = options?.retryAfter;
  }
  /** The HTTP status, when the server answered. */
  readonly status?: number;
  /** The Retry-After header of a 429 or 503, as sent (seconds or an HTTP date). */
  readonly retryAfter?: string;
}

/** A feed body was fetched but is not a feed we can read. */
export class FeedParseError extends NewsAlertError {
  constructor(
    readonly url: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(redactText(`${url}: ${reason}`), options);
  }
}

/** A configuration file (feeds.yaml, a watchlist) is missing or invalid. */
export class ConfigError extends NewsAlertError {}

/** A watchlist is invalid; the message names its file (and line where known). */
export class WatchlistError extends ConfigError {}

/**
 * A watchlist rule, or one of its terms, cannot be read. `offset` is where in the rule (or
 * term) text the problem is (0-based); `column` is the same, 1-based, for messages.
 */
export class QuerySyntaxError extends WatchlistError {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }

  get column(): number {
    return this.offset + 1;
  }
}

/** The store (DynamoDB or the local dynalite) failed. */
export class StoreError extends NewsAlertError {}

/** Publishing an alert failed. */
export class PublishError extends NewsAlertError {}

/** The one-line text of any error, for logs and the CLI (no stack), secrets in URLs redacted. */
export function describeError(err: unknown): string {
  if (err instanceof NewsAlertError) return redactText(err.message);
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return redactText(`${err.message}${cause}`);
  }
  return redactText(String(err));
}

/** A subscriber's address or choice is invalid, or the subscription cannot be made. */
export class SubscriptionError extends NewsAlertError {}
/**
 * A config entry changed between reading it and writing the next version (someone else
 * applied meanwhile). Nothing was written; rerunning the command works on the new state.
 */
export class ConfigConflictError extends NewsAlertError {}

/** A message on the poll queue is not one the dispatcher writes; the message id says which. */
export class QueueMessageError extends NewsAlertError {}

/** Some due feeds could not be put on the poll queue; they stay due for the next run. */
export class DispatchError extends NewsAlertError {}

/** A WebSub hub refused or failed a subscription request; the message names the hub and the topic. */
export class WebSubError extends NewsAlertError {}
