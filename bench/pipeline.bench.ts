/**
 * The walking skeleton's cycle: N feeds of M stories from a local server through parse,
 * match and dynalite, then the same cycle again (all 304). Baseline in the same run:
 * rss-parser's own parseURL over the same feeds, one after another.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Parser from 'rss-parser';
import { loadWatchlists } from '../shared/config/load-config';
import { runCycle } from '../shared/pipeline/run-cycle';
import { DynamoRepository } from '../shared/store/dynamo-repository';
import { startLocalStore } from '../shared/store/local-store';
import { compileMatcher } from '../shared/watchlists/compile-matcher';

const FEEDS = Number(process.env.BENCH_FEEDS ?? 50);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 20);

function feedXml(f: number): string {
  const items = Array.from({ length: ITEMS }, (_, i) => `<item><guid>${f}-${i}</guid><title>Story ${i} of feed ${f}: Putin and Witkoff discuss the peace plan</title><link>https://example.org/${f}/${i}</link><description>Talks in Moscow on security guarantees, item ${i}.</description></item>`).join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed ${f}</title>${items}</channel></rss>`;
}

async function main() {
  const bodies = Array.from({ length: FEEDS }, (_, f) => feedXml(f));
  const server = createServer((req, res) => {
    const f = Number(req.url?.slice(1));
    const etag = `"${f}"`;
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304).end();
    res.writeHead(200, { etag, 'content-type': 'application/rss+xml' }).end(bodies[f]);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const feeds = bodies.map((_, f) => ({ id: `f${f}`, url: `${base}/${f}` }));

  let t = performance.now();
  const parser = new Parser();
  for (const feed of feeds) await parser.parseURL(feed.url);
  const baselineMs = performance.now() - t;

  const dir = mkdtempSync(join(tmpdir(), 'newsalert-bench-'));
  const store = await startLocalStore(dir);
  const repository = new DynamoRepository(store.client, store.tableName);
  const matcher = compileMatcher(loadWatchlists(join(__dirname, '..', 'config', 'watchlists')));
  t = performance.now();
  const first = await runCycle({ feeds, repository, matcher });
  const newMs = performance.now() - t;
  t = performance.now();
  const second = await runCycle({ feeds, repository, matcher });
  const unchangedMs = performance.now() - t;
  await store.close();
  server.close();
  rmSync(dir, { recursive: true, force: true });

  console.log(`${FEEDS} feeds x ${ITEMS} items (local server, no added latency)`);
  console.log(`baseline rss-parser parseURL, sequential: ${baselineMs.toFixed(0)} ms`);
  console.log(`cycle, all new (${first.newStories} stories stored): ${newMs.toFixed(0)} ms (${(newMs / baselineMs).toFixed(2)}x baseline)`);
  console.log(`cycle, all unchanged (${second.notModified} x 304): ${unchangedMs.toFixed(0)} ms (${(baselineMs / unchangedMs).toFixed(1)}x faster than baseline)`);
  console.log(`memory peak (rss): ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
