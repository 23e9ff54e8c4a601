import type { DynamoDBStreamEvent } from 'aws-lambda';
import { notifyFromStream } from '../shared/pipeline/notify-stream';
import { METRICS, alertMetrics } from '../shared/pipeline/pipeline-metrics';
import { matchesFromStream } from '../shared/store/stream-matches';
import { openDelivery } from './delivery';
import { FunctionRuntime } from './runtime';

const runtime = new FunctionRuntime();
const { obs } = runtime;
const delivery = openDelivery(runtime);

/** Table stream (new match items) → alerts on every channel that is on, once each. A throw makes Lambda retry/bisect. */
export const handler = obs.instrument(async (event: DynamoDBStreamEvent) => {
  const report = await notifyFromStream(event, delivery);
  // notifyFromStream resolved: every channel accepted every alert delivered now.
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
