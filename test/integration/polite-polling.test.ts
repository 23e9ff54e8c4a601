import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreError } from '../../shared/errors';
import { newMatchesOf, runCycle, type CycleOptions } from '../../shared/pipeline/run-cycle';
import { DynamoRepository } from '../../shared/store/dynamo-repository';
import { startLocalStore, type LocalStore } from '../../shared/store/local-store';
import type { Story } from '../../shared/stories/story';
import { compileMatcher } from '../../shared/watchlists/compile-matcher';
import { rss, startFeedServer, type FeedServer } from '../support/feed-server';
import { fixture } from '../support/fixtures';
import { scanAll } from '../support/table';
import { talksWatchlist } from '../support/watchlist-fixture';

const TALKS = rss([
  {
    guid: 't1',
    title: 'Putin to meet Witkoff in Moscow',
    description: 'They will discuss the peace plan.',
    link: 'https://news.example.org/t1',
  },
  {
    guid: 't2',
    title: 'Bakery school opens',
    description: 'Apprentices praised.',
    link: 'https://news.example.org/t2',
  },
]);

let server: FeedServer;
let store: LocalStore;
let repository: DynamoRepository;
// A fake clock the cycles share; tests move it forward.
let clock: Date;

beforeEach(async () => {
  server = await startFeedServer();
  store = await startLocalStore(mkdtempSync(join(tmpdir(), 'newsalert-polite-')));
  repository = new DynamoRepository(store.client, store.tableName);
  clock = new Date('2025-12-02T10:00:00.000Z');
});
afterEach(async () => {
  await store.close();
  await server.close();
});

const later = (seconds: number) => (clock = new Date(clock.getTime() + seconds * 1000));
const cycle = (feeds: { id: string; url: string }[], options: Partial<CycleOptions> = {}) =>
  runCycle({
    feeds,
    repository,
    matcher: compileMatcher([talksWatchlist]),
    fetchOptions: { allowLoopback: true },
    now: () => clock,
    ...options,
  });
const hits = (path: string) => server.requests.filter((r) => r.path === path).length;

