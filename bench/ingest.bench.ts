/**
 * Issue 3's ingestion benchmark: a poll cycle over 1,000 feeds of 50 items each, served by a
 * local server that answers every request after 100 ms, as distant publishers do.
 *   (b) every feed new: every story decoded, normalised, matched and stored (dynalite);
 *   (a) every feed unchanged: the same cycle again, answered 304 to the conditional request.
 * Baseline in the same run: rss-parser's parseURL over the same feeds one after another
 * (no conditional requests, no storage; about 100 s by construction).
 * Also measured: storing stories with one conditional PutItem each (the skeleton's way),
 * on a sample, to show why stories are written in batches.
 * Sizes: BENCH_FEEDS, BENCH_ITEMS, BENCH_DELAY_MS, BENCH_CONCURRENCY (default: runCycle's).
 */
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import Parser from 'rss-parser';
import { loadWatchlists } from '../shared/config/load-config';
import { mapLimit } from '../shared/util/map-limit';
import { newMatchesOf, runCycle, type CycleSummary } from '../shared/pipeline/run-cycle';
import { DynamoRepository } from '../shared/store/dynamo-repository';
import { storyToItem } from '../shared/store/item-mappers';
import { compileMatcher } from '../shared/watchlists/compile-matcher';
import { startChildDynalite } from './support/child-dynalite';
import { startSlowPublisher } from './support/slow-publisher';

const FEEDS = Number(process.env.BENCH_FEEDS ?? 1000);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 50);
const DELAY_MS = Number(process.env.BENCH_DELAY_MS ?? 100);
const CONCURRENCY = process.env.BENCH_CONCURRENCY ? Number(process.env.BENCH_CONCURRENCY) : undefined;
const SAMPLE_PUTS = 2000;

/** One feed of realistic news items; one item in 20 is about the talks (and matches). */
function feedXml(f: number): Buffer {
  const items = Array.from({ length: ITEMS }, (_, i) => {
    const talks = i % 20 === 0;
    const title = talks
      ? `Putin and Witkoff discuss the peace plan in Moscow (${f}-${i})`
      : `Ministers meet in Brussels over the budget and energy prices (${f}-${i})`;
    const text = talks
      ? 'Kremlin spokesman Dmitry Peskov said the talks on security guarantees were &lt;b&gt;constructive&lt;/b&gt;.'
      : 'The ministers of finance met on Tuesday to discuss next year&amp;#39;s budget, with energy prices and defence spending at the top of the agenda.';
    return (
      `<item><guid isPermaLink="false">f${f}-i${i}</guid><title>${title}</title>` +
      `<link>https://news${f}.example.org/world/2025/12/02/story-${i}?utm_source=rss&amp;utm_medium=feed</link>` +
      `<description>&lt;p&gt;${text}&lt;/p&gt;</description><pubDate>Tue, 02 Dec 2025 08:${String(i % 60).padStart(2, '0')}:00 GMT</pubDate></item>`
    );
  }).join('\n');
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Feed ${f}</title><link>https://news${f}.example.org/</link>\n${items}\n</channel></rss>\n`,
  );
}

interface Measured<T> {
  value: T;
  ms: number;
  peakMiB: number;
  /** CPU time of this process (pipeline and publisher) and of the dynalite process. */
  cpuMs: number;
  storeCpuMs: number;
}

