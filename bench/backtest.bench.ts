/**
 * `watchlists backtest` over a month of stored stories on dynalite: read the stories of the
 * window (filtered parallel Scan) and run the running and the edited watchlist over each.
 * Baseline in the same run: a bare Scan of the same table (every item, no filter, no
 * matching), i.e. the cost of just reading the data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { loadWatchlists } from '../shared/config/load-config';
import { backtestWatchlists } from '../shared/pipeline/backtest-watchlists';
import { matchToItem, storyToItem } from '../shared/store/item-mappers';
import { startLocalStore } from '../shared/store/local-store';
import { DynamoRepository } from '../shared/store/dynamo-repository';
import type { Story } from '../shared/stories/story';

const DAYS = Number(process.env.BENCH_DAYS ?? 30);
const PER_DAY = Number(process.env.BENCH_STORIES_PER_DAY ?? 500);
// Mostly neutral words, so that only some stories match and the edit changes some results.
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
  };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'newsalert-bench-backtest-'));
  const store = await startLocalStore(dir);
  const doc = DynamoDBDocumentClient.from(store.client);
  const [running] = loadWatchlists(join(__dirname, '..', 'config', 'watchlists'));
  // The edit: a narrower rule (the peace process named, with Putin, Lavrov or Macron).
  const edited = { ...running!, rule: '(@putin OR @lavrov OR @macron) AND #peace' };
  const now = Date.now();
  const items: Record<string, unknown>[] = [];
  for (let day = 0; day < DAYS; day++) {
    for (let i = 0; i < PER_DAY; i++) {
      const s = story(day, i, now);
      items.push(storyToItem(s, Math.floor(now / 1000) + 86_400 * 90));
      // About one story in ten matched: the table holds matches too, as in production.
      if (i % 10 === 0)
        items.push(
          matchToItem({
            watchlistId: running!.id,
            watchlistName: running!.name,
            actors: ['putin'],
            terms: ['talks'],
            matchedAt: s.fetchedAt,
            story: s,
          }),
        );
    }
  }
  for (let i = 0; i < items.length; i += 25) {
    await doc.send(
      new BatchWriteCommand({
        RequestItems: { [store.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
  }

  let t = performance.now();
  let scanned = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(new ScanCommand({ TableName: store.tableName, ExclusiveStartKey: startKey }));
    scanned += out.Items?.length ?? 0;
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  const baselineMs = performance.now() - t;

  t = performance.now();
  const stories = await new DynamoRepository(store.client, store.tableName).scanStoriesSince(
    new Date(now - DAYS * 86_400_000 - 60_000),
  );
  const readMs = performance.now() - t;
  t = performance.now();
  const [result] = backtestWatchlists([edited], new Map([[running!.id, running!]]), stories);
  const matchMs = performance.now() - t;
  await store.close();
  rmSync(dir, { recursive: true, force: true });

  const totalMs = readMs + matchMs;
  console.log(
    `${stories.length} stories over ${DAYS} days (${scanned} items in the table), dynalite, watchlist ${running!.id} (${running!.actors.length} actors, ${Object.keys(running!.themes ?? {}).length} themes)`,
  );
  console.log(`baseline bare Scan of the table: ${baselineMs.toFixed(0)} ms`);
  console.log(
    `backtest: ${totalMs.toFixed(0)} ms (${(totalMs / baselineMs).toFixed(2)}x baseline) = read ${readMs.toFixed(0)} ms + match ${matchMs.toFixed(0)} ms (${Math.round(stories.length / (matchMs / 1000))} stories/s, both versions)`,
  );
  console.log(
    `result: ${result!.newlyMatching.length} would newly match, ${result!.stopMatching.length} would stop, ${result!.stillMatching} still match`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
