import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Watchlist } from '../watchlists/watchlist';
import { loadWatchlists } from './load-config';

/** A validated watchlist and the YAML text it came from. */
export interface WatchlistSource {
  watchlist: Watchlist;
  /** The file it was read from. */
  file: string;
  /** The file's text, stored with the watchlist so `show` prints what ops wrote. */
  text: string;
}

/**
 * Loads one watchlist file or a folder of them, validated by {@link loadWatchlists} (every
 * problem at once, as `file:line: field: message`), each with its source text.
 * @throws WatchlistError when any file is invalid: then nothing is returned
 */
export function loadWatchlistSources(fileOrDir: string): WatchlistSource[] {
  const watchlists = loadWatchlists(fileOrDir);
  // The texts are paired with the validated watchlists by id, not by position, so this
  // keeps working whatever order or grouping the loader uses.
  const byId = new Map<string, { file: string; text: string }>();
  for (const file of yamlFiles(fileOrDir)) {
    const text = readFileSync(file, 'utf8');
    const id = (parse(text) as { id?: unknown } | null)?.id;
    if (typeof id === 'string') byId.set(id, { file, text });
  }
  return watchlists.map((watchlist) => ({
    watchlist,
    ...(byId.get(watchlist.id) ?? { file: fileOrDir, text: '' }),
  }));
}

function yamlFiles(fileOrDir: string): string[] {
  if (!statSync(fileOrDir).isDirectory()) return [fileOrDir];
  return readdirSync(fileOrDir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(fileOrDir, f));
}
