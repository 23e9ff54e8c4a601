import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PublishBatchCommandInput } from '@aws-sdk/client-sns';
import type { SendMessageBatchCommandInput } from '@aws-sdk/client-sqs';
import type { Context, DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import { mockClient, type AwsStub as Stub } from 'aws-sdk-client-mock';
import { seedConfig } from '../../shared/config/seed-config';
import { marshall } from '@aws-sdk/util-dynamodb';
import { toFeedMessage } from '../../shared/pipeline/feed-message';
import { matchToItem } from '../../shared/store/item-mappers';
import { ConfigRepository } from '../../shared/store/config-repository';
import { DynamoRepository } from '../../shared/store/dynamo-repository';
import { initialFeedState } from '../../shared/feeds/feed-state';
import { ensureTable, startLocalStore, type LocalStore } from '../../shared/store/local-store';
import { rss, startFeedServer, type FeedServer } from '../support/feed-server';
import { scanAll } from '../support/table';
import { talksWatchlist } from '../support/watchlist-fixture';

// The real handlers, loaded as Lambda loads them (module scope runs once, with the
// environment the stack sets), against dynalite and a local feed server. SQS and SNS have
// no local server here: their clients are mocked and the exact requests checked.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AwsStub = Stub<any, any, any>;

const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/poll';
const TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:alerts';
const context = {
  functionName: 'fn',
  awsRequestId: 'req-1',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:fn',
  memoryLimitInMB: '256',
} as Context;

let dir: string;
let store: LocalStore;
let server: FeedServer;
let saved: NodeJS.ProcessEnv;
let stdout: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'newsalert-handlers-'));
  store = await startLocalStore(dir);
  server = await startFeedServer();
});
afterAll(async () => {
  await store.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  saved = { ...process.env };
  stdout = [];
  // Powertools writes EMF and INFO logs to stdout, WARN and ERROR logs to stderr.
  for (const stream of [process.stdout, process.stderr]) {
    jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout.push(String(chunk));
      return true;
    });
  }
});
afterEach(() => {
  process.env = saved;
  jest.restoreAllMocks();
});

/**
 * Loads a handler module fresh, with the environment a deployed function has. `client`
 * names an AWS SDK client class to mock in that fresh module registry (whose command classes
 * differ from this file's, hence `onAnyCommand` and `calls` below).
 */
function load<T>(
  name: 'dispatch' | 'poll' | 'notify' | 'digest',
  env: Record<string, string>,
  client?: ['@aws-sdk/client-sqs', 'SQSClient'] | ['@aws-sdk/client-sns', 'SNSClient'],
): T & { mock?: AwsStub } {
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: store.endpoint,
    TABLE_NAME: store.tableName,
    POWERTOOLS_SERVICE_NAME: name,
    POWERTOOLS_METRICS_NAMESPACE: 'NewsAlertTest',
    ...env,
  });
  let mod: (T & { mock?: AwsStub }) | undefined;
  // require, not import: the module must load after the environment is set, in a fresh registry.
  jest.isolateModules(() => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const mock = client ? (mockClient(require(client[0])[client[1]]) as AwsStub) : undefined;
    mod = { ...(require(`../../functions/${name}`) as T), mock };
    /* eslint-enable @typescript-eslint/no-require-imports */
  });
  return mod!;
}

/** The EMF documents the invocation printed, as metric name → values. */
function emfMetrics(): Record<string, number[]> {
  const metrics: Record<string, number[]> = {};
  for (const line of stdout.join('').split('\n')) {
    if (!line.includes('"_aws"')) continue;
    const doc = JSON.parse(line);
    for (const { Name } of doc._aws.CloudWatchMetrics[0].Metrics)
      metrics[Name] = [...(metrics[Name] ?? []), ...[doc[Name]].flat()];
    expect(doc._aws.CloudWatchMetrics[0].Namespace).toBe('NewsAlertTest');
    expect(doc.service).toBeDefined();
  }
  return metrics;
}

