/**
 * Hostile feeds beside normal ones: each body (all under the 10 MiB body cap) is decoded and
 * parsed as the poller does (decodeBody + parseFeed, default limits) in a fresh process of its
 * own, which reports its CPU time and the resident memory it added (peak RSS over the RSS
 * with the body read). Budget per feed, whatever it holds: decided (stories or a one-line
 * refusal) in <= 2 s of CPU and <= 256 MB of extra RSS. A case past BENCH_HOSTILE_TIMEOUT_S
 * (default 60) is killed and reported as such.
 * Then the neighbours: one healthy feed that answers after 200 ms, fetched and parsed alone,
 * and again while every hostile feed of the set is polled in the same process at once; the
 * ratio of its time to the answer is what a cycle's other feeds feel.
 * Baseline in the same run: the normal cases. BENCH_TREE=<checkout> measures another
 * checkout's shared/feeds (e.g. the code before a change) with the same bodies.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';

const ROOT = join(__dirname, '..');
const TREE = resolve(process.env.BENCH_TREE ?? ROOT);
const OUT = join(ROOT, '.bench', 'hostile');
const TIMEOUT_S = Number(process.env.BENCH_HOSTILE_TIMEOUT_S ?? 60);
const CAP = 10 * 1024 * 1024;
const BUDGET_CPU_MS = 2000;
const BUDGET_RSS_MB = 256;

const rssDoc = (items: string) =>
  `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench</title><link>https://bench.example.org/</link>${items}</channel></rss>`;
/** Repeats `unit` to fill `bytes` (roughly; never over). */
const fill = (unit: string, bytes: number) => unit.repeat(Math.floor(bytes / unit.length));
const newsItem = (i: number) =>
  `<item><guid isPermaLink="false">n${i}</guid><title>Putin and Witkoff discuss the peace plan (${i})</title>` +
  `<link>https://bench.example.org/world/${i}?utm_source=rss</link><description>&lt;p&gt;Kremlin spokesman Dmitry Peskov said the talks were &lt;b&gt;constructive&lt;/b&gt;; ministers of finance met on Tuesday to discuss the budget, with energy prices and defence spending at the top of the agenda.&lt;/p&gt;</description>` +
  `<pubDate>Tue, 02 Dec 2025 08:${String(i % 60).padStart(2, '0')}:00 GMT</pubDate></item>`;
const withSummary = (summary: string) =>
  rssDoc(
    `<item><guid>h1</guid><title>Zelensky in Paris</title><description><![CDATA[${summary}]]></description></item>`,
  );

/** The cases: name, kind and body. Hostile bodies fill the body cap, less a little. */
const CASES: { name: string; hostile: boolean; body: () => string }[] = [
  {
    name: 'normal: 50 news items (40 KB)',
    hostile: false,
    body: () => rssDoc(range(50).map(newsItem).join('')),
  },
  {
    name: 'normal: 20,000 news items (9.5 MB)',
    hostile: false,
    body: () => rssDoc(range(20_000).map(newsItem).join('')),
  },
  { name: 'summary of 300 KB unclosed tags', hostile: true, body: () => withSummary(fill('<a', 300_000)) },
  { name: 'summary of 9.9 MB unclosed tags', hostile: true, body: () => withSummary(fill('<a', CAP - 4096)) },
  { name: 'summary of 9.9 MB "<"', hostile: true, body: () => withSummary(fill('<', CAP - 4096)) },
  {
    name: 'summary of 9.9 MB nested <div><span>',
    hostile: true,
    body: () => withSummary(fill('<div><span>', CAP - 4096)),
  },
  {
    name: 'summary of 9.9 MB unclosed <script>',
    hostile: true,
    body: () => withSummary(fill('<script>x', CAP - 4096)),
  },
  {
    name: 'summary of 9.9 MB unclosed comments',
    hostile: true,
    body: () => withSummary(fill('<!--', CAP - 4096)),
  },
  {
    name: 'summary of one 9.9 MB attribute value',
    hostile: true,
    body: () => withSummary(`<a href="${fill('x', CAP - 4096)}">`),
  },
  {
    name: 'summary of 9.9 MB entities',
    hostile: true,
    body: () => withSummary(fill('&amp;&#146;&nosuch;', CAP - 4096)),
  },
  {
    name: 'XML nested 9.9 MB deep in a description',
    hostile: true,
    body: () => {
      const depth = Math.floor((CAP - 4096) / 7);
      return rssDoc(
        `<item><guid>d</guid><title>Deep</title><description>${'<x>'.repeat(depth)}${'</x>'.repeat(depth)}</description></item>`,
      );
    },
  },
  {
    name: '180,000 tiny items (10 MB)',
    hostile: true,
    body: () =>
      rssDoc(
        range(180_000)
          .map((i) => `<item><title>t${i}</title><guid>${i}</guid></item>`)
          .join(''),
      ),
  },
  {
    name: 'JSON Feed of 180,000 tiny items',
    hostile: true,
    body: () =>
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'J',
        items: range(180_000).map((i) => ({ id: `g${i}`, title: `tiny item ${i}` })),
      }),
  },
];

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

