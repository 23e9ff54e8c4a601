import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalPipeline } from '../../cli/local-pipeline';
import { Output } from '../../cli/output';
import { startConsoleServer, type ConsoleServer } from '../../cli/commands/console';
import { loadSeedConfig } from '../../shared/config/seed-config';
import { consoleStores } from '../../shared/console/console-stores';
import type { ConfigRepository } from '../../shared/store/config-repository';
import { openLocalStore, type OpenedLocalStore } from '../../shared/store/open-local-store';
import { tempFolder } from './config-files';
import { rss, startFeedServer, type FeedServer } from './feed-server';

/** The watchlist of the console tests, line by line (tests edit it by line). */
export const WATCHLIST_YAML = [
  '# Peace talks (console test)',
  'id: talks',
  'name: Peace talks',
  'actors:',
  '  - id: putin',
  '    name: Vladimir Putin',
  '    aliases: [Putin, Путин]',
  '  - id: witkoff',
  '    name: Steve Witkoff',
  '    aliases: [Witkoff]',
  'keywords: [peace plan, talks]',
  'priority:',
  '  - name: both envoys',
  '    rule: "@putin AND @witkoff"',
  '',
].join('\n');

/** Stories of the test feed: two match the watchlist as written, one more once "ceasefire" is a keyword. */
export const STORIES = [
  {
    guid: 'a',
    title: 'Putin and Witkoff hold talks in Moscow',
    description: 'Five hours of talks on the US peace plan.',
    link: 'https://news.example.org/a',
  },
  {
    guid: 'b',
    title: 'Witkoff presents the peace plan',
    description: 'The envoy met officials.',
    link: 'https://news.example.org/b',
  },
  {
    guid: 'c',
    title: 'Putin comments on a ceasefire proposal',
    description: 'No date was set.',
    link: 'https://news.example.org/c',
  },
  {
    guid: 'd',
    title: 'Club and striker break off talks',
    description: 'Transfer news.',
    link: 'https://news.example.org/d',
  },
];

/** A local store filled by one real pipeline cycle over a local feed, and the console serving it. */
export interface ConsoleFixture {
  server: ConsoleServer;
  store: OpenedLocalStore;
  config: ConfigRepository;
  feeds: FeedServer;
  dataDir: string;
  close(): Promise<void>;
}

/** Polls the test feed once with the real local pipeline, then serves the console on that store. */
export async function startConsoleFixture(): Promise<ConsoleFixture> {
  const feeds = await startFeedServer();
  const date = new Date(Date.now() - 3_600_000).toUTCString();
  feeds.route('/feed.xml', {
    headers: { 'content-type': 'application/rss+xml' },
    body: rss(
      STORIES.map((s) => ({ ...s, pubDate: date })),
      'Example News',
    ),
  });
  const configDir = tempFolder({
    'feeds.yaml': `feeds:\n  - id: example-news\n    url: ${feeds.url('/feed.xml')}\n    lang: en\n`,
    'watchlists/talks.yaml': WATCHLIST_YAML,
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'newsalert-console-'));
  const pipeline = await LocalPipeline.open(dataDir, new Output(() => undefined), {
    seed: loadSeedConfig(configDir),
    fetchOptions: { allowLoopback: true },
  });
  try {
    await pipeline.cycle();
  } finally {
    await pipeline.close();
  }
  const store = await openLocalStore(dataDir);
  const stores = consoleStores(store.client, store.tableName);
  const config = stores.config;
  const server = await startConsoleServer({
    ...stores,
    who: async () => 'console-tester',
    port: 0,
  });
  return {
    server,
    store,
    config,
    feeds,
    dataDir,
    close: async () => {
      await server.close();
      await store.close();
      await feeds.close();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}