/** Samples the resident set size while `fn` runs; returns its time, the peak and the CPU used. */
async function measure<T>(fn: () => Promise<T>, storeCpu: () => number): Promise<Measured<T>> {
  global.gc?.();
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const cpu0 = process.cpuUsage();
  const store0 = storeCpu();
  const start = performance.now();
  try {
    const value = await fn();
    const cpu = process.cpuUsage(cpu0);
    return {
      value,
      ms: performance.now() - start,
      peakMiB: Math.max(peak, process.memoryUsage().rss) / 2 ** 20,
      cpuMs: (cpu.user + cpu.system) / 1000,
      storeCpuMs: storeCpu() - store0,
    };
  } finally {
    clearInterval(timer);
  }
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
  const publisher = await startSlowPublisher(
    Array.from({ length: FEEDS }, (_, f) => feedXml(f)),
    DELAY_MS,
  );
  const feeds = publisher.urls.map((url, f) => ({ id: `f${f}`, url }));
  const store = await startChildDynalite();
  const repository = new DynamoRepository(store.client, store.tableName);
  const matcher = compileMatcher(loadWatchlists(join(__dirname, '..', 'config', 'watchlists')));
  const options = {
    feeds,
    repository,
    matcher,
    fetchOptions: { allowLoopback: true },
    concurrency: CONCURRENCY,
  };
  const line = (name: string, r: Measured<unknown>, extra: string) =>
    console.log(
      `${name.padEnd(30)} ${s(r.ms).padStart(7)}   cpu ${s(r.cpuMs)} + store ${s(r.storeCpuMs)}   peak rss ${r.peakMiB.toFixed(0)} MiB   ${extra}`,
    );
  console.log(
    `${FEEDS} feeds x ${ITEMS} items, every answer after ${DELAY_MS} ms, concurrency ${CONCURRENCY ?? 'default (48)'}, dynalite in a child process`,
  );
  console.log(
    `load average before: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${availableParallelism()} cores`,
  );

  const b = await measure<CycleSummary>(() => runCycle(options), store.cpuMs);
  line(
    '(b) all new, stored',
    b,
    `${b.value.newStories} stories, ${newMatchesOf(b.value).length} matches stored, ${b.value.failed} failed`,
  );
  const a = await measure<CycleSummary>(() => runCycle(options), store.cpuMs);
  line(
    '(a) all unchanged (304)',
    a,
    `${a.value.notModified} x 304, ${a.value.newStories} new stories, ${a.value.failed} failed`,
  );

  const parser = new Parser();
  const base = await measure(async () => {
    let items = 0;
    for (const feed of feeds) items += (await parser.parseURL(feed.url)).items.length;
    return items;
  }, store.cpuMs);
  line('baseline: parseURL sequential', base, `${base.value} items parsed`);

  // The skeleton's write path: one conditional PutItem per story, on a sample.
  const stories = Array.from({ length: SAMPLE_PUTS }, (_, i) => ({
    id: `sample-${i}`,
    feedId: 'sample',
    title: `Sample story ${i}`,
    summary: 'x'.repeat(200),
    link: `https://example.org/${i}`,
    publishedAt: new Date().toISOString(),
    fetchedAt: new Date().toISOString(),
  }));
  const puts = await measure(
    () =>
      mapLimit(stories, 16, (story) =>
        store.client.send(
          new PutItemCommand({
            TableName: store.tableName,
            Item: marshall(storyToItem(story, 0)),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      ),
    store.cpuMs,
  );
  const batched = await measure(
    () => repository.putStories(stories.map((st) => ({ ...st, id: `batched-${st.id}` }))),
    store.cpuMs,
  );
  const perPut = puts.ms / SAMPLE_PUTS;
  const perBatched = batched.ms / SAMPLE_PUTS;
  console.log(
    `store ${SAMPLE_PUTS} stories: one conditional put each ${s(puts.ms)} (${perPut.toFixed(2)} ms/story), batched ${s(batched.ms)} (${perBatched.toFixed(2)} ms/story), ${(perPut / perBatched).toFixed(1)}x`,
  );
  console.log(
    `  -> ${FEEDS * ITEMS} stories one put at a time would take about ${s(perPut * FEEDS * ITEMS)} for the writes alone`,
  );

  console.log('');
  console.log(
    `(a) ${s(a.ms)}: ${(base.ms / a.ms).toFixed(1)}x faster than the baseline (target: <= 5 s and >= 20x)`,
  );
  console.log(
    `(b) ${s(b.ms)}: ${(base.ms / b.ms).toFixed(1)}x faster than the baseline, with storage (target: <= 30 s)`,
  );
  console.log(`memory peak (rss): ${Math.max(a.peakMiB, b.peakMiB).toFixed(0)} MiB during the cycles`);
  console.log(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(
        ' ',
      )} (other work on the machine slows the cycles, which need CPU, more than the baseline, which waits)`,
  );
  await store.close();
  await publisher.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
