/**
 * `newsalert run --once` as a user runs it: one whole process from a shell, over BENCH_FEEDS
 * (1,000) configured feeds of 20 items on a local server that answers after BENCH_DELAY_MS
 * (100 ms) with ETags. The first run seeds the store and stores every story (not the figure);
 * the runs after it find every feed unchanged (304): that process's wall time is the figure,
 * split at the "polling N feeds" line into the time before the first poll (start-up, store,
 * seeding, config) and the cycle. Baseline in the same run: `newsalert --version`, the
 * process that only loads the CLI.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSlowPublisher } from './support/slow-publisher';

const FEEDS = Number(process.env.BENCH_FEEDS ?? 1000);
const ITEMS = 20;
const DELAY_MS = Number(process.env.BENCH_DELAY_MS ?? 100);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const root = join(__dirname, '..');

function feedXml(f: number): Buffer {
  const items = Array.from(
    { length: ITEMS },
    (_, i) =>
      `<item><guid isPermaLink="false">f${f}-i${i}</guid><title>Ministers meet over the budget (${f}-${i})</title>` +
      `<link>https://news${f}.example.org/${i}</link><description>Energy prices and defence spending.</description>` +
      `<pubDate>Tue, 02 Dec 2025 08:${String(i % 60).padStart(2, '0')}:00 GMT</pubDate></item>`,
  ).join('\n');
  return Buffer.from(
    `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed ${f}</title>${items}</channel></rss>`,
  );
}

/** Runs the CLI; wall time to exit and to the line that starts the poll. */
function cli(args: string[]): Promise<{ ms: number; firstPollMs?: number; output: string }> {
  const started = performance.now();
  let firstPollMs: number | undefined;
  let output = '';
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin/newsalert.js'), ...args], {
      cwd: root,
      env: {
        ...process.env,
        NEWSALERT_ALLOW_LOOPBACK: 'true',
        TSX_DISABLE_CACHE: process.env.TSX_DISABLE_CACHE,
      },
    });
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (firstPollMs === undefined && / polling \d+ feeds/.test(output))
        firstPollMs = performance.now() - started;
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve({ ms: performance.now() - started, firstPollMs, output })
        : reject(new Error(`newsalert ${args.join(' ')} exited ${code}:\n${output.slice(-2000)}`)),
    );
  });
}

async function main(): Promise<void> {
  const publisher = await startSlowPublisher(
    Array.from({ length: FEEDS }, (_, f) => feedXml(f)),
    DELAY_MS,
  );
  const dir = mkdtempSync(join(tmpdir(), 'newsalert-bench-run-'));
  try {
    const config = join(dir, 'config');
    mkdirSync(config);
    cpSync(join(root, 'config/watchlists'), join(config, 'watchlists'), { recursive: true });
    writeFileSync(
      join(config, 'feeds.yaml'),
      `feeds:\n${publisher.urls.map((url, f) => `  - id: feed-${f}\n    url: ${url}\n`).join('')}`,
    );
    const args = ['run', '--once', '--config', config, '--data', join(dir, 'data')];
    const floor = await cli(['--version']);
    const first = await cli(args);
    console.log(
      `first run (seed ${FEEDS} feeds, every story new): ${(first.ms / 1000).toFixed(1)} s, first poll after ${((first.firstPollMs ?? 0) / 1000).toFixed(1)} s`,
    );
    for (let run = 1; run <= RUNS; run++) {
      const before = publisher.requests();
      const again = await cli(args);
      const summary = again.output.split('\n').find((l) => l.startsWith('cycle:')) ?? '(no summary)';
      const floorAgain = await cli(['--version']);
      const floorMs = Math.min(floor.ms, floorAgain.ms);
      console.log(
        `run --once over ${FEEDS} unchanged feeds: ${(again.ms / 1000).toFixed(2)} s as a process (${(again.ms / floorMs).toFixed(1)}x \`newsalert --version\`, ${(floorMs / 1000).toFixed(2)} s); ` +
          `first poll after ${((again.firstPollMs ?? 0) / 1000).toFixed(2)} s; ${publisher.requests() - before} requests; ${summary}`,
      );
    }
  } finally {
    if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
    else console.log(dir);
    await publisher.close();
  }
}

void main();
