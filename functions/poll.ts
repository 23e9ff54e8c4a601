import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { parseConfigJson } from '../shared/config/load-config';
import type { FetchFeedOptions } from '../shared/feeds/fetch-feed';
import { runCycle } from '../shared/pipeline/run-cycle';
import { DynamoRepository } from '../shared/store/dynamo-repository';
import { compileMatcher } from '../shared/watchlists/compile-matcher';

// Built once per container: the config is bundled at synth (NEWSALERT_CONFIG), so a cold
// start compiles the matcher once and warm invocations reuse it.
const config = parseConfigJson(process.env.NEWSALERT_CONFIG);
const repository = new DynamoRepository(new DynamoDBClient({}), process.env.TABLE_NAME ?? '');
const matcher = compileMatcher(config.watchlists);
// AWS mode: only public addresses. Loopback in a Lambda reaches the runtime API, and
// link-local reaches the metadata endpoints; a feed URL (or a redirect) must never get there.
const fetchOptions: FetchFeedOptions = { allowLoopback: false };
const concurrency = Number(process.env.POLL_CONCURRENCY) || 48;

/** Scheduled poll: one cycle over every due feed. New matches reach the stream. */
export const handler = async () => {
  const summary = await runCycle({
    feeds: config.feeds,
    repository,
    matcher,
    fetchOptions,
    concurrency,
    onFeed: (r) => {
      if (r.error) console.warn(JSON.stringify({ level: 'WARN', message: r.status === 'disabled' ? 'feed disabled' : 'feed failed', feed: r.feedId, status: r.status, errorCount: r.state.errorCount, error: r.error }));
    },
  });
  const { results: _results, warnings, ...totals } = summary;
  for (const warning of warnings) console.warn(JSON.stringify({ level: 'WARN', message: warning }));
  console.log(JSON.stringify({ level: 'INFO', message: 'cycle done', ...totals }));
  return totals;
};