const SQS: ['@aws-sdk/client-sqs', 'SQSClient'] = ['@aws-sdk/client-sqs', 'SQSClient'];
let tables = 0;
/** A fresh table holding these feeds and the fixture watchlist as the running config, as seeding on deploy leaves it. */
async function configuredTable(feeds: { id: string; url: string }[]): Promise<string> {
  const tableName = `handlers-${++tables}`;
  await ensureTable(store.client, tableName);
  await seedConfig(
    new ConfigRepository(store.client, tableName),
    { feeds, watchlists: [talksWatchlist] },
    'test',
  );
  return tableName;
}
const sqsRecord = (messageId: string, body: string) => ({
  messageId,
  body,
  receiptHandle: 'r',
  attributes: {},
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:poll',
  awsRegion: 'eu-west-1',
});

describe('poll handler', () => {
  test('polls one feed per record, stores the match, and reports only the malformed record as failed', async () => {
    server.route('/world.xml', {
      body: rss([
        { guid: 'h1', title: 'Putin to meet Witkoff on the peace plan' },
        { guid: 'h2', title: 'Weather' },
      ]),
    });
    server.route('/down.xml', { status: 500 });
    const { handler } = load<{
      handler: (e: SQSEvent, c: Context) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
    }>('poll', {
      TABLE_NAME: await configuredTable([]),
      // The feed server is on 127.0.0.1, which AWS mode refuses.
      NEWSALERT_ALLOW_LOOPBACK: 'true',
    });
    const now = new Date();
    const event = {
      Records: [
        sqsRecord('m-world', toFeedMessage({ id: 'world', url: server.url('/world.xml') }, now)),
        sqsRecord('m-down', toFeedMessage({ id: 'down', url: server.url('/down.xml') }, now)),
        sqsRecord('m-bad', 'not a feed message'),
      ],
    } as SQSEvent;

    const response = await handler(event, context);
    // A feed answering 500 is recorded in its state and retried by the schedule, not by SQS.
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-bad' }] });
    const items = await scanAll(store.client, process.env.TABLE_NAME!);
    expect(items.filter((i) => i.type === 'match').map((m) => (m.story as { title: string }).title)).toEqual([
      'Putin to meet Witkoff on the peace plan',
    ]);
    const repository = new DynamoRepository(store.client, process.env.TABLE_NAME!);
    expect(await repository.getFeedState('down')).toMatchObject({
      status: 'failing',
      errorCount: 1,
      failingSince: expect.any(String),
    });

    const metrics = emfMetrics();
    expect(metrics.FeedsPolled).toEqual([1, 1]);
    expect(metrics.FeedsFailed!.reduce((a, b) => a + b)).toBe(1);
    expect(metrics.StoriesNew!.reduce((a, b) => a + b)).toBe(2);
    expect(metrics.MatchesNew!.reduce((a, b) => a + b)).toBe(1);
    const logs = stdout
      .join('')
      .split('\n')
      .filter((l) => l.includes('"level"'))
      .map((l) => JSON.parse(l));
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'WARN',
        message: 'feed failed',
        feedId: 'down',
        function_request_id: 'req-1',
      }),
    );
  });
});

describe('poll handler and malformed messages', () => {
  test('a batch of only a malformed message is not a poll error: counted as malformed, returned for the DLQ', async () => {
    const { handler } = load<{
      handler: (e: SQSEvent, c: Context) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
    }>('poll', { TABLE_NAME: await configuredTable([]), NEWSALERT_ALLOW_LOOPBACK: 'true' });
    const response = await handler(
      { Records: [sqsRecord('m-only-bad', '{"feed": 42}')] } as SQSEvent,
      context,
    );
    // Still a failed record: SQS receives it again and moves it to the DLQ after the redrive count.
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-only-bad' }] });
    expect(emfMetrics().MalformedMessages).toEqual([1]);
    const logs = stdout
      .join('')
      .split('\n')
      .filter((l) => l.includes('"level"'))
      .map((l) => JSON.parse(l));
    expect(logs.filter((l) => l.level === 'ERROR')).toEqual([]);
    expect(logs).toContainEqual(
      expect.objectContaining({ level: 'WARN', message: 'malformed poll message', messageId: 'm-only-bad' }),
    );
  });
});

