import type { DynamoDBStreamEvent } from 'aws-lambda';
import { awsDelivery } from '../shared/pipeline/aws-delivery';
import { notifyFromStream } from '../shared/pipeline/notify-stream';
import { METRICS, alertMetrics } from '../shared/pipeline/pipeline-metrics';
import { matchesFromStream } from '../shared/store/stream-matches';
import { Observability } from './observability';

const obs = new Observability();
const delivery = awsDelivery(process.env, obs.capture);

/** Table stream (new match items) → alerts on the SNS topic, once each. A throw makes Lambda retry/bisect. */
export const handler = obs.instrument(async (event: DynamoDBStreamEvent) => {
  const report = await notifyFromStream(event, delivery);
  // notifyFromStream resolved: SNS accepted every alert published now.
  const sent = new Set(report.published.map((a) => `${a.watchlist}\n${a.storyId}`));
  const matches = matchesFromStream(event).filter((m) => sent.has(`${m.watchlistId}\n${m.story.id}`));
  obs.record([
    ...alertMetrics(matches, new Date()),
    { name: METRICS.alertsCapped, unit: 'Count', value: report.smsDeferred },
  ]);
  const { published, failed: _failed, ...counts } = report;
  obs.logger.info('alerts delivered', { published: published.length, ...counts });
  return { published: published.length, ...counts };
});
