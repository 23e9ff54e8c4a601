import { randomUUID } from 'node:crypto';
import { parseConfigJson } from '../shared/config/app-config';
import { awsDelivery } from '../shared/pipeline/aws-delivery';
import { runDigests } from '../shared/pipeline/run-digests';

const delivery = awsDelivery();
// The watchlists (for the daily e-mail digest) are baked in at synth, as in the poll function.
const watchlists = process.env.NEWSALERT_CONFIG ? parseConfigJson(process.env.NEWSALERT_CONFIG).watchlists : [];

/** Hourly: SMS digests of alerts over the cap, the daily e-mail digest when due, and a sweep of pending alerts. */
export const handler = async () => {
  const report = await runDigests(delivery, {
    // Its own owner per run: an overlapping run (a retry) must not take over live claims.
    owner: `digest:${randomUUID()}`,
    watchlists,
    dailyDigestHour: delivery.settings.dailyDigestHour,
    sweepAfterMinutes: delivery.settings.sweepAfterMinutes,
  });
  const { published, failed, ...counts } = report.delivery;
  const summary = { smsDigests: report.smsDigests, dailyDigests: report.dailyDigests, published: published.length, failed: failed.length, ...counts };
  console.log(JSON.stringify({ level: failed.length ? 'WARN' : 'INFO', message: 'digest run done', ...summary, failures: failed.map((f) => f.reason) }));
  return summary;
};
