import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { seedConfig } from '../../shared/config/seed-config';
import { ConfigRepository } from '../../shared/store/config-repository';
import { ensureTable, startLocalStore, type LocalStore } from '../../shared/store/local-store';
import { talksYaml, tempFolder } from '../support/config-files';
import { rss, startFeedServer, type FeedServer } from '../support/feed-server';
import { runCli } from '../support/run-cli';
import { talksWatchlist } from '../support/watchlist-fixture';

// `subscribe --watchlist ID` checks ids against the watchlists that run: the local store, or
// the stack's table with --stack; not the files in config/.
let feeds: FeedServer;
let config: string;

beforeAll(async () => {
  feeds = await startFeedServer();
  feeds.route('/wire.xml', { body: rss([{ guid: 'w1', title: 'Weather' }]) });
  config = tempFolder({
    'feeds.yaml': `feeds:\n  - id: wire\n    url: ${feeds.url('/wire.xml')}\n`,
    'watchlists/talks.yaml': talksYaml(),
  });
});
afterAll(() => feeds.close());

test('local: the ids of the store are accepted, those only in config/ are refused naming the store', async () => {
  const data = join(config, 'data');
  expect(
    (await runCli(['run', '--once', '--config', config, '--data', data], { timeoutMs: 60_000 })).code,
  ).toBe(0);
  // "talks" runs in the store and is not in the project's config/.
  const ok = await runCli([
    'subscribe',
    '--email',
    'ops@example.com',
    '--watchlist',
    'talks',
    '--actor',
    'witkoff',
    '--data',
    data,
  ]);
  expect({ code: ok.code, stderr: ok.stderr }).toEqual({ code: 0, stderr: '' });
  // "ukraine-peace-talks" is in config/ but does not run here.
  const bad = await runCli([
    'subscribe',
    '--email',
    'ops@example.com',
    '--watchlist',
    'ukraine-peace-talks',
    '--data',
    data,
  ]);
  expect(bad.code).toBe(1);
  expect(bad.stderr).toBe(
    'error: --watchlist ukraine-peace-talks: no such watchlist runs in local store ' +
      data +
      ' (known: talks)\n',
  );
}, 90_000);

describe('--stack', () => {
  let store: LocalStore;
  let aws: Server;
  const calls: string[] = [];
  const TABLE = 'stack-table';
  const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:alerts';

  beforeAll(async () => {
    store = await startLocalStore(join(config, 'stack-store'));
    await ensureTable(store.client, TABLE);
    await seedConfig(
      new ConfigRepository(store.client, TABLE),
      { feeds: [], watchlists: [talksWatchlist] },
      'test',
    );
    // CloudFormation and SNS speak the AWS query protocol: form-encoded Action, XML answers.
    aws = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        const action = new URLSearchParams(body).get('Action') ?? '';
        calls.push(action);
        const xml = (inner: string) =>
          res
            .writeHead(200, { 'content-type': 'text/xml' })
            .end(
              `<${action}Response><${action}Result>${inner}</${action}Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></${action}Response>`,
            );
        if (action === 'DescribeStacks')
          return xml(
            `<Stacks><member><StackName>NewsAlert</StackName><StackStatus>UPDATE_COMPLETE</StackStatus><CreationTime>2025-01-01T00:00:00Z</CreationTime><Outputs>` +
              `<member><OutputKey>TableName</OutputKey><OutputValue>${TABLE}</OutputValue></member>` +
              `<member><OutputKey>TopicArn</OutputKey><OutputValue>${TOPIC}</OutputValue></member></Outputs></member></Stacks>`,
          );
        if (action === 'ListSubscriptionsByTopic') return xml('<Subscriptions></Subscriptions>');
        if (action === 'Subscribe') return xml('<SubscriptionArn>pending confirmation</SubscriptionArn>');
        res.writeHead(400).end();
      });
    });
    await new Promise<void>((resolve) => aws.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => aws.close(resolve));
    await store.close();
  });

  const stackCli = (...args: string[]) => {
    const endpoint = `http://127.0.0.1:${(aws.address() as AddressInfo).port}`;
    return runCli([...args, '--stack', 'NewsAlert', '--region', 'eu-west-1'], {
      env: {
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_ENDPOINT_URL_CLOUDFORMATION: endpoint,
        AWS_ENDPOINT_URL_SNS: endpoint,
        AWS_ENDPOINT_URL_DYNAMODB: store.endpoint,
      },
      timeoutMs: 60_000,
    });
  };

  test("subscribe checks the ids against the stack's table before SNS is called; list and unsubscribe take --stack", async () => {
    const bad = await stackCli(
      'subscribe',
      '--email',
      'ops@example.com',
      '--watchlist',
      'ukraine-peace-talks',
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      'error: --watchlist ukraine-peace-talks: no such watchlist runs in stack NewsAlert (known: talks)\n',
    );
    expect(calls).toEqual(['DescribeStacks']);

    const ok = await stackCli('subscribe', '--email', 'ops@example.com', '--watchlist', 'talks');
    expect({ code: ok.code, stderr: ok.stderr }).toEqual({ code: 0, stderr: '' });
    expect(ok.stdout).toContain(`subscribed email ops@example.com (pending confirmation) at ${TOPIC}`);
    expect(calls).toContain('Subscribe');

    const list = await stackCli('subscribers', 'list', '--json');
    expect({ code: list.code, stdout: list.stdout }).toEqual({ code: 0, stdout: '[]\n' });
    const gone = await stackCli('unsubscribe', 'nobody@example.com');
    expect(gone.stderr).toBe(
      `error: nobody@example.com: no such subscriber at ${TOPIC} (see \`newsalert subscribers list\`)\n`,
    );
  }, 90_000);
});