interface Figures {
  cpuMs: number;
  extraRssMb: number;
  outcome: string;
}

/** Child: decode and parse one body file; print its figures as JSON. */
async function child(file: string): Promise<void> {
  const { decodeBody } = (await import(
    join(TREE, 'shared', 'feeds', 'decode-body')
  )) as typeof import('../shared/feeds/decode-body');
  const { parseFeed } = (await import(
    join(TREE, 'shared', 'feeds', 'parse-feed')
  )) as typeof import('../shared/feeds/parse-feed');
  // Warm the code on a small feed first, so the figures are the feed's, not the compiler's.
  await parseFeed(rssDoc(range(5).map(newsItem).join('')), {
    feedId: 'w',
    url: 'https://w.example/',
    fetchedAt: new Date().toISOString(),
  });
  const body = readFileSync(file);
  (globalThis as { gc?: () => void }).gc?.();
  const rssBefore = process.memoryUsage().rss;
  const start = process.cpuUsage();
  let outcome: string;
  try {
    const feed = await parseFeed(decodeBody(body, 'application/rss+xml').text, {
      feedId: 'bench',
      url: 'https://bench.example.org/feed.xml',
      fetchedAt: new Date().toISOString(),
    });
    outcome = `${feed.stories.length} stories`;
  } catch (err) {
    outcome = `refused: ${(err as Error).message.replace(/^\S+: /, '').slice(0, 70)}`;
  }
  const used = process.cpuUsage(start);
  const figures: Figures = {
    cpuMs: (used.user + used.system) / 1000,
    extraRssMb: Math.max(0, process.resourceUsage().maxRSS * 1024 - rssBefore) / 2 ** 20,
    outcome,
  };
  process.stdout.write(JSON.stringify(figures));
}

function runChild(file: string): Figures | undefined {
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', __filename, '--child', file], {
    encoding: 'utf8',
    timeout: TIMEOUT_S * 1000,
    maxBuffer: 1 << 20,
  });
  if (run.status !== 0) return undefined;
  return JSON.parse(run.stdout) as Figures;
}

