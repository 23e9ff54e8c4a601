import { BaseProvider } from '@aws-lambda-powertools/parameters/base';
import { StoreError, describeError } from '../errors';
import type { FeedConfig } from '../feeds/feed-config';
import type { ConfigRepository } from '../store/config-repository';
import { compileMatcher, type Matcher } from '../watchlists/compile-matcher';
import type { Watchlist } from '../watchlists/watchlist';
import type { AppConfig } from './app-config';
import { storedFeedProblem, storedWatchlistProblem } from './stored-config-check';
import { isEnabled } from './watchlist-enabled';

/**
 * How long a function keeps the configuration it read, in seconds. Half the 60 s within
 * which an applied change must take effect: a read just before the change is replaced well
 * in time, and a container still sees at most one read per 30 s of polling.
 */
export const CONFIG_MAX_AGE_SECONDS = 30;

/** The configuration that runs, as read from the table, with its compiled matcher. */
export interface RunningConfig extends AppConfig {
  /** Matches against the enabled watchlists only. */
  matcher: Matcher;
  /** Entries skipped because they no longer validate (e.g. written under an older schema). */
  problems: string[];
}

/**
 * Reads the running configuration: feeds not removed, watchlists not removed and enabled.
 * Each entry is checked again, so one stored under an older schema (or edited by hand) is
 * skipped and named in `problems` instead of stopping the whole poll.
 */
export async function readRunningConfig(repo: ConfigRepository): Promise<Omit<RunningConfig, 'matcher'>> {
  const feeds: FeedConfig[] = [];
  const watchlists: Watchlist[] = [];
  const problems: string[] = [];
  for (const entry of await repo.listHeads()) {
    if (entry.removed) continue;
    // Checked without zod (see stored-config-check.ts): it would be a quarter of the bundle.
    const problem =
      entry.kind === 'feed' ? storedFeedProblem(entry.body) : storedWatchlistProblem(entry.body);
    if (problem) problems.push(`${entry.kind} ${entry.id} v${entry.version}: ${problem}; skipped`);
    else if (entry.kind === 'feed') feeds.push(entry.body as unknown as FeedConfig);
    else if (isEnabled(entry.body)) watchlists.push({ actors: [], ...entry.body } as unknown as Watchlist);
  }
  return { feeds, watchlists, problems };
}

/** Options of {@link CachedConfig}. */
export interface CachedConfigOptions {
  /**
   * Seconds a read is reused before the table is read again.
   * @default CONFIG_MAX_AGE_SECONDS (30)
   */
  maxAgeSeconds?: number;
  /** Called when a read fails and the last good configuration is used instead. */
  onStaleRead?: (error: string) => void;
}

/** A Powertools Parameters provider whose one parameter is the running configuration. */
class TableConfigProvider extends BaseProvider {
  // Compiled on the first read, from what the table holds (not at load: an empty placeholder
  // would be thrown away at once, and cost a cold start the matcher's tables).
  private matcherKey?: string;
  private matcher?: Matcher;

  constructor(private readonly repo: ConfigRepository) {
    super({});
  }

  protected async _get(): Promise<RunningConfig> {
    const config = await readRunningConfig(this.repo);
    // Recompiled only when the watchlists changed: most reads find the same ones.
    const key = JSON.stringify(config.watchlists);
    if (!this.matcher || key !== this.matcherKey) {
      this.matcher = compileMatcher(config.watchlists);
      this.matcherKey = key;
    }
    return { ...config, matcher: this.matcher };
  }

  protected async _getMultiple(): Promise<undefined> {
    throw new Error('the running configuration is one parameter');
  }
}

/**
 * The running configuration with a cached read (Powertools Parameters, max age
 * {@link CONFIG_MAX_AGE_SECONDS}): built once per Lambda container, so warm invocations
 * reuse it and an applied change takes effect within a minute, without a redeploy.
 * When a read fails, the last good configuration keeps the pipeline polling.
 */
export class CachedConfig {
  private readonly provider: TableConfigProvider;
  private last?: RunningConfig;

  constructor(
    repo: ConfigRepository,
    private readonly options: CachedConfigOptions = {},
  ) {
    this.provider = new TableConfigProvider(repo);
  }

  /** The configuration, read from the table when the cached one is older than the max age. */
  async get(): Promise<RunningConfig> {
    try {
      this.last = (await this.provider.get('running-config', {
        maxAge: this.options.maxAgeSeconds ?? CONFIG_MAX_AGE_SECONDS,
      })) as RunningConfig;
      return this.last;
    } catch (err) {
      const cause = (err as Error).cause ?? err;
      if (!this.last)
        throw new StoreError(`cannot read the running configuration: ${describeError(cause)}`, { cause });
      this.options.onStaleRead?.(describeError(cause));
      return this.last;
    }
  }
}
