import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFeed } from '../../shared/feeds/parse-feed';
import { runCycle } from '../../shared/pipeline/run-cycle';
import { DynamoRepository } from '../../shared/store/dynamo-repository';
import { startLocalStore, type LocalStore } from '../../shared/store/local-store';
import { compileMatcher } from '../../shared/watchlists/compile-matcher';
import { rss, startFeedServer, type FeedServer } from '../support/feed-server';
import { talksWatchlist } from '../support/watchlist-fixture';

// A feed just under the body cap that costs about three times the CPU budget this test sets
// (18,000 items of small elements and entities, 9.7 MB), one with more items than are read,
// and a healthy slow one, polled in the same cycle.
const COSTLY = rss(
  Array.from({ length: 18_000 }, (_, i) => ({
    guid: `c${i}`,
    title: `Costly &amp; item ${i}`,
    description: '<b a="1">w</b> &amp; '.repeat(20),
  })),
);
const MANY = rss(
  Array.from({ length: 1000 }, (_, i) => ({
    guid: `m${i}`,
    title: `Many ${i}`,
    pubDate: new Date(Date.UTC(2025, 10, 1) + i * 60_000).toUTCString(),
  })),
);
const SLOW = rss([
  { guid: 's1', title: 'Putin to meet Witkoff in Moscow', description: 'On the peace plan.' },
]);

let server: FeedServer;
let store: LocalStore;

beforeEach(async () => {
  server = await startFeedServer();
  store = await startLocalStore(mkdtempSync(join(tmpdir(), 'newsalert-hostile-')));
  server.route('/costly.xml', { body: COSTLY });
  server.route('/many.xml', { body: MANY });
  server.route('/slow.xml', (_req, res) => {
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(SLOW), 500);
  });
});
afterEach(async () => {
  await store.close();
  await server.close();
});

describe('one feed never stalls the poller', () => {
  it('fails a feed over its CPU budget with one line; the other feeds of the cycle are read and stored', async () => {
    const repository = new DynamoRepository(store.client, store.tableName);
    // The first feed a process reads also pays for compiling the reader: read each once first,
    // so the budget below measures reading only.
    const warm = { feedId: 'warm', url: 'https://warm.example/', fetchedAt: new Date().toISOString() };
    for (const body of [MANY, COSTLY, SLOW]) await parseFeed(body, warm);
    const summary = await runCycle({
      feeds: [
        { id: 'costly', url: server.url('/costly.xml') },
        { id: 'slow', url: server.url('/slow.xml') },
        { id: 'many', url: server.url('/many.xml') },
      ],
      repository,
      matcher: compileMatcher([talksWatchlist]),
      fetchOptions: { allowLoopback: true },
      parseLimits: { cpuBudgetMs: 120 },
    });
    const byId = new Map(summary.results.map((r) => [r.feedId, r]));
    expect(byId.get('costly')).toMatchObject({ outcome: 'failed', status: 'failing' });
    expect(byId.get('costly')!.error).toMatch(
      new RegExp(
        `^${server.url('/costly.xml').replace(/[.]/g, '\\.')}: refused: reading the feed took more than its CPU budget of 120 ms`,
      ),
    );
    expect(byId.get('costly')!.error).not.toContain('\n');
    expect(byId.get('slow')).toMatchObject({ outcome: 'new', newStories: 1 });
    expect(byId.get('slow')!.newMatches).toHaveLength(1);
    expect([byId.get('many')!.error, byId.get('many')]).toMatchObject([
      undefined,
      { outcome: 'new', storiesInFeed: 300, itemsCut: 700 },
    ]);
  });

  it('reads the newest 300 items of a large feed and says so in the feed state', async () => {
    const repository = new DynamoRepository(store.client, store.tableName);
    await runCycle({
      feeds: [{ id: 'many', url: server.url('/many.xml') }],
      repository,
      matcher: compileMatcher([talksWatchlist]),
      fetchOptions: { allowLoopback: true },
    });
    const state = await repository.getFeedState('many');
    expect(state).toMatchObject({ status: 'ok', storiesSeen: 300 });
    expect(state!.note).toBe('the last body held 1000 items: only the newest 300 were read (the item cap)');

    // A body under the cap clears the note.
    server.route('/many.xml', { body: SLOW });
    await runCycle({
      feeds: [{ id: 'many', url: server.url('/many.xml') }],
      repository,
      matcher: compileMatcher([talksWatchlist]),
      fetchOptions: { allowLoopback: true },
    });
    expect((await repository.getFeedState('many'))!.note).toBeUndefined();
  });
});
