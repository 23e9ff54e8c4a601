// The console API's JSON: what the server sends and the pages read. Plain shapes without
// imports, so the browser app (web/) type-checks against the same declarations.

/** One line of a diff: kept (' '), removed ('-') or added ('+'). */
export interface DiffLine {
  op: ' ' | '-' | '+';
  text: string;
}

/** A piece of a snippet: plain text, or a hit to highlight. */
export interface SnippetPart {
  text: string;
  hit: boolean;
}

/** One part of a rule and whether it held on the story, for the "why it matched" panel. */
export interface RulePart {
  rule: string;
  holds: boolean;
  /** 0 for the rule's top-level parts, 1 for theirs. */
  depth: number;
}

/** One report of a development: the alerting one, or another outlet's. */
export interface MatchSource {
  storyId: string;
  feedId: string;
  title: string;
  link: string;
  lang?: string;
  publishedAt: string;
}

/**
 * What the console shows for one development matched by one watchlist. The shape is the
 * cluster's: until stories are clustered, a group holds one story and `clusterId` is its id.
 */
export interface MatchGroup {
  /** The development's id; the story id while matches are not clustered. */
  clusterId: string;
  watchlistId: string;
  watchlistName: string;
  /** The alerting report's headline, link, source and language. */
  headline: string;
  link: string;
  source: string;
  lang?: string;
  publishedAt: string;
  /** When the first report matched. */
  matchedAt: string;
  /** When the group last changed (a report joined, the priority rose); the Atom entry's `updated`. */
  updatedAt: string;
  priority: string;
  priorityReasons: string[];
  actors: string[];
  terms: string[];
  snippet: SnippetPart[];
  /** The rule's parts with their value, under the watchlist as it runs now. */
  ruleParts: RulePart[];
  /** Every report of the development, the alerting one first. */
  sources: MatchSource[];
}

/** A watchlist row of the Watchlists page. */
export interface WatchlistRow {
  id: string;
  name: string;
  version: number;
  enabled: boolean;
  updatedAt: string;
  updatedBy: string;
  action: string;
  actors: { id: string; name: string }[];
}

/** One version in a watchlist's history, with its diff against the version before. */
export interface HistoryVersion {
  version: number;
  when: string;
  who: string;
  action: string;
  changes: string[];
  diff: DiffLine[];
}

/** A problem of an edited watchlist, as `watchlists validate` prints it, and where it is. */
export interface Problem {
  /** The whole line: `file:line[:column]: field: message`. */
  text: string;
  line: number;
  column?: number;
}

/** A story of the backtest preview, with why it would (or did) match. */
export interface PreviewStory {
  storyId: string;
  feedId: string;
  title: string;
  link: string;
  fetchedAt: string;
  actors: string[];
  terms: string[];
  priority: string;
  snippet: SnippetPart[];
}

/** What an edited watchlist would have changed over the stored stories of a period. */
export interface Preview {
  watchlistId: string;
  since: string;
  stories: number;
  runningVersion: number | null;
  /** The first `PREVIEW_LIST_MAX` stories it would add (all are counted in `addedTotal`). */
  added: PreviewStory[];
  addedTotal: number;
  /** The first `PREVIEW_LIST_MAX` stories it would drop (all are counted in `droppedTotal`). */
  dropped: PreviewStory[];
  droppedTotal: number;
  still: number;
  /** Time the scan and the two matchers took, in ms. */
  tookMs: number;
}

/** A feed row of the Feeds page. */
export interface FeedRow {
  id: string;
  url: string;
  name: string;
  lang?: string;
  version: number;
  status: string;
  lastCheckedAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  errorCount: number;
  nextCheckAt: string | null;
  /** Minutes between the last check and the next one: the interval, backoff included. */
  intervalMinutes: number | null;
  storiesSeen: number;
}
