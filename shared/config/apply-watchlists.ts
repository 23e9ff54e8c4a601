import type { ConfigEntry, ConfigRepository } from '../store/config-repository';
import { systemClock, type Clock } from './clock';
import { diffConfig } from './config-diff';
import { withEnabled } from './watchlist-enabled';
import { loadWatchlistSources, type WatchlistSource } from './watchlist-sources';

/** What applying one watchlist would do. */
export interface WatchlistPlan {
  id: string;
  file: string;
  status: 'new' | 'changed' | 'unchanged';
  /** The version that runs now, if any. */
  fromVersion?: number;
  /** One line per change against what runs. */
  changes: string[];
  source: WatchlistSource;
}

/** Compares validated watchlists with what runs, without writing anything (`--dry-run`). */
export async function planWatchlists(
  repo: ConfigRepository,
  sources: WatchlistSource[],
): Promise<WatchlistPlan[]> {
  return Promise.all(
    sources.map(async (source): Promise<WatchlistPlan> => {
      const { id } = source.watchlist;
      const current = await repo.latest('watchlist', id);
      const base = { id, file: source.file, source, fromVersion: current?.version };
      if (!current) return { ...base, status: 'new', changes: ['new watchlist'] };
      const changes = diffConfig(withEnabled(current.body), withEnabled(source.watchlist));
      if (current.removed) changes.unshift('restored');
      // Comments and layout do not change matching, but they are what ops keep in git.
      if (changes.length === 0 && (current.source ?? '') !== source.text)
        changes.push('source text only (comments or layout)');
      return { ...base, status: changes.length === 0 ? 'unchanged' : 'changed', changes };
    }),
  );
}

/**
 * Writes a new version of every new or changed watchlist of `plan`.
 * @throws ConfigConflictError when one was changed by someone else since the plan was made
 */
export async function applyWatchlists(
  repo: ConfigRepository,
  plan: WatchlistPlan[],
  who: string,
  now: Clock = systemClock,
): Promise<ConfigEntry[]> {
  const written: ConfigEntry[] = [];
  for (const p of plan) {
    if (p.status === 'unchanged') continue;
    written.push(
      await repo.commit({
        kind: 'watchlist',
        id: p.id,
        version: (p.fromVersion ?? 0) + 1,
        body: p.source.watchlist,
        source: p.source.text,
        when: now().toISOString(),
        who,
        action: 'apply',
        changes: p.changes,
      }),
    );
  }
  return written;
}

/** The outcome of {@link applyWatchlistFiles}. */
export interface ApplyResult {
  plan: WatchlistPlan[];
  /** The versions written (none on a dry run). */
  written: ConfigEntry[];
}

/**
 * `watchlists apply`: validates a watchlist file or folder (every problem at once), compares
 * it with what runs and, unless `dryRun`, writes the new versions. A file that fails
 * validation changes nothing, not even the valid files beside it.
 * @throws WatchlistError listing every problem as `file:line: field: message`
 */
export async function applyWatchlistFiles(
  repo: ConfigRepository,
  fileOrDir: string,
  who: string | (() => Promise<string>),
  options: { dryRun?: boolean; now?: Clock } = {},
): Promise<ApplyResult> {
  const plan = await planWatchlists(repo, loadWatchlistSources(fileOrDir));
  if (options.dryRun || plan.every((p) => p.status === 'unchanged')) return { plan, written: [] };
  const author = typeof who === 'string' ? who : await who();
  return { plan, written: await applyWatchlists(repo, plan, author, options.now) };
}
