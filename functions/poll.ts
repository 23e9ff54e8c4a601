import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CachedConfig } from '../shared/config/running-config';
import { runCycle } from '../shared/pipeline/run-cycle';
import { ConfigRepository } from '../shared/store/config-repository';
import { DynamoRepository } from '../shared/store/dynamo-repository';

// Built once per container. The feeds and watchlists are read from the table (what ops
// applied at run time) through a cache with a max age, so warm invocations reuse them and a
// change takes effect within a minute without a redeploy.
const client = new DynamoDBClient({});
const repository = new DynamoRepository(client, process.env.TABLE_NAME ?? '');
const runningConfig = new CachedConfig(new ConfigRepository(client, process.env.TABLE_NAME ?? ''), {
  onStaleRead: (error) => console.warn(JSON.stringify({ level: 'WARN', message: 'config read failed; using the last good one', error })),
});

/** Scheduled poll: one cycle over every configured feed. New matches reach the stream. */
export const handler = async () => {
  const config = await runningConfig.get();
  for (const problem of config.problems) console.warn(JSON.stringify({ level: 'WARN', message: 'config entry skipped', problem }));
  const summary = await runCycle({
    feeds: config.feeds,
    repository,
    matcher: config.matcher,
    onFeed: (r) => {
      if (r.error) console.warn(JSON.stringify({ level: 'WARN', message: 'feed failed', feed: r.feedId, error: r.error }));
    },
  });
  const { results: _results, ...totals } = summary;
  console.log(JSON.stringify({ level: 'INFO', message: 'cycle done', ...totals }));
  return totals;
};
