/**
 * The console on the local server, in headless Chromium, over a month of stored stories
 * (dynalite, 500 stories a day, one in ten matched):
 * - first page load: bytes on the wire (gzip) and the time until the Matches page shows its
 *   cards, with the browser cache off; baseline in the same run: a bare HTML page from a
 *   plain node:http server on 127.0.0.1, in the same browser;
 * - backtest preview: POST /api/watchlists/preview over 30 days, cold (stories read) and
 *   warm (the minute's cache); baseline in the same run: the same use case in process
 *   (scanStoriesSince + backtestWatchlists), as `watchlists backtest` runs it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startConsoleServer } from '../cli/commands/console';
import { consoleStores } from '../shared/console/console-stores';
import { loadSeedConfig } from '../shared/config/seed-config';
import { seedConfig } from '../shared/config/seed-config';
import { backtestWatchlists } from '../shared/pipeline/backtest-watchlists';
import { ConfigRepository } from '../shared/store/config-repository';
import { DynamoRepository } from '../shared/store/dynamo-repository';
import { matchToItem, storyToItem } from '../shared/store/item-mappers';
import { startLocalStore } from '../shared/store/local-store';
import type { Story } from '../shared/stories/story';
import { compileMatcher } from '../shared/watchlists/compile-matcher';
import type { Watchlist } from '../shared/watchlists/watchlist';
import { launchBrowser } from '../test/support/browser';

const DAYS = 30;
const PER_DAY = Number(process.env.BENCH_STORIES_PER_DAY ?? 500);
const LOADS = 5;
const WORDS = [
  'Putin',
  'Witkoff',
  'Lavrov',
  'Macron',
  'markets',
  'weather',
  'football',
  'peace plan',
  'talks',
  'election',
  'budget',
  'museum',
  'Путин',
  'rail',
  'storm',
  'transfer',
  'festival',
];

function story(day: number, i: number, now: number): Story {
  const pick = (k: number) => WORDS[(day * 31 + i * 7 + k * 13) % WORDS.length];
  const fetchedAt = new Date(now - day * 86_400_000 - i * 1000).toISOString();
  return {
    id: `s-${day}-${i}`,
    feedId: `f${i % 14}`,
    title: `${pick(0)} and ${pick(1)} on ${pick(2)}: report ${i}`,
    summary: `A story of day ${day} about ${pick(3)}, ${pick(4)} and the ${pick(5)} with some more words to make it the usual length of a summary.`,
    link: `https://news.example.org/${day}/${i}`,
    publishedAt: fetchedAt,
    fetchedAt,
    lang: 'en',
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'newsalert-bench-console-'));
  const store = await startLocalStore(dir);
  const doc = DynamoDBDocumentClient.from(store.client);
  const config = new ConfigRepository(store.client, store.tableName);
  const seed = loadSeedConfig(join(__dirname, '..', 'config'));
  await seedConfig(config, seed, 'bench');
  const running = seed.watchlists[0]! as Watchlist;
  const matcher = compileMatcher([running]);
  const now = Date.now();
  const items: Record<string, unknown>[] = [];
  for (let day = 0; day < DAYS; day++)
    for (let i = 0; i < PER_DAY; i++) {
      const s = story(day, i, now);
      items.push(storyToItem(s, Math.floor(now / 1000) + 86_400 * 90));
      // The matches the pipeline would have stored, for the Matches page (the first day's are shown).
      for (const hit of matcher.match(s))
        items.push(matchToItem({ ...hit, matchedAt: s.fetchedAt, story: s }));
    }
  for (let i = 0; i < items.length; i += 25)
    await doc.send(
      new BatchWriteCommand({
        RequestItems: { [store.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
  const server = await startConsoleServer({
    ...consoleStores(store.client, store.tableName),
    who: async () => 'bench',
    port: 0,
  });
  const bare = createServer((_, res) =>
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end('<!doctype html><title>x</title><p class="match">hello</p>'),
  );
  await new Promise<void>((done) => bare.listen(0, '127.0.0.1', done));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;

  const browser = await launchBrowser();
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  let wire = 0;
  const files: Record<string, number> = {};
  cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => (wire += e.encodedDataLength));
  page.on('response', async (r) => {
    const sizes = await r
      .request()
      .sizes()
      .catch(() => undefined);
    if (sizes) files[new URL(r.url()).pathname] = sizes.responseBodySize + sizes.responseHeadersSize;
  });
  const load = async (url: string, selector: string) => {
    wire = 0;
    const t = performance.now();
    await page.goto(url);
    await page.locator(selector).first().waitFor();
    return { ms: performance.now() - t, bytes: wire };
  };
  const baseline: number[] = [];
  const consoleLoads: { ms: number; bytes: number }[] = [];
  for (let i = 0; i < LOADS; i++) {
    baseline.push((await load(bareUrl, '.match')).ms);
    await page.goto('about:blank');
    consoleLoads.push(await load(`${server.url}#/matches`, '.match'));
    await page.goto('about:blank');
  }
  const cards = await (async () => {
    await page.goto(`${server.url}#/matches`);
    await page.locator('.match').first().waitFor();
    return page.locator('.match').count();
  })();
  await browser.close();

  // The preview: HTTP end to end, against the same use case in process.
  const source = readFileSync(
    join(__dirname, '..', 'config', 'watchlists', `${running.id}.yaml`),
    'utf8',
  ).replace(/^rule:/m, 'rule: "(@putin OR @lavrov OR @macron) AND #peace"\nold-rule:');
  const since = new Date(now - DAYS * 86_400_000 - 60_000);
  const t = performance.now();
  const stories = await new DynamoRepository(store.client, store.tableName).scanStoriesSince(since);
  const edited = { ...running, rule: '(@putin OR @lavrov OR @macron) AND #peace' };
  backtestWatchlists([edited], new Map([[running.id, running]]), stories);
  const inProcessMs = performance.now() - t;
  const preview = async () => {
    const started = performance.now();
    const res = await fetch(`${server.url}api/watchlists/preview`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', host: new URL(server.url).host },
      body: JSON.stringify({ source, since: `${DAYS}d` }),
    });
    const body = (await res.json()) as {
      stories: number;
      addedTotal: number;
      droppedTotal: number;
      error?: string;
    };
    if (!res.ok) throw new Error(body.error);
    return { ms: performance.now() - started, body };
  };
  const cold = await preview();
  const warm = await preview();
  await server.close();
  bare.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });

  const bytes = median(consoleLoads.map((l) => l.bytes));
  console.log(
    `${stories.length} stories over ${DAYS} days, ${items.length - stories.length} matches stored; Matches page shows ${cards} cards (last 24 h)`,
  );
  console.log(
    `first page load (cache off, median of ${LOADS}): ${(bytes / 1024).toFixed(1)} KB on the wire (gzip), ${median(consoleLoads.map((l) => l.ms)).toFixed(0)} ms to the first match card; baseline bare page ${median(baseline).toFixed(0)} ms`,
  );
  console.log(
    `  per file (body + headers, bytes): ${Object.entries(files)
      .filter(([p]) => p !== '/')
      .map(([p, n]) => `${p} ${n}`)
      .join(', ')}`,
  );
  console.log(
    `backtest preview over ${DAYS} days (${cold.body.stories} stories; ${cold.body.addedTotal} added, ${cold.body.droppedTotal} dropped): cold ${cold.ms.toFixed(0)} ms, warm ${warm.ms.toFixed(0)} ms; baseline the same use case in process ${inProcessMs.toFixed(0)} ms (cold ${(cold.ms / inProcessMs).toFixed(2)}x)`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
