import { SqsDeadLetters } from '../shared/alerts/sqs-dead-letters';
import { describeError } from '../shared/errors';
import { buildDelivery, type Delivery } from '../shared/pipeline/build-delivery';
import { channelMetrics } from '../shared/pipeline/pipeline-metrics';
import { runningConfig, type FunctionRuntime } from './runtime';

/**
 * Delivery as the alerting functions (notify, digest) use it: the ledger on the table, the
 * channels that are on, the destinations' dead-letter queue (`DEAD_LETTER_QUEUE_URL`), and per
 * channel kind a metric of what was sent, failed and dead-lettered. Apart from the runtime so
 * the poll and dispatch bundles do not carry the channels.
 */
export function openDelivery(runtime: FunctionRuntime): Delivery {
  const config = runningConfig(runtime);
  const { obs } = runtime;
  const queueUrl = runtime.env.DEAD_LETTER_QUEUE_URL?.trim();
  return buildDelivery(runtime.dynamo, runtime.tableName, {
    env: runtime.env,
    capture: obs.capture,
    watchlists: async () => (await config.get()).watchlists,
    ...(queueUrl ? { deadLetters: new SqsDeadLetters(queueUrl, { capture: obs.capture }) } : {}),
    onChannelOutcomes: (outcomes) => {
      obs.record(channelMetrics(outcomes));
      for (const o of outcomes)
        if (o.failed + o.deadLettered > 0)
          obs.logger.warn('destination failing', {
            channel: o.channel,
            sent: o.sent,
            failed: o.failed,
            deadLettered: o.deadLettered,
            reason: o.lastError,
          });
    },
    onStatusError: (id, error) =>
      obs.logger.warn('destination status not recorded', { destination: id, reason: describeError(error) }),
  });
}
