import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutboxPublisher } from '../../shared/alerts/outbox-publisher';
import { notifyMatches } from '../../shared/pipeline/notify-matches';
import { newMatchesOf, runCycle } from '../../shared/pipeline/run-cycle';
import { DynamoDeliveryStore } from '../../shared/store/dynamo-delivery-store';
import { DynamoRepository } from '../../shared/store/dynamo-repository';
import { startLocalStore, type LocalStore } from '../../shared/store/local-store';
import { compileMatcher } from '../../shared/watchlists/compile-matcher';
import { rss, startFeedServer, type FeedServer } from '../support/feed-server';
import { scanAll } from '../support/table';
import { talksWatchlist } from '../support/watchlist-fixture';

const WORLD = rss([
  {
    guid: 'w1',
    title: 'Putin to meet Witkoff in Moscow',
    description: 'They will discuss the peace plan.',
    link: 'https://news.example.org/w1',
    pubDate: 'Mon, 01 Dec 2025 18:05:00 GMT',
  },
  {
    guid: 'w2',
    title: 'Zelensky: talks in Florida were constructive',
    description: 'Security guarantees remain open.',
    link: 'https://news.example.org/w2',
  },
  {
    guid: 'w3',
    title: 'Putting green record falls',
    description: 'A peace plan for golfers.',
    link: 'https://news.example.org/w3',
  },
]);
const KYIV = rss([
  {
    guid: 'k1',
    title: 'Зустріч Путіна і Віткоффа',
    description: 'Обговорять мирний план.',
    link: 'https://kyiv.example.org/k1',
  },
]);

// The feed server is on 127.0.0.1: local mode's SSRF policy.
const LOCAL = { allowLoopback: true };

let server: FeedServer;
let store: LocalStore;
let dataDir: string;

beforeEach(async () => {
  server = await startFeedServer();
  dataDir = mkdtempSync(join(tmpdir(), 'newsalert-it-'));
  store = await startLocalStore(dataDir);
});
afterEach(async () => {
  await store.close();
  await server.close();
});

async function cycle(feeds: { id: string; url: string }[]) {
  const repository = new DynamoRepository(store.client, store.tableName);
  const summary = await runCycle({
    feeds,
    repository,
    matcher: compileMatcher([talksWatchlist]),
    fetchOptions: LOCAL,
  });
  const ledger = new DynamoDeliveryStore(store.client, store.tableName);
  const report = await notifyMatches(
    newMatchesOf(summary),
    { ledger, publisher: new OutboxPublisher(join(dataDir, 'outbox.jsonl')) },
    'local',
  );
  return { summary, alerts: report.published };
}