/** One healthy feed's time to parsed stories, alone and with the hostile feeds polled beside it. */
async function neighbours(files: string[]): Promise<{ alone: number; beside: number; outcome: string }> {
  const { fetchFeed } = (await import(
    join(TREE, 'shared', 'feeds', 'fetch-feed')
  )) as typeof import('../shared/feeds/fetch-feed');
  const { decodeBody } = (await import(
    join(TREE, 'shared', 'feeds', 'decode-body')
  )) as typeof import('../shared/feeds/decode-body');
  const { parseFeed } = (await import(
    join(TREE, 'shared', 'feeds', 'parse-feed')
  )) as typeof import('../shared/feeds/parse-feed');
  const bodies = files.map((f) => readFileSync(f));
  const healthy = Buffer.from(rssDoc(range(50).map(newsItem).join('')));
  const server = createServer((req, res) => {
    const i = Number(req.url?.slice(1));
    const body = i < 0 ? healthy : bodies[i];
    setTimeout(
      () => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body),
      i < 0 ? 200 : 0,
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const poll = async (path: string) => {
    const started = performance.now();
    const response = await fetchFeed(`${base}${path}`, {}, { allowLoopback: true, timeoutMs: 60_000 });
    if (response.status !== 'ok') throw new Error('304');
    const feed = await parseFeed(decodeBody(response.body, response.contentType).text, {
      feedId: path,
      url: `${base}${path}`,
      fetchedAt: new Date().toISOString(),
    });
    return { ms: performance.now() - started, stories: feed.stories.length };
  };
  await poll('/-1');
  const alone = (await poll('/-1')).ms;
  const hostile = bodies.map((_, i) => poll(`/${i}`).catch(() => undefined));
  const mine = await poll('/-1');
  await Promise.all(hostile);
  server.close();
  return { alone, beside: mine.ms, outcome: `${mine.stories} stories` };
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return child(process.argv[3]!);
  if (process.argv[2] === '--neighbours') {
    process.stdout.write(JSON.stringify(await neighbours(process.argv.slice(3))));
    return;
  }
  mkdirSync(OUT, { recursive: true });
  console.log(
    `code: ${TREE === ROOT ? 'this checkout' : TREE}; each case in a fresh process; budget ${BUDGET_CPU_MS} ms CPU, ${BUDGET_RSS_MB} MB extra RSS`,
  );
  const files: { name: string; hostile: boolean; file: string; bytes: number }[] = CASES.map((c, i) => {
    const body = Buffer.from(c.body());
    if (body.length > CAP) throw new Error(`${c.name}: ${body.length} bytes, over the body cap`);
    const file = join(OUT, `${i}.feed`);
    writeFileSync(file, body);
    return { name: c.name, hostile: c.hostile, file, bytes: body.length };
  });
  let normalCpu = 0;
  let normalRss = 0;
  let worstCpu = 0;
  let worstRss = 0;
  let over = 0;
  for (const c of files) {
    const f = runChild(c.file);
    if (!f) {
      over++;
      console.log(`  ${c.name.padEnd(42)} > ${TIMEOUT_S} s: killed, not decided`);
      continue;
    }
    const verdict =
      f.cpuMs <= BUDGET_CPU_MS && f.extraRssMb <= BUDGET_RSS_MB ? 'within budget' : 'OVER BUDGET';
    if (verdict !== 'within budget') over++;
    if (c.hostile) {
      worstCpu = Math.max(worstCpu, f.cpuMs);
      worstRss = Math.max(worstRss, f.extraRssMb);
    } else {
      normalCpu = Math.max(normalCpu, f.cpuMs);
      normalRss = Math.max(normalRss, f.extraRssMb);
    }
    console.log(
      `  ${c.name.padEnd(42)} ${(c.bytes / 2 ** 20).toFixed(1).padStart(5)} MB  ${f.cpuMs.toFixed(0).padStart(6)} ms CPU  ${f.extraRssMb.toFixed(0).padStart(5)} MB RSS  ${verdict}: ${f.outcome}`,
    );
  }
  console.log(
    `worst hostile / worst normal (the 9.5 MB feed): CPU ${(worstCpu / normalCpu).toFixed(2)}x, extra RSS ${(worstRss / Math.max(normalRss, 1)).toFixed(2)}x`,
  );
  const neighbour = spawn(
    process.execPath,
    ['--import', 'tsx', __filename, '--neighbours', ...files.filter((c) => c.hostile).map((c) => c.file)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  neighbour.stdout.on('data', (d: Buffer) => (out += d));
  const killer = setTimeout(() => neighbour.kill('SIGKILL'), TIMEOUT_S * 4 * 1000);
  const code = await new Promise<number | null>((r) => neighbour.on('close', r));
  clearTimeout(killer);
  if (code === 0) {
    const n = JSON.parse(out) as { alone: number; beside: number; outcome: string };
    console.log(
      `neighbour (answers after 200 ms): alone ${n.alone.toFixed(0)} ms, beside every hostile feed at once ${n.beside.toFixed(0)} ms (${(n.beside / n.alone).toFixed(2)}x), ${n.outcome}`,
    );
  } else console.log(`neighbour: not done within ${TIMEOUT_S * 4} s (killed)`);
  console.log(over === 0 ? 'budget met' : `budget NOT met: ${over} cases`);
  if (over > 0) process.exitCode = 1;
}

void main();