describe('poll handler log', () => {
  test('names a failing feed by its URL with the token and password redacted', async () => {
    server.route('/secret.xml?token=T0K-poll-secret', { status: 500 });
    const { handler } = load<{ handler: (e: SQSEvent, c: Context) => Promise<unknown> }>('poll', {
      TABLE_NAME: await configuredTable([]),
      NEWSALERT_ALLOW_LOOPBACK: 'true',
    });
    const url = server
      .url('/secret.xml?token=T0K-poll-secret')
      .replace('http://', 'http://ops:pw-poll-secret@');
    await handler(
      { Records: [sqsRecord('m-secret', toFeedMessage({ id: 'secret', url }, new Date()))] } as SQSEvent,
      context,
    );
    const printed = stdout.join('');
    expect(printed).not.toContain('T0K-poll-secret');
    expect(printed).not.toContain('pw-poll-secret');
    const failed = printed
      .split('\n')
      .filter((l) => l.includes('"level"'))
      .map((l) => JSON.parse(l))
      .find((l) => l.message === 'feed failed');
    expect(failed).toMatchObject({
      feedId: 'secret',
      url: server.url('/secret.xml?token=***').replace('http://', 'http://ops:***@'),
      error: expect.stringContaining('HTTP 500'),
    });
  });
});

