import { PublishBatchCommand, type PublishBatchRequestEntry, type SNSClient } from '@aws-sdk/client-sns';
import { PublishError } from '../errors';
import type { Alert, AlertPublisher } from './alert';

/** PublishBatch takes at most 10 entries. */
export const SNS_BATCH_LIMIT = 10;

/** Publishes alerts to one SNS topic with per-protocol texts (`MessageStructure: 'json'`). */
export class SnsAlertPublisher implements AlertPublisher {
  constructor(
    private readonly sns: SNSClient,
    private readonly topicArn: string,
  ) {}

  async publish(alerts: Alert[]): Promise<void> {
    for (let i = 0; i < alerts.length; i += SNS_BATCH_LIMIT) {
      const batch = alerts.slice(i, i + SNS_BATCH_LIMIT);
      let out;
      try {
        out = await this.sns.send(new PublishBatchCommand({ TopicArn: this.topicArn, PublishBatchRequestEntries: batch.map(toEntry) }));
      } catch (cause) {
        throw new PublishError(`${this.topicArn}: publish failed: ${(cause as Error).message}`, { cause });
      }
      // PublishBatch answers 200 even when some entries fail: those must not pass silently.
      const failed = out.Failed ?? [];
      if (failed.length > 0) {
        const detail = failed.map((f) => `${f.Id}: ${f.Code ?? ''} ${f.Message ?? ''}`.trim()).join('; ');
        throw new PublishError(`${this.topicArn}: ${failed.length} of ${batch.length} alerts not published (${detail})`);
      }
    }
  }
}

/** One alert as a PublishBatch entry. The id must be unique in the batch and at most 80 characters. */
export function toEntry(alert: Alert, index: number): PublishBatchRequestEntry {
  return {
    Id: `${index}-${alert.storyId}`.slice(0, 80),
    Subject: alert.subject,
    MessageStructure: 'json',
    Message: JSON.stringify({ default: alert.default, email: alert.email, sms: alert.sms }),
    MessageAttributes: alert.attributes,
  };
}
