import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../errors';
import { mapLimit } from '../util/map-limit';
import { FeedConfigSchema } from '../feeds/feed-config';
import type { ConfigRepository } from '../store/config-repository';
import type { ConfigKind } from '../store/key-schema';
import { WatchlistSchema } from '../watchlists/watchlist';
import type { AppConfig } from './app-config';
import { systemClock, type Clock } from './clock';
import { diffConfig } from './config-diff';
import { loadConfig } from './load-config';
import { loadWatchlistSources } from './watchlist-sources';

/** config/ as seeded into the table: the validated config plus each watchlist's YAML text. */
export interface SeedConfig extends AppConfig {
  /** Watchlist id -> the YAML text it was read from. */
  watchlistSources?: Record<string, string>;
}

/** The JSON shape of a {@link SeedConfig} baked into the seed function. */
export const SeedConfigSchema = z.object({
  feeds: z.array(FeedConfigSchema),
  watchlists: z.array(WatchlistSchema),
  watchlistSources: z.record(z.string(), z.string()).optional(),
});

/**
 * Reads the config/ baked into the seed function at synth (`NEWSALERT_CONFIG`). It was
 * validated at synth; this re-checks the shape so a hand-edited value fails clearly.
 */
export function parseSeedConfigJson(json: string | undefined, source = 'NEWSALERT_CONFIG'): SeedConfig {
  if (!json) throw new ConfigError(`${source}: not set (the stack bakes config/ into the seed function)`);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (cause) {
    throw new ConfigError(`${source}: not valid JSON`, { cause });
  }
  const result = SeedConfigSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    // A rule's syntax error carries where in the rule it is.
    const offset = (issue as { params?: { offset?: unknown } }).params?.offset;
    const column = typeof offset === 'number' ? ` (column ${offset + 1})` : '';
    throw new ConfigError(`${source}: ${issue.path.join('.')}: ${issue.message}${column}`);
  }
  return result.data;
}

/** Loads `<dir>/feeds.yaml` and `<dir>/watchlists/` with the watchlists' source texts. */
export function loadSeedConfig(dir: string): SeedConfig {
  const config = loadConfig(dir);
  const watchlistSources: Record<string, string> = {};
  for (const s of loadWatchlistSources(join(dir, 'watchlists'))) watchlistSources[s.watchlist.id] = s.text;
  return { ...config, watchlistSources };
}

/** Entries seeded at once: the writes of a first run over a thousand feeds, without a burst. */
const SEED_CONCURRENCY = 16;

/** What seeding did with one entry. */
export interface SeedOutcome {
  kind: ConfigKind;
  id: string;
  /**
   * `added`: the table never had it. `kept`: the table's version runs and equals config/.
   * `differs`: the table's version runs and differs from config/ (edited at run time, or
   * config/ edited since): seeding never overwrites, `watchlists apply` does.
   * `removed`: removed at run time; seeding does not bring it back.
   */
  outcome: 'added' | 'kept' | 'differs' | 'removed';
}

/**
 * Seeds config/ into the table: each watchlist and feed the table has never had becomes
 * version 1. Entries the table has (including removed ones) are never touched, so edits
 * made at run time survive every deploy and every `newsalert run`.
 */
export async function seedConfig(
  repo: ConfigRepository,
  config: SeedConfig,
  who: string,
  now: Clock = systemClock,
): Promise<SeedOutcome[]> {
  const when = now().toISOString();
  const entries = [
    ...config.feeds.map((feed) => ({ kind: 'feed' as const, id: feed.id, body: feed, source: undefined })),
    ...config.watchlists.map((w) => ({
      kind: 'watchlist' as const,
      id: w.id,
      body: w,
      source: config.watchlistSources?.[w.id],
    })),
  ];
  // One read of every head, then writes only for what the table lacks: a store seeded before
  // (every `newsalert run`, every deploy) costs one query, not a conditional write per entry.
  // A head a crash left behind its latest version is moved forward by the entry's next write.
  const heads = new Map((await repo.listHeads()).map((h) => [`${h.kind}\n${h.id}`, h]));
  return mapLimit(entries, SEED_CONCURRENCY, async ({ kind, id, body, source }): Promise<SeedOutcome> => {
    let current = heads.get(`${kind}\n${id}`);
    if (!current) {
      const added = await repo.seed({
        kind,
        id,
        version: 1,
        body,
        source,
        when,
        who,
        action: 'seed',
        changes: ['seeded from config/'],
      });
      if (added) return { kind, id, outcome: 'added' };
      current = await repo.latest(kind, id);
    }
    if (current?.removed) return { kind, id, outcome: 'removed' };
    return { kind, id, outcome: current && diffConfig(current.body, body).length > 0 ? 'differs' : 'kept' };
  });
}
