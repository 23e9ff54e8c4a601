import { QueueMessageError } from '../errors';
import type { FeedConfig } from '../feeds/feed-config';

/**
 * The body of one poll-queue message: the feed to poll, whole, so the poller needs no
 * feed list of its own (and a feed added to the config is polled as soon as it is
 * dispatched).
 */
export interface FeedMessage {
  feed: FeedConfig;
  /** ISO time the dispatcher sent it; logged, to spot a backed-up queue. */
  dispatchedAt: string;
}

/** The message body for `feed`. */
export function toFeedMessage(feed: FeedConfig, dispatchedAt: Date): string {
  const message: FeedMessage = { feed, dispatchedAt: dispatchedAt.toISOString() };
  return JSON.stringify(message);
}

/**
 * Reads a message body written by {@link toFeedMessage}.
 * @param messageId names the message in the error
 * @throws QueueMessageError when the body is not such a message
 */
export function parseFeedMessage(body: string, messageId = 'message'): FeedMessage {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (cause) {
    throw new QueueMessageError(`${messageId}: body is not JSON: ${JSON.stringify(body.slice(0, 80))}`, {
      cause,
    });
  }
  const feed = (value as { feed?: Partial<FeedConfig> } | null)?.feed;
  if (typeof feed?.id !== 'string' || typeof feed.url !== 'string') {
    throw new QueueMessageError(
      `${messageId}: expected {"feed":{"id":…,"url":…},"dispatchedAt":…}, got ${JSON.stringify(body.slice(0, 80))}`,
    );
  }
  return value as FeedMessage;
}
