import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { applyWatchlistFiles } from '../../shared/config/apply-watchlists';
import { addFeed } from '../../shared/config/feed-edits';
import { CachedConfig } from '../../shared/config/running-config';
import { seedConfig } from '../../shared/config/seed-config';
import { ConfigRepository } from '../../shared/store/config-repository';
import { ensureTable, startLocalStore, type LocalStore } from '../../shared/store/local-store';
import { talksWatchlist } from '../support/watchlist-fixture';
import { talksYaml, tempFolder } from '../support/config-files';
import { startFeedServer, type FeedServer } from '../support/feed-server';

// Only Date is faked: the AWS SDK, dynalite and the feed server keep their real timers.
const ONLY_DATE = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'requestIdleCallback',
  'cancelIdleCallback',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
] as const;

let dir: string;
let store: LocalStore;
let repo: ConfigRepository;
let server: FeedServer;
let t0: number;
const clockAt = (seconds: number) => jest.setSystemTime(t0 + seconds * 1000);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'newsalert-running-'));
  store = await startLocalStore(dir);
  repo = new ConfigRepository(store.client, store.tableName);
  server = await startFeedServer();
});
afterAll(async () => {
  await store.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  jest.useFakeTimers({ doNotFake: [...ONLY_DATE] });
  t0 = Date.now();
});
afterEach(() => jest.useRealTimers());

describe('the running configuration, as the functions read it (fake clock)', () => {
  const story = { title: 'Kushner joins the ceasefire talks with Putin', summary: '' };

  it('an applied change is used within 60 s: the cached read lasts 30 s, then the table is read again', async () => {
    const files = tempFolder({ 'talks.yaml': talksYaml() });
    await applyWatchlistFiles(repo, files, 'alice');
    const config = new CachedConfig(repo);
    clockAt(0);
    const first = await config.get();
    expect(first.watchlists[0]?.keywords).toEqual(['peace plan', 'talks']);

    await applyWatchlistFiles(
      repo,
      tempFolder({ 'talks.yaml': talksYaml({ keywords: ['ceasefire'] }) }),
      'bob',
    );
    clockAt(29);
    expect((await config.get()).watchlists[0]?.keywords).toEqual(['peace plan', 'talks']);
    expect((await config.get()).matcher.match(story).map((h) => h.terms)).toEqual([['talks']]);
    clockAt(31);
    const fresh = await config.get();
    expect(fresh.watchlists[0]?.keywords).toEqual(['ceasefire']);
    expect(fresh.matcher.match(story).map((h) => h.terms)).toEqual([['ceasefire']]);
  });

  it('when the table cannot be read, the last good configuration keeps the pipeline going', async () => {
    await ensureTable(store.client, 'doomed');
    const doomed = new ConfigRepository(store.client, 'doomed');
    await seedConfig(
      doomed,
      { feeds: [{ id: 'wire', url: 'https://news.example.org/wire.xml' }], watchlists: [talksWatchlist] },
      'test',
    );
    const stale: string[] = [];
    const config = new CachedConfig(doomed, { onStaleRead: (e) => stale.push(e) });
    clockAt(0);
    expect((await config.get()).feeds.map((f) => f.id)).toEqual(['wire']);
    await store.client.send(new DeleteTableCommand({ TableName: 'doomed' }));
    clockAt(61);
    expect((await config.get()).feeds.map((f) => f.id)).toEqual(['wire']);
    expect(stale).toEqual([expect.stringMatching(/^doomed: cannot list the config entries: /)]);
    await expect(new CachedConfig(doomed).get()).rejects.toThrow(
      /^cannot read the running configuration: doomed: cannot list/,
    );
  });

  it('the dispatch function dispatches a feed added at run time within 60 s, without a redeploy', async () => {
    await ensureTable(store.client, 'dispatch');
    const dispatchRepo = new ConfigRepository(store.client, 'dispatch');
    await seedConfig(
      dispatchRepo,
      { feeds: [{ id: 'a', url: server.url('/a.xml') }], watchlists: [talksWatchlist] },
      'test',
    );
    const saved = { ...process.env };
    Object.assign(process.env, {
      TABLE_NAME: 'dispatch',
      QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/poll',
      AWS_ENDPOINT_URL_DYNAMODB: store.endpoint,
      AWS_REGION: 'local',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
    // SQS has no local server: the queue client is mocked and the messages read back.
    const sqs = mockClient(SQSClient);
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const { handler } = await import('../../functions/dispatch');
      const dispatched = () =>
        sqs
          .commandCalls(SendMessageBatchCommand)
          .map((c) => c.args[0].input.Entries!.map((e) => JSON.parse(e.MessageBody!).feed.id as string));
      clockAt(0);
      await handler({}, {} as Context);
      await addFeed(dispatchRepo, { id: 'b', url: server.url('/b.xml') }, 'alice');
      clockAt(20);
      await handler({}, {} as Context);
      clockAt(60);
      await handler({}, {} as Context);
      // No poll ran, so feed a stays due; b joins once the cached config has expired.
      expect(dispatched()).toEqual([['a'], ['a'], ['a', 'b']]);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
      sqs.restore();
      process.env = saved;
    }
  });
});
