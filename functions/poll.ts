import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { readBundledConfig } from '../shared/config/bundled-config';
import { parseFeedMessage } from '../shared/pipeline/feed-message';
import { pollMetrics } from '../shared/pipeline/pipeline-metrics';
import { pollFeed } from '../shared/pipeline/poll-feed';
import { DynamoRepository } from '../shared/store/dynamo-repository';
import { compileMatcher } from '../shared/watchlists/compile-matcher';
import { Observability } from './observability';

// Built once per container: the watchlists are baked into the bundle at synth
// (NEWSALERT_CONFIG), so a cold start compiles the matcher once and warm invocations reuse it.
const obs = new Observability();
const config = readBundledConfig(process.env.NEWSALERT_CONFIG);
const repository = new DynamoRepository(obs.tracer.captureAWSv3Client(new DynamoDBClient({})), process.env.TABLE_NAME ?? '', {
  storyTtlDays: process.env.STORY_TTL_DAYS ? Number(process.env.STORY_TTL_DAYS) : undefined,
});
const matcher = compileMatcher(config.watchlists);
const processor = new BatchProcessor(EventType.SQS);

/**
 * Polls the feed of one queue message. A feed that fails (HTTP error, bad XML) is not a failed
 * record: pollFeed records it in the feed's state and the dispatcher's schedule retries it.
 * A record fails only when it cannot be handled at all (malformed message, a throw), and SQS
 * then redelivers it, up to the dead-letter queue.
 */
async function pollRecord(record: SQSRecord): Promise<void> {
  const { feed, dispatchedAt } = parseFeedMessage(record.body, `message ${record.messageId}`);
  const result = await pollFeed(feed, { repository, matcher });
  obs.record(pollMetrics(result));
  const { newMatches, error, ...fields } = result;
  if (error) obs.logger.warn('feed failed', { ...fields, error, dispatchedAt });
  else obs.logger.info('feed polled', { ...fields, newMatches: newMatches.length, dispatchedAt });
}

/** SQS poll queue → one feed per record, partial batch responses (Powertools Batch). */
export const handler = obs.instrument((event: SQSEvent, context) => processPartialResponse(event, pollRecord, processor, { context }));
