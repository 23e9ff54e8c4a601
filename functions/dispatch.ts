import { SQSClient } from '@aws-sdk/client-sqs';
import { DispatchError } from '../shared/errors';
import { dispatchDueFeeds } from '../shared/pipeline/dispatch-due-feeds';
import { dispatchMetrics } from '../shared/pipeline/pipeline-metrics';
import { SqsFeedQueue } from '../shared/pipeline/sqs-feed-queue';
import { DynamoRepository } from '../shared/store/dynamo-repository';
import { FunctionRuntime, runningConfig } from './runtime';

const runtime = new FunctionRuntime();
const { obs } = runtime;
const repository = new DynamoRepository(runtime.dynamo, runtime.tableName);
// The feed list that runs: read from the table (run-time edits included), cached with a max age.
const cachedConfig = runningConfig(runtime);
const queue = new SqsFeedQueue(obs.capture(new SQSClient({})), runtime.required('QUEUE_URL'));

/**
 * Scheduled: puts one poll-queue message per due feed. Feeds that could not be enqueued stay
 * due for the next run; the invocation then fails, so the function-errors alarm sees it.
 */
export const handler = obs.instrument(async () => {
  const { feeds } = await cachedConfig.get();
  const summary = await dispatchDueFeeds({ feeds, repository, queue });
  obs.record(dispatchMetrics(summary));
  const { failed, ...totals } = summary;
  obs.logger.info('feeds dispatched', { ...totals, notDispatched: failed.length });
  if (failed.length > 0) {
    for (const f of failed) obs.logger.warn('feed not dispatched', { feedId: f.feedId, reason: f.reason });
    throw new DispatchError(
      `${failed.length} of ${summary.due} due feed(s) not dispatched, e.g. ${failed[0]!.feedId}: ${failed[0]!.reason}`,
    );
  }
  return totals;
});
