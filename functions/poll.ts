import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describeError, QueueMessageError } from '../shared/errors';
import type { FetchFeedOptions } from '../shared/feeds/fetch-feed';
import { FeedStateWriter } from '../shared/pipeline/feed-state-writer';
import { METRICS, pollMetrics } from '../shared/pipeline/pipeline-metrics';
import { batchFailure, parseLimitsFromEnv, pollFeedMessage } from '../shared/pipeline/poll-message';
import { DynamoRepository } from '../shared/store/dynamo-repository';
import type { Matcher } from '../shared/watchlists/compile-matcher';
import { FunctionRuntime, runningConfig } from './runtime';

// Built once per container. The watchlists are read from the table (what ops applied at run
// time) through a cache with a max age: warm invocations reuse the compiled matcher, and a
// change takes effect within a minute without a redeploy.
const runtime = new FunctionRuntime();
const { obs } = runtime;
const repository = new DynamoRepository(runtime.dynamo, runtime.tableName, {
  storyTtlDays: process.env.STORY_TTL_DAYS ? Number(process.env.STORY_TTL_DAYS) : undefined,
});
const cachedConfig = runningConfig(runtime);
const processor = new BatchProcessor(EventType.SQS);
// AWS mode: only public addresses. Loopback in a Lambda reaches the runtime API, and
// link-local reaches the metadata endpoints; a feed URL (or a redirect) must never get there.
// The stack never sets NEWSALERT_ALLOW_LOOPBACK; tests that run this handler against a feed
// server on 127.0.0.1 do (the rule is configuration, not a code fork).
const fetchOptions: FetchFeedOptions = { allowLoopback: process.env.NEWSALERT_ALLOW_LOOPBACK === 'true' };
// Items read per feed and CPU per feed (docs/feeds.md); unset, the defaults of parse-feed.
const parseLimits = parseLimitsFromEnv(process.env);

/**
 * Polls the feed of one queue message. A feed that fails (HTTP error, bad XML) is not a failed
 * record: pollFeed records it in the feed's state and the dispatcher's schedule retries it.
 * A record fails only when it cannot be handled at all (malformed message, a throw), and SQS
 * then redelivers it, up to the dead-letter queue.
 */
async function pollRecord(
  record: SQSRecord,
  matcher: Matcher,
  states: FeedStateWriter,
  failures: Map<string, unknown>,
): Promise<void> {
  try {
    await pollMessage(record, matcher, states);
  } catch (err) {
    failures.set(record.messageId, err);
    if (err instanceof QueueMessageError) {
      obs.record([{ name: METRICS.malformedMessages, unit: 'Count', value: 1 }]);
      obs.logger.warn('malformed poll message', { messageId: record.messageId, error: describeError(err) });
    }
    throw err;
  }
}

async function pollMessage(record: SQSRecord, matcher: Matcher, states: FeedStateWriter): Promise<void> {
  const { result, dispatchedAt } = await pollFeedMessage(record.body, record.messageId, {
    repository,
    matcher,
    fetchOptions,
    parseLimits,
    states,
  });
  obs.record(pollMetrics(result));
  const { newMatches, error, state, ...fields } = result;
  const logged = { ...fields, errorCount: state.errorCount, nextCheckAt: state.nextCheckAt, dispatchedAt };
  if (error)
    obs.logger.warn(state.status === 'disabled' ? 'feed disabled' : 'feed failed', { ...logged, error });
  else obs.logger.info('feed polled', { ...logged, newMatches: newMatches.length });
}

/** SQS poll queue → one feed per record, partial batch responses (Powertools Batch). */
export const handler = obs.instrument(async (event: SQSEvent, context) => {
  const config = await cachedConfig.get();
  for (const problem of config.problems) obs.logger.warn('config entry skipped', { problem });
  const states = new FeedStateWriter(repository);
  const failures = new Map<string, unknown>();
  try {
    const response = await processPartialResponse(
      event,
      (record: SQSRecord) => pollRecord(record, config.matcher, states, failures),
      processor,
      { context, throwOnFullBatchFailure: false },
    );
    // A batch that failed whole pages ops (an invocation error); malformed messages alone do not.
    const failed = batchFailure(event.Records.length, [...failures.values()]);
    if (failed) throw failed;
    return response;
  } finally {
    await states.flush();
    for (const warning of states.warnings) obs.logger.warn('feed state not saved', { warning });
  }
});