describe('polite polling, with a fake clock', () => {
  it('honours 429 + Retry-After: the feed is not polled again before the time it was given', async () => {
    server.route('/busy.xml', { status: 429, headers: { 'retry-after': '120' } });
    const feeds = [{ id: 'busy', url: server.url('/busy.xml') }];
    const first = await cycle(feeds);
    expect(first.results[0]!.error).toBe(
      `${server.url('/busy.xml')}: HTTP 429 Too Many Requests (Retry-After: 120)`,
    );
    expect(await repository.getFeedState('busy')).toMatchObject({
      errorCount: 1,
      status: 'failing',
      nextCheckAt: '2025-12-02T10:02:00.000Z',
      lastErrorAt: '2025-12-02T10:00:00.000Z',
    });

    later(60);
    const skipped = await cycle(feeds);
    expect(skipped).toMatchObject({ notDue: 1, failed: 0, results: [] });
    expect(hits('/busy.xml')).toBe(1);

    later(60);
    server.route('/busy.xml', { body: TALKS });
    const back = await cycle(feeds);
    expect(back).toMatchObject({ notDue: 0, newFeeds: 1, newStories: 2 });
    expect(await repository.getFeedState('busy')).toMatchObject({
      errorCount: 0,
      status: 'ok',
      lastSuccessAt: '2025-12-02T10:02:00.000Z',
    });
  });

  it('sets the next check from Cache-Control max-age and RSS <ttl>, on 200 and on 304', async () => {
    server.route('/cached.xml', {
      body: TALKS,
      etag: '"c1"',
      headers: { 'cache-control': 'public, max-age=600' },
    });
    server.route('/ttl.xml', { body: fixture('tracking-links.xml') });
    const feeds = [
      { id: 'cached', url: server.url('/cached.xml') },
      { id: 'ttl', url: server.url('/ttl.xml') },
    ];
    await cycle(feeds);
    expect((await repository.getFeedState('cached'))!.nextCheckAt).toBe('2025-12-02T10:10:00.000Z');
    expect((await repository.getFeedState('ttl'))!.nextCheckAt).toBe('2025-12-02T10:30:00.000Z');

    later(600);
    const second = await cycle(feeds);
    expect(second).toMatchObject({ notModified: 1, notDue: 1 });
    expect((await repository.getFeedState('cached'))!.nextCheckAt).toBe('2025-12-02T10:20:00.000Z');
  });

  it('backs off exponentially while a feed fails, disables it past the threshold, and recovers', async () => {
    server.route('/broken.xml', { status: 500 });
    const feeds = [{ id: 'broken', url: server.url('/broken.xml') }];
    const schedule = { backoffBaseSeconds: 300, disableAfterErrors: 4 };
    const seen: [number, string, string][] = [];
    for (let i = 0; i < 4; i++) {
      await cycle(feeds, { schedule });
      const state = (await repository.getFeedState('broken'))!;
      seen.push([state.errorCount, state.status, state.nextCheckAt!]);
      clock = new Date(state.nextCheckAt!);
    }
    expect(seen).toEqual([
      [1, 'failing', '2025-12-02T10:00:00.000Z'],
      [2, 'failing', '2025-12-02T10:05:00.000Z'],
      [3, 'failing', '2025-12-02T10:15:00.000Z'],
      // Disabled: polled once a day until it answers.
      [4, 'disabled', '2025-12-03T10:15:00.000Z'],
    ]);
    expect(hits('/broken.xml')).toBe(4);
    server.route('/broken.xml', { body: TALKS });
    await cycle(feeds, { schedule });
    const recovered = (await repository.getFeedState('broken'))!;
    expect(recovered).toMatchObject({ errorCount: 0, status: 'ok' });
    expect(recovered.lastError).toBeUndefined();
  });

  it('force polls every feed, due or not', async () => {
    server.route('/busy.xml', { status: 503, headers: { 'retry-after': '3600' } });
    const feeds = [{ id: 'busy', url: server.url('/busy.xml') }];
    await cycle(feeds);
    expect(await cycle(feeds, { force: true })).toMatchObject({ notDue: 0, failed: 1 });
    expect(hits('/busy.xml')).toBe(2);
  });

  it('starts afresh when a feed URL changes in the configuration', async () => {
    server.route('/old.xml', { body: TALKS, etag: '"old"' });
    server.route('/new.xml', { body: TALKS, etag: '"new"' });
    await cycle([{ id: 'moved', url: server.url('/old.xml') }]);
    await cycle([{ id: 'moved', url: server.url('/new.xml') }]);
    expect(server.requests.filter((r) => r.path === '/new.xml')[0]!.headers['if-none-match']).toBeUndefined();
    expect(await repository.getFeedState('moved')).toMatchObject({
      url: server.url('/new.xml'),
      etag: '"new"',
      storiesSeen: 2,
    });
  });
});

