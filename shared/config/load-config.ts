import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, WatchlistError } from '../errors';
import { FeedsFileSchema } from '../feeds/feed-config';
import { WatchlistSchema, type Watchlist } from '../watchlists/watchlist';
import type { AppConfig } from './app-config';
import { readYamlFile } from './yaml-file';

export type { AppConfig } from './app-config';

/**
 * Loads `<dir>/feeds.yaml` and every `<dir>/watchlists/*.yaml`. Throws a ConfigError listing
 * every problem as `file:line: field: message`.
 */
export function loadConfig(dir: string): AppConfig {
  const feedsFile = join(dir, 'feeds.yaml');
  if (!existsSync(feedsFile))
    throw new ConfigError(
      `${feedsFile}: not found (pass the folder holding feeds.yaml: --config DIR, or -c configDir=DIR to cdk)`,
    );
  const { feeds } = readYamlFile(feedsFile, FeedsFileSchema);
  return { feeds, watchlists: loadWatchlists(join(dir, 'watchlists')) };
}

/**
 * The largest watchlist file read. A watchlist is stored as its text and its parsed form in
 * one DynamoDB item (400 KB at most), and a file far larger takes seconds and gigabytes to
 * parse: it is refused by its size, before it is read. The default watchlist is 16 KB.
 */
export const MAX_WATCHLIST_BYTES = 128 * 1024;

/** What reading watchlist files found: the valid watchlists and every problem. */
export interface WatchlistFiles {
  /** The files read, in order. */
  files: string[];
  /** The valid watchlists, each with the file it came from. */
  entries: { file: string; watchlist: Watchlist }[];
  /** One line per problem: `file:line[:column]: field: message`. */
  problems: string[];
}

/**
 * Reads one watchlist file, or every `*.yaml` / `*.yml` in a folder (sorted by name), and
 * validates each: schema, rule syntax (with the column), references, unique ids across files.
 *
 * @throws WatchlistError only when the path is missing or holds no watchlist file
 */
export function readWatchlistFiles(fileOrDir: string): WatchlistFiles {
  if (!existsSync(fileOrDir)) throw new WatchlistError(`${fileOrDir}: not found`);
  const files = statSync(fileOrDir).isFile()
    ? [fileOrDir]
    : readdirSync(fileOrDir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => join(fileOrDir, f));
  if (files.length === 0) throw new WatchlistError(`${fileOrDir}: no watchlist files (*.yaml)`);
  const problems: string[] = [];
  const entries: WatchlistFiles['entries'] = [];
  const ids = new Map<string, string>();
  for (const file of files) {
    const size = statSync(file).size;
    if (size > MAX_WATCHLIST_BYTES) {
      problems.push(
        `${file}: ${(size / 1e6).toFixed(1)} MB, over the ${MAX_WATCHLIST_BYTES / 1024} KB limit of one watchlist file (it is stored with its parsed form in one DynamoDB item of at most 400 KB); split it into several watchlists`,
      );
      continue;
    }
    try {
      const watchlist = readYamlFile(file, WatchlistSchema, WatchlistError);
      const other = ids.get(watchlist.id);
      if (other) problems.push(`${file}:1: id: "${watchlist.id}" is already used by ${other}`);
      ids.set(watchlist.id, file);
      entries.push({ file, watchlist });
    } catch (err) {
      if (!(err instanceof WatchlistError)) throw err;
      problems.push(...err.message.split('\n'));
    }
  }
  return { files, entries, problems };
}

/**
 * Loads one watchlist file, or every `*.yaml` / `*.yml` in a folder (sorted by name).
 *
 * @throws WatchlistError listing every problem, one `file:line: field: message` per line
 */
export function loadWatchlists(fileOrDir: string): Watchlist[] {
  const { entries, problems } = readWatchlistFiles(fileOrDir);
  if (problems.length > 0) throw new WatchlistError(problems.join('\n'));
  return entries.map((e) => e.watchlist);
}
