import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { esbuildOptions } from '../../infra/bundling';
import { REPO_ROOT } from '../../infra/context';
import { seedConfig } from '../../shared/config/seed-config';
import { toFeedMessage } from '../../shared/pipeline/feed-message';
import { ConfigRepository } from '../../shared/store/config-repository';
import { DynamoRepository } from '../../shared/store/dynamo-repository';
import { ensureTable, startLocalStore, type LocalStore } from '../../shared/store/local-store';
import { rss, startFeedServer, type FeedServer } from '../support/feed-server';
import { scanAll } from '../support/table';
import { talksWatchlist } from '../support/watchlist-fixture';

// The poll function as deployed: the bundle the stack builds (aliases, stand-ins and baked
// Unicode tables included), run in its own Node.js process with the environment Lambda gives
// it, against dynalite and a local feed server. test/integration/handlers.test.ts runs the
// same handler from source; this checks that bundling changed nothing a user would notice.

describe('the poll bundle, run as Lambda runs it', () => {
  let dir: string;
  let bundle: string;
  let store: LocalStore;
  let server: FeedServer;
  const tableName = 'poll-bundle';

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsalert-poll-bundle-'));
    bundle = path.join(dir, 'poll', 'index.js');
    await build(esbuildOptions(path.join(REPO_ROOT, 'functions', 'poll.ts'), bundle));
    store = await startLocalStore(path.join(dir, 'data'));
    server = await startFeedServer();
    await ensureTable(store.client, tableName);
    await seedConfig(
      new ConfigRepository(store.client, tableName),
      { feeds: [], watchlists: [talksWatchlist] },
      'test',
    );
  });

  afterAll(async () => {
    await store.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Invokes the bundle's handler once in a fresh process: its result and what it printed. */
  const invoke = (event: unknown) =>
    new Promise<{ result: unknown; lines: Record<string, unknown>[] }>((resolve, reject) => {
      const script = `require(${JSON.stringify(bundle)}).handler(JSON.parse(process.env.EVENT), { functionName: 'poll', awsRequestId: 'req-1' })
        .then((result) => process.stdout.write('\\n' + JSON.stringify({ result }) + '\\n'), (error) => process.stdout.write('\\n' + JSON.stringify({ thrown: error.message }) + '\\n'));`;
      const env = {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'lambda-key',
        AWS_SECRET_ACCESS_KEY: 'lambda-secret',
        AWS_SESSION_TOKEN: 'lambda-token',
        AWS_ENDPOINT_URL_DYNAMODB: store.endpoint,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        TABLE_NAME: tableName,
        POWERTOOLS_SERVICE_NAME: 'poll',
        POWERTOOLS_METRICS_NAMESPACE: 'NewsAlertTest',
        // The feed server is on 127.0.0.1, which AWS mode refuses.
        NEWSALERT_ALLOW_LOOPBACK: 'true',
        EVENT: JSON.stringify(event),
      };
      execFile(process.execPath, ['-e', script], { env, encoding: 'utf8' }, (error, stdout) => {
        if (error) return reject(error);
        const lines = stdout
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as Record<string, unknown>);
        const last = lines.pop()!;
        resolve({ result: last.result ?? last, lines });
      });
    });

  const sqsRecord = (messageId: string, body: string) => ({
    messageId,
    body,
    receiptHandle: 'r',
    attributes: {},
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    awsRegion: 'eu-west-1',
  });

  it('stores the stories and the match of a feed, its state, and reports only the malformed record', async () => {
    // Entities and a CDATA section go through rss-parser's decoder, which the bundle swaps.
    server.route('/world.xml', {
      body: rss([
        {
          guid: 'b1',
          title: 'Putin &amp; Witkoff discuss the peace plan',
          description: '<![CDATA[<p>Talks &ndash; day two</p>]]>',
        },
        { guid: 'b2', title: 'Weather &#8211; rain' },
      ]),
    });
    const now = new Date();
    const { result, lines } = await invoke({
      Records: [
        sqsRecord('m-world', toFeedMessage({ id: 'world', url: server.url('/world.xml') }, now)),
        sqsRecord('m-bad', 'not a feed message'),
      ],
    });

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-bad' }] });
    const items = await scanAll(store.client, tableName);
    const titles = items.filter((i) => i.type === 'story').map((s) => s.title);
    expect(titles.sort()).toEqual(['Putin & Witkoff discuss the peace plan', 'Weather \u2013 rain']);
    const matches = items
      .filter((i) => i.type === 'match')
      .map((m) => m.story as { title: string; summary: string });
    expect(matches).toEqual([
      expect.objectContaining({
        title: 'Putin & Witkoff discuss the peace plan',
        summary: 'Talks \u2013 day two',
      }),
    ]);
    expect(await new DynamoRepository(store.client, tableName).getFeedState('world')).toMatchObject({
      status: 'ok',
      errorCount: 0,
    });
    // Its logs and EMF metrics, as CloudWatch would read them from the function's output.
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'INFO', message: 'feed polled', feedId: 'world', newMatches: 1 }),
    );
    expect(lines.find((l) => '_aws' in l && 'StoriesNew' in l)).toMatchObject({
      StoriesNew: 2,
      MatchesNew: 1,
    });
  });
});
