import { SNSClient } from '@aws-sdk/client-sns';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { SnsAlertPublisher } from '../shared/alerts/sns-publisher';
import { notifyMatches } from '../shared/pipeline/notify-matches';
import { alertMetrics } from '../shared/pipeline/pipeline-metrics';
import { matchesFromStream } from '../shared/store/stream-matches';
import { Observability } from './observability';

const obs = new Observability();
const publisher = new SnsAlertPublisher(obs.tracer.captureAWSv3Client(new SNSClient({})), process.env.TOPIC_ARN ?? '');

/** Table stream (new match items) → alerts on the SNS topic. A throw makes Lambda retry/bisect. */
export const handler = obs.instrument(async (event: DynamoDBStreamEvent) => {
  const matches = matchesFromStream(event);
  const alerts = await notifyMatches(matches, publisher);
  // publish() resolved: SNS accepted every alert of the batch, now.
  obs.record(alertMetrics(matches, new Date()));
  obs.logger.info('alerts published', { count: alerts.length });
});
