import type { Subscription, SubscriptionDirectory } from '../alerts/subscriptions';
import { applyWatchlists, planWatchlists } from '../config/apply-watchlists';
import { addFeed, removeFeed } from '../config/feed-edits';
import { isEnabled } from '../config/watchlist-enabled';
import { requireWatchlist, rollbackWatchlist, sourceOf } from '../config/watchlist-edits';
import type { WatchlistSource } from '../config/watchlist-sources';
import { parseYaml } from '../config/yaml-file';
import { ConfigError, WatchlistError, describeError } from '../errors';
import { decodeBody } from '../feeds/decode-body';
import { fetchFeed } from '../feeds/fetch-feed';
import { parseFeed } from '../feeds/parse-feed';
import { backtestWatchlists, type BacktestHit } from '../pipeline/backtest-watchlists';
import type { ConfigEntry } from '../store/config-repository';
import { initialFeedState, type FeedState } from '../feeds/feed-state';
import type { Story } from '../stories/story';
import { compileMatcher, type Matcher } from '../watchlists/compile-matcher';
import { WatchlistSchema, type Watchlist } from '../watchlists/watchlist';
import type { ConsoleStores } from './console-stores';
import { tokenMatches } from './feed-tokens';
import type { FeedRow, HistoryVersion, Preview, PreviewStory, Problem, WatchlistRow } from './console-views';
import { lineDiff } from './line-diff';

export type { FeedRow, HistoryVersion, Preview, PreviewStory, Problem, WatchlistRow } from './console-views';
import { matchGroup, snippetParts, type MatchGroup } from './match-view';

/**
 * The console's one door to stored data. Every page and the Atom feed read and write through
 * this class, and it only calls the use cases the CLI calls (apply, rollback, backtest,
 * validation, feed edits): when the store or clustering changes shape, this file changes, not
 * the pages. Matches are grouped one story a group until clusters are stored.
 */
export interface ConsoleDataDeps extends ConsoleStores {
  /** Subscribers: the SNS topic in AWS, the local file locally. */
  subscriptions?: SubscriptionDirectory;
  /** May "check now" fetch feeds on 127.0.0.1 (local runs and tests only). @default false */
  allowLoopback?: boolean;
  /** @default () => new Date() */
  now?: () => Date;
}

/** Filters of the Matches page. */
export interface MatchFilter {
  since: Date;
  watchlist?: string;
  actor?: string;
  priority?: string;
  lang?: string;
  /** @default 100 */
  limit?: number;
}

/** The name validation gives an edited text: the file `watchlists validate` would name. */
export function sourceName(id: string | undefined): string {
  return `watchlists/${id ?? 'new'}.yaml`;
}

/** Stories listed per side of a preview. */
export const PREVIEW_LIST_MAX = 100;

const LOCATION = /^.*?:(\d+)(?::(\d+))?: /;
const STORY_CACHE_MS = 60_000;

/** See {@link ConsoleDataDeps}. */
export class ConsoleData {
  private readonly now: () => Date;
  // A preview is asked for on every pause in typing: the period's stories are read once a minute, not each time.
  private stories?: { key: string; at: number; stories: Promise<Story[]> };