describe('a cycle with hostile and broken feeds', () => {
  it('refuses an XXE feed with a clear reason and stores the other feeds normally', async () => {
    server.route('/evil.xml', { body: fixture('xxe.xml') });
    server.route('/talks.xml', { body: TALKS });
    const summary = await cycle([
      { id: 'evil', url: server.url('/evil.xml') },
      { id: 'talks', url: server.url('/talks.xml') },
    ]);
    expect(summary).toMatchObject({ failed: 1, newFeeds: 1, newStories: 2 });
    expect(summary.results.find((r) => r.feedId === 'evil')!.error).toBe(
      `${server.url('/evil.xml')}: refused: the feed declares XML entities (<!ENTITY> in its DOCTYPE); entity expansion is disabled for safety (XXE, entity bombs)`,
    );
    expect(newMatchesOf(summary).map((m) => m.story.title)).toEqual(['Putin to meet Witkoff in Moscow']);
  });

  it('decodes a windows-1251 feed by its Content-Type charset and matches it', async () => {
    server.route('/kyiv.xml', {
      body: fixture('rss2-windows-1251-no-prolog.xml'),
      headers: { 'content-type': 'application/rss+xml; charset=windows-1251' },
    });
    const summary = await cycle([{ id: 'kyiv', url: server.url('/kyiv.xml') }]);
    const stories = (await scanAll(store.client, store.tableName)).filter((i) => i.type === 'story');
    expect(stories.map((s) => s.title).sort()).toEqual([
      'Зеленський: гарантії безпеки на першому місці',
      'Зустріч Путіна і Віткоффа в Москві',
    ]);
    expect(stories.every((s) => s.lang === 'uk')).toBe(true);
    expect(newMatchesOf(summary).map((m) => m.story.title)).toEqual(['Зустріч Путіна і Віткоффа в Москві']);
  });

  it('in AWS mode refuses a feed on a loopback address without fetching it', async () => {
    server.route('/talks.xml', { body: TALKS });
    const summary = await cycle([{ id: 'local', url: server.url('/talks.xml') }], { fetchOptions: {} });
    expect(summary.results[0]!.error).toMatch(/refused: 127\.0\.0\.1 is a loopback address \(SSRF guard/);
    expect(hits('/talks.xml')).toBe(0);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    let inFlight = 0;
    let most = 0;
    for (let i = 0; i < 8; i++) {
      server.route(`/slow${i}.xml`, (_req, res) => {
        most = Math.max(most, ++inFlight);
        setTimeout(() => {
          inFlight--;
          res
            .writeHead(200, { 'content-type': 'application/rss+xml' })
            .end(rss([{ guid: `s${i}`, title: `Story ${i}` }]));
        }, 30);
      });
    }
    const summary = await cycle(
      Array.from({ length: 8 }, (_, i) => ({ id: `slow${i}`, url: server.url(`/slow${i}.xml`) })),
      { concurrency: 2 },
    );
    expect(summary).toMatchObject({ newFeeds: 8, newStories: 8 });
    expect(most).toBeLessThanOrEqual(2);
  });
});

describe('exactly once, even after a crash', () => {
  it('a store failure between matches and stories: the rerun stores each item once and alerts each match once', async () => {
    server.route('/talks.xml', { body: TALKS });
    const feeds = [{ id: 'talks', url: server.url('/talks.xml') }];
    // The first cycle dies after writing matches, before writing the stories.
    const failing = Object.assign(Object.create(repository) as DynamoRepository, {
      putStories: async (_stories: Story[]) => {
        throw new StoreError('newsalert: cannot store stories: simulated crash');
      },
    });
    const crashed = await cycle(feeds, { repository: failing });
    expect(crashed).toMatchObject({ failed: 1, newStories: 0 });
    // The match is stored, and storing a match is what triggers its alert: it is reported.
    expect(newMatchesOf(crashed).map((m) => m.story.title)).toEqual(['Putin to meet Witkoff in Moscow']);
    // Our own store failing is no reason to back off the feed.
    expect(crashed.results[0]!.state).toMatchObject({ errorCount: 0, status: 'ok' });

    const rerun = await cycle(feeds);
    expect(rerun).toMatchObject({ failed: 0, newStories: 2 });
    // The match exists: it is not written again (its alert ledger is kept) nor reported again.
    expect(newMatchesOf(rerun)).toEqual([]);
    const items = await scanAll(store.client, store.tableName);
    expect(items.filter((i) => i.type === 'story')).toHaveLength(2);
    expect(items.filter((i) => i.type === 'match')).toHaveLength(1);

    const third = await cycle(feeds);
    expect(third).toMatchObject({ newStories: 0 });
    expect(newMatchesOf(third)).toEqual([]);
    expect(await scanAll(store.client, store.tableName)).toHaveLength(items.length);
  });

  it('a story that drops out of the feed and comes back is not stored or alerted again', async () => {
    server.route('/talks.xml', { body: TALKS });
    const feeds = [{ id: 'talks', url: server.url('/talks.xml') }];
    await cycle(feeds);
    server.route('/talks.xml', { body: rss([{ guid: 't3', title: 'Weather', description: 'Snow.' }]) });
    expect(await cycle(feeds)).toMatchObject({ newStories: 1 });
    server.route('/talks.xml', { body: TALKS });
    const back = await cycle(feeds);
    expect(back).toMatchObject({ newStories: 0 });
    expect(newMatchesOf(back)).toEqual([]);
  });
});
