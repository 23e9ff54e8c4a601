import { setTimeout as sleep } from 'node:timers/promises';
import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { describeError } from '../errors';
import type { FeedConfig } from '../feeds/feed-config';
import type { EnqueueFailure, FeedQueue } from './feed-queue';
import { toFeedMessage } from './feed-message';
import { mapLimit } from '../util/map-limit';

/** SendMessageBatch takes at most 10 entries. */
export const SQS_BATCH_LIMIT = 10;

/** Options of {@link SqsFeedQueue}. */
export interface SqsFeedQueueOptions {
  /**
   * SendMessageBatch calls in flight at once (5,000 feeds are 500 calls).
   * @default 8
   */
  concurrency?: number;
  /**
   * Times an entry that failed on the service side (not a malformed one) is sent again.
   * @default 2
   */
  retries?: number;
}

/**
 * The poll queue on SQS: one message per feed, sent ten at a time with SendMessageBatch.
 * SendMessageBatch answers 200 even when some entries fail, so each answer's `Failed` list
 * is read: entries failed by the service are sent again, those failed by us (SenderFault)
 * and those still failing are reported.
 */
export class SqsFeedQueue implements FeedQueue {
  private readonly concurrency: number;
  private readonly retries: number;

  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    options: SqsFeedQueueOptions = {},
  ) {
    this.concurrency = options.concurrency ?? 8;
    this.retries = options.retries ?? 2;
  }

  async enqueue(feeds: readonly FeedConfig[], dispatchedAt: Date): Promise<EnqueueFailure[]> {
    const batches: FeedConfig[][] = [];
    for (let i = 0; i < feeds.length; i += SQS_BATCH_LIMIT) batches.push(feeds.slice(i, i + SQS_BATCH_LIMIT));
    const failures = await mapLimit(batches, this.concurrency, (batch) =>
      this.sendBatch(batch, dispatchedAt),
    );
    return failures.flat();
  }

  private async sendBatch(batch: FeedConfig[], dispatchedAt: Date): Promise<EnqueueFailure[]> {
    // Entry ids only need to be unique within one call; the index keeps them within SQS's charset.
    let pending = batch.map((feed, i): [string, FeedConfig] => [String(i), feed]);
    const failures: EnqueueFailure[] = [];
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await sleep(100 * 2 ** attempt);
      const entries: SendMessageBatchRequestEntry[] = pending.map(([id, feed]) => ({
        Id: id,
        MessageBody: toFeedMessage(feed, dispatchedAt),
      }));
      let failed: { Id?: string; SenderFault?: boolean; Code?: string; Message?: string }[];
      try {
        const out = await this.sqs.send(
          new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }),
        );
        failed = out.Failed ?? [];
      } catch (err) {
        // The SDK has already retried the call itself; the whole batch failed.
        const reason = describeError(err);
        failed = pending.map(([id]) => ({
          Id: id,
          SenderFault: false,
          Code: 'RequestFailed',
          Message: reason,
        }));
      }
      const byId = new Map(pending);
      pending = [];
      for (const f of failed) {
        const feed = byId.get(f.Id ?? '');
        if (!feed) continue;
        if (!f.SenderFault && attempt < this.retries) pending.push([f.Id!, feed]);
        else
          failures.push({
            feedId: feed.id,
            reason: `${this.queueUrl}: ${[f.Code, f.Message].filter(Boolean).join(': ')}`,
          });
      }
    }
    return failures;
  }
}
