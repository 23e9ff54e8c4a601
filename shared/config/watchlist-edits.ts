import { parseDocument, stringify } from 'yaml';
import { WatchlistError } from '../errors';
import type { ConfigEntry, ConfigRepository } from '../store/config-repository';
import { WatchlistSchema } from '../watchlists/watchlist';
import { systemClock, type Clock } from './clock';
import { diffConfig } from './config-diff';
import { isEnabled, withEnabled } from './watchlist-enabled';
import { parseYaml } from './yaml-file';

/** The outcome of an edit: the version written, or none when nothing would change. */
export interface EditResult {
  /** The version written; undefined when the entry already was as asked. */
  written?: ConfigEntry;
  /** The version that ran before the edit, if any. */
  previous?: ConfigEntry;
}

/**
 * The latest version of a watchlist.
 * @throws WatchlistError naming the id when the table has none
 */
export async function requireWatchlist(repo: ConfigRepository, id: string): Promise<ConfigEntry> {
  const current = await repo.latest('watchlist', id);
  if (!current || current.removed) {
    throw new WatchlistError(
      `watchlist ${id}: not found in table ${repo.tableName} (\`newsalert watchlists list\` shows the ids)`,
    );
  }
  return current;
}

/** The YAML of a version: the text it was applied from, else its body written as YAML. */
export function sourceOf(entry: ConfigEntry): string {
  return entry.source || stringify(entry.body);
}

/** Writes a new version whose content is that of version `to` (the trail keeps both). */
export async function rollbackWatchlist(
  repo: ConfigRepository,
  id: string,
  to: number,
  who: string,
  now: Clock = systemClock,
): Promise<EditResult> {
  const previous = await requireWatchlist(repo, id);
  const target = Number.isInteger(to) && to >= 1 ? await repo.getVersion('watchlist', id, to) : undefined;
  if (!target)
    throw new WatchlistError(
      `watchlist ${id}: no version ${to} (it has versions 1 to ${previous.version}; see \`newsalert watchlists history ${id}\`)`,
    );
  const changes = diffConfig(withEnabled(previous.body), withEnabled(target.body));
  if (changes.length === 0 && sourceOf(previous) === sourceOf(target)) return { previous };
  const written = await repo.commit({
    kind: 'watchlist',
    id,
    version: previous.version + 1,
    body: target.body,
    source: target.source,
    when: now().toISOString(),
    who,
    action: 'rollback',
    changes: [`back to version ${to}`, ...changes],
  });
  return { written, previous };
}

/**
 * Enables or disables a watchlist: a new version with `enabled` set in both the stored
 * object and its YAML text (comments kept), so `show` prints what runs.
 */
export async function setWatchlistEnabled(
  repo: ConfigRepository,
  id: string,
  enabled: boolean,
  who: string,
  now: Clock = systemClock,
): Promise<EditResult> {
  const previous = await requireWatchlist(repo, id);
  if (isEnabled(previous.body) === enabled) return { previous };
  const doc = parseDocument(sourceOf(previous));
  doc.set('enabled', enabled);
  const source = doc.toString();
  // Parsed back through the schema, so the stored object is exactly what the text says.
  const body = parseYaml(source, `watchlist ${id}`, WatchlistSchema, WatchlistError);
  const written = await repo.commit({
    kind: 'watchlist',
    id,
    version: previous.version + 1,
    body,
    source,
    when: now().toISOString(),
    who,
    action: enabled ? 'enable' : 'disable',
    changes: diffConfig(withEnabled(previous.body), withEnabled(body)),
  });
  return { written, previous };
}
