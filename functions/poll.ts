import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { parseConfigJson } from '../shared/config/app-config';
import { runCycle } from '../shared/pipeline/run-cycle';
import { DynamoRepository } from '../shared/store/dynamo-repository';
import { compileMatcher } from '../shared/watchlists/compile-matcher';

// Built once per container: the config is bundled at synth (NEWSALERT_CONFIG), so a cold
// start compiles the matcher once and warm invocations reuse it.
const config = parseConfigJson(process.env.NEWSALERT_CONFIG);
const repository = new DynamoRepository(new DynamoDBClient({}), process.env.TABLE_NAME ?? '');
const matcher = compileMatcher(config.watchlists);

/** Scheduled poll: one cycle over every configured feed. New matches reach the stream. */
export const handler = async () => {
  const summary = await runCycle({
    feeds: config.feeds,
    repository,
    matcher,
    onFeed: (r) => {
      if (r.error) console.warn(JSON.stringify({ level: 'WARN', message: 'feed failed', feed: r.feedId, error: r.error }));
    },
  });
  const { results: _results, ...totals } = summary;
  console.log(JSON.stringify({ level: 'INFO', message: 'cycle done', ...totals }));
  return totals;
};