describe('dispatch handler', () => {
  test('sends the due feeds to the queue and emits the dispatch metrics', async () => {
    const feeds = ['fresh', 'later', 'broken'].map((id) => ({
      id,
      url: `https://news.example.org/${id}.xml`,
    }));
    const tableName = await configuredTable(feeds);
    const repository = new DynamoRepository(store.client, tableName);
    await repository.putFeedState({
      ...initialFeedState('later'),
      nextCheckAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    await repository.putFeedState({
      ...initialFeedState('broken'),
      status: 'failing',
      errorCount: 3,
      failingSince: new Date(Date.now() - 7_200_000).toISOString(),
    });
    const { handler, mock: sqs } = load<{ handler: (e: unknown, c: Context) => Promise<unknown> }>(
      'dispatch',
      { TABLE_NAME: tableName, QUEUE_URL },
      SQS,
    );
    sqs!.onAnyCommand().resolves({ Successful: [], Failed: [] });

    expect(await handler({}, context)).toMatchObject({ feeds: 3, due: 2, dispatched: 2, failingFeeds: 1 });
    const input = sqs!.calls()[0]!.args[0].input as SendMessageBatchCommandInput;
    expect(input.QueueUrl).toBe(QUEUE_URL);
    expect(input.Entries!.map((e) => JSON.parse(e.MessageBody!).feed.id).sort()).toEqual(['broken', 'fresh']);
    const metrics = emfMetrics();
    expect(metrics).toMatchObject({
      FeedsDue: [2],
      FeedsDispatched: [2],
      FeedsNotDispatched: [0],
      FeedsFailing: [1],
    });
    expect(metrics.LongestFeedFailure![0]).toBeGreaterThanOrEqual(7200);
  });

  test('feeds the queue refuses fail the invocation with one line, after the others went out', async () => {
    const feeds = ['x-1', 'x-2'].map((id) => ({ id, url: `https://news.example.org/${id}.xml` }));
    const { handler, mock: sqs } = load<{ handler: (e: unknown, c: Context) => Promise<unknown> }>(
      'dispatch',
      { TABLE_NAME: await configuredTable(feeds), QUEUE_URL },
      SQS,
    );
    sqs!.onAnyCommand().resolves({
      Failed: [{ Id: '1', SenderFault: true, Code: 'InvalidParameterValue', Message: 'too big' }],
    });
    await expect(handler({}, context)).rejects.toThrow(
      `1 of 2 due feed(s) not dispatched, e.g. x-2: ${QUEUE_URL}: InvalidParameterValue: too big`,
    );
    expect(emfMetrics()).toMatchObject({ FeedsDispatched: [1], FeedsNotDispatched: [1] });
  });
});

describe('notify handler', () => {
  test('publishes the new matches and emits alerts sent and publish-to-alert latency', async () => {
    const { handler, mock: sns } = load<{ handler: (e: DynamoDBStreamEvent, c: Context) => Promise<void> }>(
      'notify',
      { TOPIC_ARN },
      ['@aws-sdk/client-sns', 'SNSClient'],
    );
    sns!.onAnyCommand().callsFake((input: PublishBatchCommandInput) => ({
      Successful: input.PublishBatchRequestEntries!.map((e) => ({ Id: e.Id, MessageId: `m-${e.Id}` })),
      Failed: [],
    }));
    const publishedAt = new Date(Date.now() - 90_000).toISOString();
    const story = {
      id: 's1',
      feedId: 'world',
      title: 'Putin on the peace plan',
      summary: '',
      link: '',
      publishedAt,
      fetchedAt: publishedAt,
    };
    const match = {
      watchlistId: 'talks',
      watchlistName: 'Peace talks',
      actors: ['putin'],
      terms: ['peace plan'],
      matchedAt: publishedAt,
      story,
    };
    // Stored as the poll function stores it: the stream record is the image of that write.
    await new DynamoRepository(store.client, store.tableName).putMatches([match]);
    const image = marshall(matchToItem(match), { removeUndefinedValues: true });
    await handler(
      {
        Records: [{ eventID: 'e-1', eventName: 'INSERT', dynamodb: { NewImage: image } }],
      } as unknown as DynamoDBStreamEvent,
      context,
    );
    expect((sns!.calls()[0]!.args[0].input as PublishBatchCommandInput).TopicArn).toBe(TOPIC_ARN);
    const metrics = emfMetrics();
    expect(metrics.AlertsSent).toEqual([1]);
    expect(metrics.AlertLatency).toHaveLength(1);
    expect(metrics.AlertLatency![0]).toBeGreaterThanOrEqual(90);
    expect(metrics.AlertLatency![0]).toBeLessThan(600);
  });
});

describe('digest handler', () => {
  test('sweeps an alert left pending, with Powertools logs, metrics and traced clients like the others', async () => {
    const tableName = await configuredTable([]);
    const { handler, mock: sns } = load<{ handler: (e: unknown, c: Context) => Promise<unknown> }>(
      'digest',
      { TABLE_NAME: tableName, TOPIC_ARN },
      ['@aws-sdk/client-sns', 'SNSClient'],
    );
    sns!.onAnyCommand().callsFake((input: PublishBatchCommandInput) => ({
      Successful: input.PublishBatchRequestEntries!.map((e) => ({ Id: e.Id, MessageId: `m-${e.Id}` })),
      Failed: [],
    }));
    // Stored pending two hours ago, as if notify had crashed before sending it.
    const matchedAt = new Date(Date.now() - 7_200_000).toISOString();
    const story = {
      id: 's-late',
      feedId: 'world',
      title: 'Zelensky and Witkoff discuss the peace plan',
      summary: '',
      link: '',
      publishedAt: matchedAt,
      fetchedAt: matchedAt,
    };
    await new DynamoRepository(store.client, tableName).putMatches([
      {
        watchlistId: 'talks',
        watchlistName: 'Peace talks',
        actors: ['zelensky'],
        terms: ['peace plan'],
        matchedAt,
        story,
      },
    ]);

    expect(await handler({}, context)).toMatchObject({ published: 1, failed: 0 });
    expect((sns!.calls()[0]!.args[0].input as PublishBatchCommandInput).TopicArn).toBe(TOPIC_ARN);
    expect(emfMetrics().AlertsSent).toEqual([1]);
    const logs = stdout
      .join('')
      .split('\n')
      .filter((l) => l.includes('"level"'))
      .map((l) => JSON.parse(l));
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'INFO',
        message: 'digest run done',
        published: 1,
        service: 'digest',
        function_request_id: 'req-1',
      }),
    );
  });
});