const outbox = () =>
  existsSync(join(dataDir, 'outbox.jsonl'))
    ? readFileSync(join(dataDir, 'outbox.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
    : [];

describe('one full cycle: local HTTP feeds → dynalite → outbox', () => {
  it('stores every story once, every match once, and writes one outbox row per match', async () => {
    // No ETag: the second cycle refetches everything, so only the conditional puts stop duplicates.
    server.route('/world.xml', { body: WORLD, headers: { 'content-type': 'application/rss+xml' } });
    server.route('/kyiv.xml', {
      body: KYIV,
      headers: { 'content-type': 'application/rss+xml; charset=utf-8' },
    });
    const feeds = [
      { id: 'world', url: server.url('/world.xml') },
      { id: 'kyiv', url: server.url('/kyiv.xml') },
    ];

    const first = await cycle(feeds);
    expect(first.summary).toMatchObject({ feeds: 2, newFeeds: 2, failed: 0, newStories: 4 });
    const items = await scanAll(store.client, store.tableName);
    const stories = items.filter((i) => i.type === 'story');
    const matches = items.filter((i) => i.type === 'match');
    expect(stories.map((s) => s.title).sort()).toEqual([
      'Putin to meet Witkoff in Moscow',
      'Putting green record falls',
      'Zelensky: talks in Florida were constructive',
      'Зустріч Путіна і Віткоффа',
    ]);
    expect(matches.map((m) => [(m.story as { title: string }).title, m.actors]).sort()).toEqual([
      ['Putin to meet Witkoff in Moscow', ['putin', 'witkoff']],
      ['Zelensky: talks in Florida were constructive', ['zelensky']],
      // "Віткоффа" is an inflected form the fixture watchlist does not list: only Putin is named.
      ['Зустріч Путіна і Віткоффа', ['putin']],
    ]);
    expect(stories.every((s) => typeof s.expiresAt === 'number')).toBe(true);

    const rows = outbox();
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row).toEqual(
        expect.objectContaining({
          watchlist: 'talks',
          storyId: expect.any(String),
          subject: expect.any(String),
          email: expect.any(String),
          sms: expect.any(String),
          attributes: expect.any(Object),
        }),
      );
      expect(row.attributes.watchlist).toEqual({ DataType: 'String', StringValue: 'talks' });
    }
    expect(rows.map((r) => r.storyId).sort()).toEqual(
      matches.map((m) => (m.story as { id: string }).id).sort(),
    );

    const second = await cycle(feeds);
    expect(second.summary).toMatchObject({ newFeeds: 2, newStories: 0 });
    expect(second.alerts).toEqual([]);
    expect(await scanAll(store.client, store.tableName)).toHaveLength(items.length);
    expect(outbox()).toHaveLength(3);
  });

  it('polls conditionally: the stored ETag is sent and a 304 costs nothing', async () => {
    server.route('/world.xml', { body: WORLD, etag: '"w-1"' });
    const feeds = [{ id: 'world', url: server.url('/world.xml') }];
    await cycle(feeds);
    const second = await cycle(feeds);
    expect(second.summary).toMatchObject({ notModified: 1, newStories: 0 });
    expect(server.requests.at(-1)!.headers['if-none-match']).toBe('"w-1"');
    const state = await new DynamoRepository(store.client, store.tableName).getFeedState('world');
    expect(state).toMatchObject({ etag: '"w-1"', errorCount: 0, status: 'ok', storiesSeen: 3 });
  });

  it('records a failing feed with its reason and goes on with the others', async () => {
    server.route('/world.xml', { body: WORLD });
    server.route('/broken.xml', { status: 500 });
    server.route('/html.xml', { body: '<html><body>Maintenance</body></html>' });
    const lines: string[] = [];
    const repository = new DynamoRepository(store.client, store.tableName);
    const feeds = [
      { id: 'broken', url: server.url('/broken.xml') },
      { id: 'html', url: server.url('/html.xml') },
      { id: 'world', url: server.url('/world.xml') },
    ];
    const summary = await runCycle({
      feeds,
      repository,
      matcher: compileMatcher([talksWatchlist]),
      fetchOptions: LOCAL,
      onFeed: (r) => r.error && lines.push(`${r.feedId}: ${r.error}`),
    });
    expect(summary).toMatchObject({ failed: 2, newFeeds: 1, newStories: 3 });
    expect(lines.sort()).toEqual([
      `broken: ${server.url('/broken.xml')}: HTTP 500 Internal Server Error`,
      expect.stringMatching(/^html: http:\/\/127\.0\.0\.1:\d+\/html\.xml: not a readable RSS or Atom feed/),
    ]);
    expect(await repository.getFeedState('broken')).toMatchObject({
      errorCount: 1,
      status: 'failing',
      lastError: `${server.url('/broken.xml')}: HTTP 500 Internal Server Error`,
    });
    await runCycle({ feeds, repository, matcher: compileMatcher([talksWatchlist]), fetchOptions: LOCAL });
    expect(await repository.getFeedState('broken')).toMatchObject({ errorCount: 2 });
  });

  it('lists the stored matches of a watchlist and keeps the store across restarts', async () => {
    server.route('/world.xml', { body: WORLD });
    await cycle([{ id: 'world', url: server.url('/world.xml') }]);
    await store.close();
    store = await startLocalStore(dataDir);
    const matches = await new DynamoRepository(store.client, store.tableName).listMatches('talks');
    expect(matches.map((m) => m.story.title).sort()).toEqual([
      'Putin to meet Witkoff in Moscow',
      'Zelensky: talks in Florida were constructive',
    ]);
  });
});
