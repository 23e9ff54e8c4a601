import { PublishBatchCommand, type PublishBatchRequestEntry, type SNSClient } from '@aws-sdk/client-sns';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeError } from '../errors';
import type { Alert, AlertPublisher, PublishResult } from './alert';
import { entryProblem, splitBatches, SNS_LIMITS } from './sns-limits';

/** PublishBatch takes at most 10 entries. */
export const SNS_BATCH_LIMIT = SNS_LIMITS.batchEntries;

/** Options of {@link SnsAlertPublisher}. */
export interface SnsPublisherOptions {
  /**
   * Attempts per alert, counting the first: an entry that fails with a server-side fault
   * (or a batch whose call throws) is sent again, alone with the other failures.
   * @default 4
   */
  maxAttempts?: number;
  /**
   * Backoff before the second attempt; it doubles each time, with full jitter.
   * @default 100
   */
  baseDelayMs?: number;
  /** Waits between attempts (tests pass one that does not wait). @default timers/promises setTimeout */
  sleep?: (ms: number) => Promise<unknown>;
}

type Entry = PublishBatchRequestEntry & { Id: string };

/**
 * Publishes alerts to one SNS topic with per-protocol texts (`MessageStructure: 'json'`).
 * PublishBatch answers HTTP 200 even when some entries fail; those entries, and only those,
 * are retried with exponential backoff. Entries SNS rejects as the sender's fault (bad
 * parameters) are not retried: they would fail the same way.
 */
export class SnsAlertPublisher implements AlertPublisher {
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly sleep: (ms: number) => Promise<unknown>;

  constructor(
    private readonly sns: SNSClient,
    private readonly topicArn: string,
    options: SnsPublisherOptions = {},
  ) {
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 4);
    this.baseDelayMs = options.baseDelayMs ?? 100;
    this.sleep = options.sleep ?? sleep;
  }

  async publish(alerts: Alert[]): Promise<PublishResult> {
    const result: PublishResult = { published: [], failed: [] };
    const byId = new Map<string, Alert>();
    let pending: Entry[] = [];
    alerts.forEach((alert, index) => {
      const entry = toEntry(alert, index);
      const problem = entryProblem(entry);
      if (problem) result.failed.push({ alert, reason: `${this.topicArn}: alert ${alert.id}: ${problem}` });
      else {
        byId.set(entry.Id, alert);
        pending.push(entry);
      }
    });
    for (let attempt = 1; pending.length > 0; attempt++) {
      const retry: Entry[] = [];
      const last = attempt >= this.maxAttempts;
      for (const batch of splitBatches(pending)) {
        let out;
        try {
          out = await this.sns.send(
            new PublishBatchCommand({ TopicArn: this.topicArn, PublishBatchRequestEntries: batch }),
          );
        } catch (err) {
          if (last)
            for (const e of batch)
              result.failed.push({
                alert: byId.get(e.Id)!,
                reason: `${this.topicArn}: ${describeError(err)}`,
              });
          else retry.push(...batch);
          continue;
        }
        for (const ok of out.Successful ?? []) {
          const alert = ok.Id ? byId.get(ok.Id) : undefined;
          if (alert) result.published.push({ alert, messageId: ok.MessageId });
        }
        // An entry SNS reports neither way (it should not happen) is treated as not sent.
        const answered = new Set([...(out.Successful ?? []), ...(out.Failed ?? [])].map((e) => e.Id));
        for (const entry of batch.filter((e) => !answered.has(e.Id))) {
          if (last)
            result.failed.push({
              alert: byId.get(entry.Id)!,
              reason: `${this.topicArn}: alert ${byId.get(entry.Id)!.id}: no answer from SNS`,
            });
          else retry.push(entry);
        }
        for (const failed of out.Failed ?? []) {
          const entry = batch.find((e) => e.Id === failed.Id);
          if (!entry) continue;
          const reason = `${this.topicArn}: alert ${byId.get(entry.Id)!.id}: ${failed.Code ?? 'error'}${failed.Message ? ` ${failed.Message}` : ''}`;
          if (failed.SenderFault || last) result.failed.push({ alert: byId.get(entry.Id)!, reason });
          else retry.push(entry);
        }
      }
      pending = retry;
      if (pending.length > 0) await this.sleep(Math.random() * this.baseDelayMs * 2 ** (attempt - 1));
    }
    return result;
  }
}

/** One alert as a PublishBatch entry. The id must be unique in the batch and at most 80 characters. */
export function toEntry(alert: Alert, index: number): Entry {
  return {
    Id: `${index}-${alert.storyId}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80),
    Subject: alert.subject,
    MessageStructure: 'json',
    Message: JSON.stringify({ default: alert.default, email: alert.email, sms: alert.sms }),
    MessageAttributes: alert.attributes,
  };
}
