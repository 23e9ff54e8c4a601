import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, WatchlistError } from '../errors';
import { FeedConfigSchema, FeedsFileSchema, type FeedConfig } from '../feeds/feed-config';
import { WatchlistSchema, type Watchlist } from '../watchlists/watchlist';
import { readYamlFile } from './yaml-file';

/** Everything the pipeline is configured with: JSON-serialisable, so it can be bundled. */
export interface AppConfig {
  feeds: FeedConfig[];
  watchlists: Watchlist[];
}

/**
 * Loads `<dir>/feeds.yaml` and every `<dir>/watchlists/*.yaml`. Throws a ConfigError listing
 * every problem as `file:line: field: message`.
 */
export function loadConfig(dir: string): AppConfig {
  const feedsFile = join(dir, 'feeds.yaml');
  if (!existsSync(feedsFile)) throw new ConfigError(`${feedsFile}: not found (pass --config DIR with a feeds.yaml)`);
  const { feeds } = readYamlFile(feedsFile, FeedsFileSchema);
  return { feeds, watchlists: loadWatchlists(join(dir, 'watchlists')) };
}

/** Loads one watchlist file, or every `*.yaml` / `*.yml` in a folder (sorted by name). */
export function loadWatchlists(fileOrDir: string): Watchlist[] {
  if (!existsSync(fileOrDir)) throw new WatchlistError(`${fileOrDir}: not found`);
  const files = /\.ya?ml$/.test(fileOrDir)
    ? [fileOrDir]
    : readdirSync(fileOrDir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => join(fileOrDir, f));
  if (files.length === 0) throw new WatchlistError(`${fileOrDir}: no watchlist files (*.yaml)`);
  const problems: string[] = [];
  const watchlists: Watchlist[] = [];
  const ids = new Map<string, string>();
  for (const file of files) {
    try {
      const watchlist = readYamlFile(file, WatchlistSchema, WatchlistError);
      const other = ids.get(watchlist.id);
      if (other) problems.push(`${file}:1: id: "${watchlist.id}" is already used by ${other}`);
      ids.set(watchlist.id, file);
      watchlists.push(watchlist);
    } catch (err) {
      if (!(err instanceof WatchlistError)) throw err;
      problems.push(err.message);
    }
  }
  if (problems.length > 0) throw new WatchlistError(problems.join('\n'));
  return watchlists;
}

const AppConfigSchema = z.object({ feeds: z.array(FeedConfigSchema), watchlists: z.array(WatchlistSchema) });

/**
 * Reads the configuration bundled into a Lambda function at synth time (`NEWSALERT_CONFIG`).
 * It was validated at synth; this re-checks the shape so a hand-edited value fails clearly.
 */
export function parseConfigJson(json: string | undefined, source = 'NEWSALERT_CONFIG'): AppConfig {
  if (!json) throw new ConfigError(`${source}: not set (the stack bundles config/ into the poll function)`);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (cause) {
    throw new ConfigError(`${source}: not valid JSON`, { cause });
  }
  const result = AppConfigSchema.safeParse(value);
  if (!result.success) throw new ConfigError(`${source}: ${result.error.issues[0]?.path.join('.')}: ${result.error.issues[0]?.message}`);
  return result.data;
}
