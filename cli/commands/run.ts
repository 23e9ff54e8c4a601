import { resolve } from 'node:path';
import type { Command } from 'commander';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadSeedConfig } from '../../shared/config/seed-config';
import { ConfigError } from '../../shared/errors';
import { LocalPipeline } from '../local-pipeline';
import { Output } from '../output';
import { CONSOLE_PORT, startLocalConsole, type ConsoleServer } from './console';
import { DEFAULT_CONFIG_DIR } from '../paths';

/** Options of `newsalert run`. */
export interface RunOptions {
  /** One cycle, then exit. @default false */
  once?: boolean;
  /** Folder with feeds.yaml and watchlists/. @default "config" */
  config: string;
  /** Local store folder. @default ".newsalert" */
  data: string;
  /** Minutes between cycles. @default "5" */
  interval: string;
  /** Port of the console served beside the pipeline (not with --once). @default "8787" */
  consolePort?: string;
}

/**
 * `newsalert run`: the pipeline locally, every N minutes until Ctrl-C (or once). config/ seeds
 * the store on first use; from then on the store's feeds and watchlists run, as in AWS.
 */
export async function runCommand(options: RunOptions, out = new Output()): Promise<void> {
  const minutes = Number(options.interval);
  if (!Number.isFinite(minutes) || minutes <= 0)
    throw new ConfigError(`--interval ${options.interval}: give a number of minutes above 0`);
  // Validated before the store opens: a broken config/ is reported even on a seeded store.
  const seed = loadSeedConfig(resolve(options.config));
  const dataDir = resolve(options.data);
  const pipeline = await LocalPipeline.open(dataDir, out, { seed, seedLabel: options.config });
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let web: ConsoleServer | undefined;
  try {
    const running = await pipeline.runningConfig();
    out.line(
      `newsalert: ${running.feeds.length} feeds, ${running.watchlists.length} watchlists (from the store), data in ${dataDir}`,
    );
    web = options.once
      ? undefined
      : await startLocalConsole(pipeline.storeHandle, dataDir, Number(options.consolePort ?? CONSOLE_PORT));
    if (web) out.line(`console: ${web.url}`);
    for (;;) {
      await pipeline.cycle();
      if (options.once || stop.signal.aborted) break;
      out.line(`next cycle in ${minutes} min (Ctrl-C to stop)`);
      try {
        await sleep(minutes * 60_000, undefined, { signal: stop.signal });
      } catch {
        break;
      }
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await web?.close();
    await pipeline.close();
  }
}

/** Adds `run` to the CLI. */
export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run the pipeline locally: poll the configured feeds every N minutes on an embedded store')
    .option('--once', 'run one cycle, then exit')
    .option('--config <dir>', 'folder with feeds.yaml and watchlists/*.yaml', DEFAULT_CONFIG_DIR)
    .option('--data <dir>', 'local store folder (dynalite data and outbox.jsonl)', '.newsalert')
    .option('--interval <minutes>', 'minutes between cycles', '5')
    .option('--console-port <n>', 'port of the web console served beside the pipeline', String(CONSOLE_PORT))
    .action((options: RunOptions) => runCommand(options));
}
