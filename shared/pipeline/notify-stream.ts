import type { DynamoDBStreamEvent } from 'aws-lambda';
import { PublishError } from '../errors';
import type { DeliveryDeps, DeliveryReport } from './deliver-alerts';
import { newMatchesFromStream } from './new-matches';
import { notifyNewMatches } from './notify-matches';

/**
 * The notify function's use case: the new match items of a stream batch, alerted once each.
 * When some alerts could not be published (after the publisher's own retries) it throws
 * after marking the others sent, so Lambda retries the batch (and bisects it): the retry
 * sends only what is still owed. After the last retry the batch goes to the DLQ, and the
 * scheduled sweep still sends what it left pending.
 */
export async function notifyFromStream(
  event: DynamoDBStreamEvent,
  deps: DeliveryDeps,
): Promise<DeliveryReport> {
  const records = newMatchesFromStream(event);
  const report = await notifyNewMatches(records, deps);
  if (report.failed.length > 0) {
    throw new PublishError(
      `${report.failed.length} of ${records.length} alerts not published (the batch is retried; those sent are not sent again): ${report.failed.map((f) => f.reason).join('; ')}`,
    );
  }
  return report;
}
