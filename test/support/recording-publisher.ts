import type { Alert, AlertPublisher, PublishResult } from '../../shared/alerts/alert';

/**
 * A publisher that records what it was given, and fails the alerts `fail` picks (as SNS
 * does for single entries of a batch), for tests of the delivery bookkeeping.
 */
export class RecordingPublisher implements AlertPublisher {
  readonly sent: Alert[] = [];
  fail: (alert: Alert) => boolean = () => false;

  async publish(alerts: Alert[]): Promise<PublishResult> {
    const result: PublishResult = { published: [], failed: [] };
    for (const alert of alerts) {
      if (this.fail(alert)) result.failed.push({ alert, reason: `${alert.id}: InternalError` });
      else {
        this.sent.push(alert);
        result.published.push({ alert, messageId: `m-${this.sent.length}` });
      }
    }
    return result;
  }
}
