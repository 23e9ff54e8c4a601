import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadWatchlists } from '../../shared/config/load-config';
import { startDemoFeedServer } from '../demo/demo-feed-server';
import { LocalPipeline } from '../local-pipeline';
import { Output } from '../output';
import { DEFAULT_CONFIG_DIR } from '../paths';

/** Options of `newsalert demo`. */
export interface DemoOptions {
  /** Folder whose watchlists/ the demo matches with. @default the project's config/ */
  config: string;
  /** Keep the temporary data folder (its outbox.jsonl) instead of deleting it. @default false */
  keep?: boolean;
}

/**
 * `newsalert demo`: offline, in seconds. Sample feeds from a local HTTP server, one cycle on a
 * temporary data folder with the alerts printed, then a second cycle that finds nothing new.
 */
export async function demoCommand(options: DemoOptions, out = new Output()): Promise<void> {
  const watchlists = loadWatchlists(join(resolve(options.config), 'watchlists'));
  const server = await startDemoFeedServer();
  const dataDir = mkdtempSync(join(tmpdir(), 'newsalert-demo-'));
  let pipeline: LocalPipeline | undefined;
  try {
    out.line(
      `newsalert demo: ${server.feeds.length} sample feeds on a local server, watchlists: ${watchlists.map((w) => w.id).join(', ')}`,
    );
    out.line(`data folder: ${dataDir}`);
    pipeline = await LocalPipeline.open(dataDir, out, {
      seed: { feeds: server.feeds, watchlists },
      seedLabel: 'the demo',
    });
    out.line('');
    out.line('First cycle: every story is new.');
    await pipeline.cycle();
    out.line('');
    out.line('Second cycle: the feeds answer 304 Not Modified and nothing is stored or alerted twice.');
    await pipeline.cycle();
    out.line('');
    out.line(
      options.keep
        ? `Alerts written to ${join(dataDir, 'outbox.jsonl')}`
        : 'Run `npm start` to poll the real feeds in config/feeds.yaml.',
    );
  } finally {
    await pipeline?.close();
    await server.close();
    if (!options.keep) rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Adds `demo` to the CLI. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('offline demo: sample feeds from a local server, two cycles on a temporary store')
    .option('--config <dir>', 'folder whose watchlists/ are used', DEFAULT_CONFIG_DIR)
    .option('--keep', 'keep the temporary data folder and its outbox.jsonl')
    .action((options: DemoOptions) => demoCommand(options));
}