  constructor(private readonly deps: ConsoleDataDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Matched developments, newest first, filtered as the Matches page asks. */
  async matches(filter: MatchFilter): Promise<MatchGroup[]> {
    const heads = await this.deps.config.listHeads('watchlist');
    const running = new Map(heads.filter((e) => !e.removed).map((e) => [e.id, e.body as Watchlist]));
    // One matcher per watchlist for the whole page: compiling is the expensive part.
    const matchers = new Map<string, Matcher | undefined>();
    const matcherOf = (id: string) => {
      if (!matchers.has(id)) {
        const w = running.get(id);
        matchers.set(id, w ? compileMatcher([w], { includeDisabled: true }) : undefined);
      }
      return matchers.get(id);
    };
    // Watchlists disabled or removed since keep their matches: list those too, as `matches list` does.
    const ids = filter.watchlist ? [filter.watchlist] : heads.map((e) => e.id);
    const limit = filter.limit ?? 100;
    const matches = (
      await Promise.all(ids.map((id) => this.deps.repository.listMatchesSince(id, filter.since, limit)))
    ).flat();
    return matches
      .filter(
        (m) =>
          (!filter.actor || m.actors.includes(filter.actor)) &&
          (!filter.priority || (m.priority ?? 'normal') === filter.priority) &&
          (!filter.lang || (m.story.lang ?? '').toLowerCase().startsWith(filter.lang.toLowerCase())),
      )
      .sort((a, b) => b.matchedAt.localeCompare(a.matchedAt))
      .slice(0, limit)
      .map((m) => matchGroup(m, matcherOf(m.watchlistId)));
  }

  /** The watchlists that run (removed ones left out). */
  async watchlists(): Promise<WatchlistRow[]> {
    const heads = (await this.deps.config.listHeads('watchlist')).filter((e) => !e.removed);
    return heads.map((e) => {
      const w = e.body as Watchlist;
      return {
        id: e.id,
        name: String(w.name ?? ''),
        version: e.version,
        enabled: isEnabled(e.body),
        updatedAt: e.when,
        updatedBy: e.who,
        action: e.action,
        actors: (w.actors ?? []).map((a) => ({ id: a.id, name: a.name })),
      };
    });
  }

  /** One watchlist as it runs: its YAML and version. */
  async watchlist(id: string): Promise<{ id: string; version: number; enabled: boolean; source: string }> {
    const entry = await requireWatchlist(this.deps.config, id);
    return { id, version: entry.version, enabled: isEnabled(entry.body), source: sourceOf(entry) };
  }

  /** Every version of a watchlist, newest first, each with its diff against the one before. */
  async history(id: string): Promise<HistoryVersion[]> {
    await requireWatchlist(this.deps.config, id);
    const versions = await this.deps.config.history('watchlist', id);
    return versions
      .map((e, i) => ({
        version: e.version,
        when: e.when,
        who: e.who,
        action: e.action,
        changes: e.changes,
        diff: lineDiff(i > 0 ? sourceOf(versions[i - 1]!) : '', sourceOf(e)),
      }))
      .reverse();
  }

  /**
   * Validates an edited watchlist with the parser and schema of `watchlists validate`.
   * @returns the watchlist, or every problem with its line and column
   */
  validate(text: string, id?: string): { watchlist?: Watchlist; problems: Problem[] } {
    try {
      return { watchlist: parseYaml(text, sourceName(id), WatchlistSchema, WatchlistError), problems: [] };
    } catch (err) {
      if (!(err instanceof WatchlistError)) throw err;
      return {
        problems: err.message.split('\n').map((line) => {
          const at = LOCATION.exec(line);
          return { text: line, line: Number(at?.[1] ?? 1), ...(at?.[2] ? { column: Number(at[2]) } : {}) };
        }),
      };
    }
  }

  private parsed(text: string, id?: string): Watchlist {
    const { watchlist, problems } = this.validate(text, id);
    if (!watchlist) throw new WatchlistError(problems.map((p) => p.text).join('\n'));
    return watchlist;
  }

  /** The backtest of `watchlists backtest`, on an edited text, over the stories fetched since `since`. */
  async preview(text: string, since: Date, id?: string): Promise<Preview> {
    const started = performance.now();
    const edited = this.parsed(text, id);
    const entry = await this.deps.config.latest('watchlist', edited.id);
    const running = new Map<string, Watchlist>();
    if (entry && !entry.removed) running.set(edited.id, entry.body as Watchlist);
    const stories = await this.storiesSince(since);
    const [result] = backtestWatchlists([edited], running, stories);
    return {
      watchlistId: edited.id,
      since: since.toISOString(),
      stories: stories.length,
      runningVersion: entry && !entry.removed ? entry.version : null,
      // Newest first, as the Matches page lists them; a rule change that drops thousands is told by the totals.
      added: result!.newlyMatching.slice(-PREVIEW_LIST_MAX).reverse().map(previewStory),
      addedTotal: result!.newlyMatching.length,
      dropped: result!.stopMatching.slice(-PREVIEW_LIST_MAX).reverse().map(previewStory),
      droppedTotal: result!.stopMatching.length,
      still: result!.stillMatching,
      tookMs: Math.round(performance.now() - started),
    };
  }

  private storiesSince(since: Date): Promise<Story[]> {
    // Periods are named relative to now: a key to the minute keeps one scan per minute and period.
    const key = since.toISOString().slice(0, 16);
    const at = this.now().getTime();
    if (!this.stories || this.stories.key !== key || at - this.stories.at > STORY_CACHE_MS) {
      const stories = this.deps.repository.scanStoriesSince(since);
      this.stories = { key, at, stories };
      stories.catch(() => (this.stories = undefined));
    }
    return this.stories.stories;
  }

  /**
   * Applies an edited watchlist as `watchlists apply` does: the same plan and the same write,
   * a new version recorded with `who`.
   * @param baseVersion the version the edit started from: if another was applied since, nothing is written
   */
  async apply(
    text: string,
    who: string,
    baseVersion?: number,
    id?: string,
  ): Promise<{ id: string; status: string; version: number; changes: string[] }> {
    const watchlist = this.parsed(text, id);
    const source: WatchlistSource = { watchlist, file: sourceName(watchlist.id), text };
    const [plan] = await planWatchlists(this.deps.config, [source]);
    if (baseVersion !== undefined && plan!.fromVersion !== undefined && plan!.fromVersion !== baseVersion)
      throw new ConfigError(
        `watchlist ${watchlist.id}: version ${plan!.fromVersion} was applied since you opened version ${baseVersion}; reload it and apply your edit again`,
      );
    if (plan!.status === 'unchanged')
      return { id: watchlist.id, status: 'unchanged', version: plan!.fromVersion!, changes: [] };
    const [written] = await applyWatchlists(this.deps.config, [plan!], who, this.now);
    return { id: watchlist.id, status: plan!.status, version: written!.version, changes: written!.changes };
  }

  /** `watchlists rollback`: the content of version `to` becomes a new version. */
  async rollback(
    id: string,
    to: number,
    who: string,
  ): Promise<{ version: number | null; changes: string[] }> {
    const { written } = await rollbackWatchlist(this.deps.config, id, to, who, this.now);
    return { version: written?.version ?? null, changes: written?.changes ?? [] };
  }

  /** Feeds that are polled, with how their polling goes. */
  async feeds(): Promise<FeedRow[]> {
    const heads = (await this.deps.config.listHeads('feed')).filter((e) => !e.removed);
    const states = await this.deps.repository.getFeedStates(heads.map((e) => e.id));
    return heads.map((e) => feedRow(e, states.get(e.id)));
  }

  /** `feeds add`: validated with the feed schema of feeds.yaml. */
  async addFeed(
    fields: Record<string, unknown>,
    who: string,
  ): Promise<{ id: string; version: number | null }> {
    const { written } = await addFeed(this.deps.config, fields, who, this.now);
    return { id: String(fields.id), version: written?.version ?? null };
  }

  /** Stops polling a feed (`feeds remove`: its history and stories stay; `feeds add` brings it back). */
  async disableFeed(id: string, who: string): Promise<{ id: string; version: number | null }> {
    const { written } = await removeFeed(this.deps.config, id, who, this.now);
    return { id, version: written?.version ?? null };
  }

  /**
   * Fetches and parses a feed now, as `feeds check` does, and makes it due, so the next cycle
   * polls it whatever its backoff. Nothing is stored from the check itself: storing and
   * alerting stay the pipeline's.
   */
  async checkFeed(id: string): Promise<{ id: string; ok: boolean; stories: number; error?: string }> {
    const entry = await this.deps.config.latest('feed', id);
    if (!entry || entry.removed)
      throw new ConfigError(
        `feed ${id}: not found in table ${this.deps.repository.tableName} (the Feeds page lists the ids)`,
      );
    const url = String(entry.body.url);
    let result: { id: string; ok: boolean; stories: number; error?: string };
    try {
      const fetched = await fetchFeed(url, {}, { allowLoopback: this.deps.allowLoopback === true });
      if (fetched.status !== 'ok')
        throw new Error('the server answered 304 Not Modified to an unconditional request');
      const decoded = decodeBody(fetched.body, fetched.contentType);
      const feed = await parseFeed(decoded.text, { feedId: id, url, fetchedAt: this.now().toISOString() });
      result = { id, ok: true, stories: feed.stories.length };
    } catch (err) {
      result = { id, ok: false, stories: 0, error: describeError(err) };
    }
    const state = (await this.deps.repository.getFeedState(id)) ?? initialFeedState(id, url);
    await this.deps.repository.putFeedState({ ...state, nextCheckAt: this.now().toISOString() });
    return result;
  }

  /** Who gets what. */
  async subscribers(): Promise<Subscription[]> {
    return this.deps.subscriptions ? this.deps.subscriptions.list() : [];
  }

  /** The Atom feed token of a watchlist (made on first use), or a new one. */
  async feedToken(id: string, who: string, rotate = false): Promise<string> {
    await requireWatchlist(this.deps.config, id);
    return (rotate ? await this.deps.tokens.rotate(id, who) : await this.deps.tokens.getOrCreate(id, who))
      .token;
  }

  /**
   * The groups of the Atom feed of a watchlist, when `token` is its token; undefined
   * otherwise (no such watchlist, no token made yet, or a wrong one), which the server
   * answers with 404 so a guess learns nothing.
   */
  async atomGroups(
    id: string,
    token: string | undefined,
    since: Date,
  ): Promise<{ name: string; groups: MatchGroup[] } | undefined> {
    const stored = await this.deps.tokens.get(id);
    if (!stored || !tokenMatches(stored.token, token)) return undefined;
    const entry = await this.deps.config.latest('watchlist', id);
    const groups = await this.matches({ since, watchlist: id, limit: 100 });
    return { name: String(entry?.body.name ?? id), groups };
  }
}

function previewStory({ story, hit }: BacktestHit): PreviewStory {
  return {
    storyId: story.id,
    feedId: story.feedId,
    title: story.title,
    link: story.link,
    fetchedAt: story.fetchedAt,
    actors: hit.actors,
    terms: hit.terms,
    priority: hit.priority ?? 'normal',
    snippet: hit.hits ? snippetParts(story, hit.hits) : [{ text: story.title, hit: false }],
  };
}

function feedRow(e: ConfigEntry, state: FeedState | undefined): FeedRow {
  const s: Partial<FeedState> = state ?? {};
  const interval =
    s.lastCheckedAt && s.nextCheckAt
      ? Math.max(0, Math.round((Date.parse(s.nextCheckAt) - Date.parse(s.lastCheckedAt)) / 60_000))
      : null;
  return {
    id: e.id,
    url: String(e.body.url),
    name: String(e.body.name ?? e.id),
    lang: typeof e.body.lang === 'string' ? e.body.lang : undefined,
    version: e.version,
    status: state ? (s.status ?? 'ok') : 'never polled',
    lastCheckedAt: s.lastCheckedAt ?? null,
    lastSuccessAt: s.lastSuccessAt ?? null,
    lastError: s.lastError ?? null,
    errorCount: s.errorCount ?? 0,
    nextCheckAt: s.nextCheckAt ?? null,
    intervalMinutes: interval,
    storiesSeen: s.storiesSeen ?? 0,
  };
}
