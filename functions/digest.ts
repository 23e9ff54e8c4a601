import { randomUUID } from 'node:crypto';
import { runDigests } from '../shared/pipeline/run-digests';
import { METRICS } from '../shared/pipeline/pipeline-metrics';
import { openDelivery } from './delivery';
import { FunctionRuntime, runningConfig } from './runtime';

const runtime = new FunctionRuntime();
const { obs } = runtime;
const delivery = openDelivery(runtime);
// The watchlists of the daily e-mail digest: what runs now, read from the table as the poll
// function does (run-time edits included).
const cachedConfig = runningConfig(runtime);

/** Hourly: SMS digests of alerts over the cap, the daily e-mail digest when due, and a sweep of pending alerts. */
export const handler = obs.instrument(async () => {
  const { watchlists } = await cachedConfig.get();
  const report = await runDigests(delivery, {
    // Its own owner per run: an overlapping run (a retry) must not take over live claims.
    owner: `digest:${randomUUID()}`,
    watchlists,
    dailyDigestHour: delivery.settings.dailyDigestHour,
    sweepAfterMinutes: delivery.settings.sweepAfterMinutes,
  });
  const { published, failed, ...counts } = report.delivery;
  const summary = {
    smsDigests: report.smsDigests,
    dailyDigests: report.dailyDigests,
    published: published.length,
    failed: failed.length,
    ...counts,
  };
  // Alerts the sweep delivered late count as sent; digests are one message each.
  obs.record([{ name: METRICS.alertsSent, unit: 'Count', value: published.length }]);
  const log = failed.length ? obs.logger.warn.bind(obs.logger) : obs.logger.info.bind(obs.logger);
  log('digest run done', { ...summary, failures: failed.map((f) => f.reason) });
  return summary;
});
