import type { FeedConfig } from '../feeds/feed-config';
import type { EnqueueFailure, FeedQueue } from './feed-queue';
import { parseFeedMessage, toFeedMessage, type FeedMessage } from './feed-message';

/**
 * The poll queue of the local run: the same message bodies as on SQS, held in memory until
 * the poll stage takes them.
 */
export class MemoryFeedQueue implements FeedQueue {
  private bodies: string[] = [];

  async enqueue(feeds: readonly FeedConfig[], dispatchedAt: Date): Promise<EnqueueFailure[]> {
    for (const feed of feeds) this.bodies.push(toFeedMessage(feed, dispatchedAt));
    return [];
  }

  /** Takes every message queued so far, in order. */
  drain(): FeedMessage[] {
    const bodies = this.bodies;
    this.bodies = [];
    return bodies.map((body, i) => parseFeedMessage(body, `local message ${i + 1}`));
  }
}
